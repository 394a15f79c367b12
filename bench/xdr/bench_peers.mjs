// bench_peers.mjs — decode throughput of the JavaScript peers on the same
// frames as bench_decode: @stellar/stellar-xdr-json decode() (Rust/WASM,
// XDR -> JSON string; its input is base64, prepared outside the timing) and
// @stellar/stellar-base xdr.<Type>.fromXDR(Buffer) (js-xdr, XDR -> objects).
// usage: node bench_peers.mjs NODE_MODULES FRAMES_FILE [SECONDS]
// prints: "<peer> MB/s <x> frames/s <y>" per peer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [modules, framesFile, secondsArg] = process.argv.slice(2);
const budget = Number(secondsArg || 3);
const xdrJsonDir = join(modules, '@stellar/stellar-xdr-json');
const xdrJson = await import(join(xdrJsonDir, 'stellar_xdr_json.js'));
xdrJson.initSync(readFileSync(join(xdrJsonDir, 'stellar_xdr_json_bg.wasm')));
const require = createRequire(join(modules, 'x.js'));
const { xdr } = require('@stellar/stellar-base');

const frames = readFileSync(framesFile, 'utf8').trim().split('\n').map((l) => {
  const [type, , b64] = l.split(' ');
  return { type, b64, raw: Buffer.from(b64, 'base64') };
});
const bytes = frames.reduce((n, f) => n + f.raw.length, 0);

function measure(name, decodeOne) {
  frames.forEach(decodeOne); // warm-up
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < budget) {
    frames.forEach(decodeOne);
    passes++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  console.log(`${name} MB/s ${(bytes * passes / elapsed / 1e6).toFixed(1)} frames/s ${(frames.length * passes / elapsed).toFixed(0)} passes ${passes} seconds ${elapsed.toFixed(2)}`);
}

measure('stellar-xdr-json', (f) => xdrJson.decode(f.type, f.b64));
measure('stellar-base', (f) => xdr[f.type].fromXDR(f.raw));
