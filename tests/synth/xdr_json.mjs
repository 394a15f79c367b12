// xdr_json.mjs — decodes every frame of a captive-core meta stream with
// @stellar/stellar-xdr-json and checks the JSON names the expected
// LedgerCloseMeta arm and consecutive ledger sequences.
//
// usage: node xdr_json.mjs PKGDIR STREAM_FILE META_VERSION
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [pkgDir, streamFile, version] = process.argv.slice(2);
const pkg = await import(join(pkgDir, 'stellar_xdr_json.js'));
pkg.initSync(readFileSync(join(pkgDir, 'stellar_xdr_json_bg.wasm')));

const data = readFileSync(streamFile);
let pos = 0, frames = 0, txs = 0, prevSeq = null, failed = 0;
while (pos < data.length) {
  const mark = data.readUInt32BE(pos);
  const len = mark & 0x7fffffff;
  const frame = data.subarray(pos + 4, pos + 4 + len);
  pos += 4 + len;
  try {
    const lcm = JSON.parse(pkg.decode('LedgerCloseMeta', frame.toString('base64')));
    const body = lcm[`v${version}`];
    if (!body) throw new Error(`not a v${version} LedgerCloseMeta`);
    const seq = body.ledger_header.header.ledger_seq;
    if (prevSeq !== null && seq !== prevSeq + 1) throw new Error(`ledger ${seq} follows ${prevSeq}`);
    prevSeq = seq;
    txs += body.tx_processing.length;
    frames++;
  } catch (e) {
    failed++;
    if (failed <= 10) console.error(`frame ${frames + failed}: ${e}`);
  }
}
console.log(`${frames} frames decoded (${txs} transactions), ${failed} failed`);
process.exit(failed === 0 && frames > 0 ? 0 : 1);
