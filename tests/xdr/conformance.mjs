// conformance.mjs — compares `sluice decode` JSON with @stellar/stellar-xdr-json
// for every real fixture frame, structurally (parsed JSON, key order ignored).
//
// usage: node conformance.mjs PKGDIR FRAMES_FILE SLUICE
//   PKGDIR       node_modules/@stellar/stellar-xdr-json of version 27.0.0
//   FRAMES_FILE  lines "TYPE NAME BASE64" (tests/xdr/dump_frames)
//   SLUICE       the sluice binary
//
// Normalisations applied before comparing: none are needed today; if one
// ever is, add it to NORMALISATIONS with the reason.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const [pkgDir, framesFile, sluice] = process.argv.slice(2);
const pkg = await import(join(pkgDir, 'stellar_xdr_json.js'));
pkg.initSync(readFileSync(join(pkgDir, 'stellar_xdr_json_bg.wasm')));

const NORMALISATIONS = [];

function normalise(value) {
  return NORMALISATIONS.reduce((v, f) => f(v), value);
}

// First difference between two parsed JSON values, as "path: a != b", or null.
function firstDifference(a, b, path) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null))
    return `${path}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${path}: array length ${a.length} != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && typeof a === 'object') {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys {${ka}} != {${kb}}`;
    for (const k of ka) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

const frames = readFileSync(framesFile, 'utf8').trim().split('\n').map((l) => {
  const [type, name, b64] = l.split(' ');
  return { type, name, b64 };
});
const byType = new Map();
for (const f of frames) {
  if (!byType.has(f.type)) byType.set(f.type, []);
  byType.get(f.type).push(f);
}

let passed = 0, failed = 0;
for (const [type, list] of byType) {
  const run = spawnSync(sluice, ['decode', '--type', type, '--input', 'base64', '-'], {
    input: list.map((f) => f.b64).join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(`FAIL: sluice decode --type ${type} exited ${run.status}: ${run.stderr}`);
    failed += list.length;
    continue;
  }
  const lines = run.stdout.trimEnd().split('\n');
  list.forEach((f, i) => {
    const expected = normalise(JSON.parse(pkg.decode(type, f.b64)));
    let diff;
    try {
      diff = firstDifference(normalise(JSON.parse(lines[i])), expected, type);
    } catch (e) {
      diff = `sluice output is not JSON: ${e}`;
    }
    if (diff) {
      failed++;
      if (failed <= 20) console.error(`FAIL: ${f.name}: ${diff}`);
    } else {
      passed++;
    }
  });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
