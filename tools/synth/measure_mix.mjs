// measure_mix.mjs — measures the transaction mix and frame sizes of the real
// pubnet fixture ledgers (the numbers in DISTRIBUTION.md, which the
// generator's defaults follow), or of a captive-core meta stream that
// sluice-synth wrote, for the comparison.  Decodes with
// @stellar/stellar-xdr-json, independent of our codec.
//
// usage: node measure_mix.mjs PKGDIR FIXTURES_DIR
//        node measure_mix.mjs PKGDIR --stream FILE
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const [pkgDir, fixtures, streamFile] = process.argv.slice(2);
const pkg = await import(join(pkgDir, 'stellar_xdr_json.js'));
pkg.initSync(readFileSync(join(pkgDir, 'stellar_xdr_json_bg.wasm')));

// The pubnet ledgers among the fixtures (PROVENANCE.md), as raw LedgerCloseMeta.
const pubnet = [
  ['wallet-backend/ledger-51000294.xdr.gz', (b) => gunzipSync(b)],
  ['wallet-backend/ledger-63092988.xdr.gz', (b) => gunzipSync(b)],
  ['wallet-backend/ledger-63092996.xdr.gz', (b) => gunzipSync(b)],
  ['stellar-go/ttp-example/ledger-46154623.b64', (b) => Buffer.from(b.toString(), 'base64')],
];

// The raw frames: the fixtures, or the records of a meta stream
// ([uint32 big-endian 0x80000000 | length][length bytes] each).
function frames() {
  if (fixtures !== '--stream')
    return pubnet.map(([file, unpack]) => unpack(readFileSync(join(fixtures, file))));
  const data = readFileSync(streamFile), out = [];
  for (let pos = 0; pos + 4 <= data.length;) {
    const len = data.readUInt32BE(pos) & 0x7fffffff;
    out.push(data.subarray(pos + 4, pos + 4 + len));
    pos += 4 + len;
  }
  return out;
}

const txKinds = {}, opKinds = {};
let txs = 0, ops = 0, failed = 0, feeBumps = 0, soroban = 0;
const perLedger = [], frameBytes = [];
const bump = (m, k) => { m[k] = (m[k] || 0) + 1; };

// The envelope alone cannot tell adding a trustline from changing its limit.
function trustKind(op) {
  return BigInt(op.limit) === 0n ? 'change_trust_remove' : 'change_trust_add_or_update';
}

for (const raw of frames()) {
  frameBytes.push(raw.length);
  const lcm = JSON.parse(pkg.decode('LedgerCloseMeta', raw.toString('base64')));
  const body = lcm.v0 || lcm.v1 || lcm.v2;
  const envs = [];
  const set = body.tx_set;
  const phases = set.v1 ? set.v1.phases : [{ v0: [{ txset_comp_txs_maybe_discounted_fee: { txs: set.txs } }] }];
  for (const ph of phases) {
    if (ph.v0) for (const c of ph.v0) envs.push(...c.txset_comp_txs_maybe_discounted_fee.txs);
    if (ph.v1) for (const st of ph.v1.execution_stages) for (const cl of st) envs.push(...cl);
  }
  const byHash = new Map();
  for (const p of body.tx_processing) byHash.set(p.result.transaction_hash, p);
  perLedger.push(body.tx_processing.length);
  for (const p of body.tx_processing) {
    txs++;
    const code = Object.keys(p.result.result.result)[0];
    const isBump = code.startsWith('tx_fee_bump_inner');
    if (isBump) feeBumps++;
    const inner = isBump ? p.result.result.result[code].result.result : p.result.result.result;
    const innerCode = typeof inner === 'string' ? inner : Object.keys(inner)[0];
    if (code === 'tx_failed' || (isBump && code !== 'tx_fee_bump_inner_success') ||
        (typeof inner !== 'string' && innerCode !== 'tx_success' && isBump)) failed++;
    else if (code !== 'tx_success' && !isBump) failed++;
  }
  // Operation kinds from the envelopes (first operation decides the tx kind).
  for (const env of envs) {
    const t = env.tx ? env.tx.tx : env.tx_fee_bump ? env.tx_fee_bump.tx.inner_tx.tx.tx : env.tx_v0.tx;
    let first = null;
    t.operations.forEach((op, i) => {
      ops++;
      let kind = typeof op.body === 'string' ? op.body : Object.keys(op.body)[0];
      if (kind === 'payment') kind = op.body.payment.asset === 'native' ? 'payment_native' : 'payment_credit';
      if (kind === 'change_trust') kind = trustKind(op.body.change_trust);
      if (kind === 'invoke_host_function') soroban += i === 0 ? 1 : 0;
      bump(opKinds, kind);
      if (first === null) first = kind;
    });
    bump(txKinds, first);
  }
}

const pct = (n, d) => (100 * n / d).toFixed(1);
console.log(`ledgers ${perLedger.length}, transactions ${txs}, operations ${ops}`);
console.log(`transactions per ledger: ${perLedger.join(', ')} (mean ${(txs / perLedger.length).toFixed(0)})`);
const totalBytes = frameBytes.reduce((a, b) => a + b, 0);
if (frameBytes.length <= 8) console.log(`frame bytes: ${frameBytes.join(', ')}`);
console.log(`frame bytes: mean ${(totalBytes / frameBytes.length).toFixed(0)}, min ${Math.min(...frameBytes)}, ` +
            `max ${Math.max(...frameBytes)}; ${(totalBytes / txs).toFixed(0)} bytes per transaction, ` +
            `${(ops / txs).toFixed(2)} operations per transaction`);
console.log(`failed ${pct(failed, txs)}%, fee-bump ${pct(feeBumps, txs)}%, soroban ${pct(soroban, txs)}%`);
console.log('operations by kind (% of operations):');
for (const [k, n] of Object.entries(opKinds).sort((a, b) => b[1] - a[1]))
  console.log(`  ${k.padEnd(36)} ${String(n).padStart(5)}  ${pct(n, ops)}%`);
console.log('transactions by first operation (% of transactions):');
for (const [k, n] of Object.entries(txKinds).sort((a, b) => b[1] - a[1]))
  console.log(`  ${k.padEnd(36)} ${String(n).padStart(5)}  ${pct(n, txs)}%`);
