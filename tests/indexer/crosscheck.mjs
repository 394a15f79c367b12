// crosscheck.mjs — the independent side of tests/indexer/crosscheck.sh:
// decodes every fixture frame with @stellar/stellar-xdr-json and prints,
// per ledger, "L name seq txs" and per transaction in apply order
// "T hash op_count types [inner=hash of a fee bump's inner transaction]", pairing txProcessing results with tx-set
// envelopes by hashes computed here (stellar-xdr-json re-encodes the
// transaction, node:crypto hashes it).
//
// usage: node crosscheck.mjs PKGDIR FRAMES_FILE
//   FRAMES_FILE: lines "TYPE NAME BASE64" (tests/xdr/dump_frames)
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [pkgDir, framesFile] = process.argv.slice(2);
const pkg = await import(join(pkgDir, 'stellar_xdr_json.js'));
pkg.initSync(readFileSync(join(pkgDir, 'stellar_xdr_json_bg.wasm')));

const PUBNET = 'Public Global Stellar Network ; September 2015';
const CORE_TEST = '(V) (;,,;) (V)';
// OperationType in enum order (Stellar-transaction.x).
const OP_TYPES = ['create_account', 'payment', 'path_payment_strict_receive', 'manage_sell_offer',
  'create_passive_sell_offer', 'set_options', 'change_trust', 'allow_trust', 'account_merge',
  'inflation', 'manage_data', 'bump_sequence', 'manage_buy_offer', 'path_payment_strict_send',
  'create_claimable_balance', 'claim_claimable_balance', 'begin_sponsoring_future_reserves',
  'end_sponsoring_future_reserves', 'revoke_sponsorship', 'clawback', 'clawback_claimable_balance',
  'set_trust_line_flags', 'liquidity_pool_deposit', 'liquidity_pool_withdraw',
  'invoke_host_function', 'extend_footprint_ttl', 'restore_footprint'];

const sha256 = (buf) => createHash('sha256').update(buf).digest();
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
const encode = (type, value) => Buffer.from(pkg.encode(type, JSON.stringify(value)), 'base64');

function txHash(networkId, env) {
  if (env.tx_v0) return sha256(Buffer.concat([networkId, u32(2), u32(0), encode('TransactionV0', env.tx_v0.tx)]));
  if (env.tx) return sha256(Buffer.concat([networkId, u32(2), encode('Transaction', env.tx.tx)]));
  return sha256(Buffer.concat([networkId, u32(5), encode('FeeBumpTransaction', env.tx_fee_bump.tx)]));
}

function operationsOf(env) {
  if (env.tx_v0) return env.tx_v0.tx.operations;
  if (env.tx) return env.tx.tx.operations;
  return env.tx_fee_bump.tx.inner_tx.tx.tx.operations;
}

function opType(op) {
  const name = typeof op.body === 'string' ? op.body : Object.keys(op.body)[0];
  const i = OP_TYPES.indexOf(name);
  if (i < 0) throw new Error(`unknown operation ${name}`);
  return i;
}

function envelopesOf(txSet) {
  if (txSet.txs) return txSet.txs;                  // TransactionSet (V0)
  const out = [];
  for (const phase of txSet.v1.phases) {
    if (phase.v0) for (const c of phase.v0) out.push(...c.txset_comp_txs_maybe_discounted_fee.txs);
    else for (const stage of phase.v1.execution_stages) for (const cluster of stage) out.push(...cluster);
  }
  return out;
}

for (const line of readFileSync(framesFile, 'utf8').trim().split('\n')) {
  const [type, name, b64] = line.split(' ');
  const networkId = sha256(Buffer.from(name.startsWith('stellar-core/') ? CORE_TEST : PUBNET));
  const value = JSON.parse(pkg.decode(type, b64));
  const metas = type === 'LedgerCloseMetaBatch' ? value.ledger_close_metas : [value];
  for (const lcm of metas) {
    const body = lcm.v0 || lcm.v1 || lcm.v2;
    const byHash = new Map();
    for (const env of envelopesOf(body.tx_set)) byHash.set(txHash(networkId, env).toString('hex'), env);
    const seq = body.ledger_header.header.ledger_seq;
    console.log(`L ${name} ${seq} ${body.tx_processing.length}`);
    for (const p of body.tx_processing) {
      const hash = p.result.transaction_hash;
      const env = byHash.get(hash);
      if (!env) { console.log(`T ${hash} missing`); continue; }
      const ops = operationsOf(env);
      const inner = env.tx_fee_bump
        ? ` inner=${sha256(Buffer.concat([networkId, u32(2), encode('Transaction', env.tx_fee_bump.tx.inner_tx.tx.tx)])).toString('hex')}`
        : '';
      console.log(`T ${hash} ${ops.length} ${ops.map(opType).join(',')}${inner}`);
    }
  }
}
