#!/bin/sh
# consistency.sh — sluice-synth output checked by the independent verifier
# (tests/synth/synth_verify): 10,000 ledgers hash-chained, every transaction
# hash and balance movement recomputed (crossed offers and claimable
# balances included), liabilities following the offers, state consistent,
# every frame round-trips byte-identically; both LedgerCloseMeta shapes at the pubnet
# shape; same seed = same bytes; a damaged frame is caught.
. "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/testlib.sh"
synth=$TOP_BUILDDIR/sluice-synth
verify=$TOP_BUILDDIR/tests/synth/synth_verify
pubnet="Public Global Stellar Network ; September 2015"

# 10,000 ledgers (30 transactions each on average: 300k transactions)
check "generate 10,000 ledgers" "$synth" --ledgers 10000 --txs-per-ledger 30 --seed 7 \
    --stream "$WORK/long.xdr" --quiet
expect_exit 0 "verify 10,000 ledgers" "$verify" "$pubnet" --stream "$WORK/long.xdr"
expect_output "$WORK/out" "10000 ledgers 2..10001"
expect_output "$WORK/out" "0 inconsistencies"
check "10,000 ledgers cross offers, create and claim claimable balances, refund Soroban fees" \
    sh -c "! grep -E 'claimable balance 0[,;]|crossed 0,|refunds 0,|fee events 0,|classic events 0;' '$WORK/out'"

# the pubnet shape (with Soroban SAC calls), both meta versions, another network
for v in 1 2; do
    check "generate V$v" "$synth" --ledgers 150 --meta-version $v --seed 3 \
        --network-passphrase "Test SDF Network ; September 2015" --stream "$WORK/v$v.xdr" --quiet
    expect_exit 0 "verify V$v" "$verify" "Test SDF Network ; September 2015" --stream "$WORK/v$v.xdr"
    expect_output "$WORK/out" "0 inconsistencies"
    check "V$v has fee bumps, merges, trustlines, SAC calls, claimable balances, crossed offers, refunds" \
        sh -c "! grep -E ' 0 fee-bump|change trust 0,|merge 0,|invoke host function 0,|claimable balance 0[,;]|crossed 0,|refunds 0,' '$WORK/out'"
    [ $v = 1 ] || check "V2 has CAP-67 fee and classic events" sh -c "! grep -E 'fee events 0,|classic events 0;' '$WORK/out'"
done
# transaction hashes depend on the network: the pubnet passphrase must not match
expect_exit 1 "testnet ledgers are not pubnet ledgers" "$verify" "$pubnet" --stream "$WORK/v2.xdr"
expect_output "$WORK/err" "hash differs from SHA-256 of its signature payload"

# determinism
"$synth" --ledgers 150 --meta-version 2 --seed 3 --network-passphrase "Test SDF Network ; September 2015" \
    --stream "$WORK/again.xdr" --quiet
check "same seed, same bytes" cmp -s "$WORK/v2.xdr" "$WORK/again.xdr"
"$synth" --ledgers 150 --meta-version 2 --seed 4 --network-passphrase "Test SDF Network ; September 2015" \
    --stream "$WORK/other.xdr" --quiet
check "another seed, other bytes" sh -c "! cmp -s '$WORK/v2.xdr' '$WORK/other.xdr'"

# a damaged header hash (byte 20 of the first frame lies in ledgerHeader.hash)
cp "$WORK/v2.xdr" "$WORK/bad.xdr"
printf '\377' | dd of="$WORK/bad.xdr" bs=1 seek=20 conv=notrunc 2>/dev/null
expect_exit 1 "damaged header hash is caught" "$verify" "Test SDF Network ; September 2015" --stream "$WORK/bad.xdr"
expect_output "$WORK/err" "header hash is not SHA-256 of the header XDR"

# each kind of inconsistency is caught (tests/synth/synth_mutate damages one place)
mutate=$TOP_BUILDDIR/tests/synth/synth_mutate
while read -r kind message; do
    check "damage: $kind" "$mutate" "$kind" "$WORK/v2.xdr" "$WORK/$kind.xdr"
    expect_exit 1 "damage '$kind' is caught" "$verify" "Test SDF Network ; September 2015" --stream "$WORK/$kind.xdr"
    expect_output "$WORK/err" "$message"
done <<'DAMAGES'
payment balance changes do not match the operation
fee feeProcessing is not the fee source paying feeCharged
sequence txChangesBefore is not the sequence bump
trustline STATE of a recent account or trustline never created
resurrect STATE of an entry that was removed
sac balance changes do not match the operation
liabilities shows liabilities buying
crossed balance changes do not match the operation
balance-id claimable balance ID is not the hash of the operation ID
refund feeProcessing is not the fee source paying feeCharged
fee-event fee events charge
event the CAP-67 events do not move the balances
auth the authorization's nonce entry was not created
DAMAGES

finish
