# tests/indexer/local.mk — tests of the indexer: every real fixture ledger
# (fees, lumen conservation, fee pool, determinism), the cross-check with
# @stellar/stellar-xdr-json, and the balance merge property test.

INDEXER_TEST_LDADD = core/libsluicecore.la $(ZSTD_LIBS) $(ZLIB_LIBS)
INDEXER_FRAME_SOURCES = tests/indexer/ledger_frames.c tests/indexer/ledger_frames.h \
	tests/xdr/xdr_fixtures.c tests/xdr/xdr_fixtures.h tests/testlib.h

check_PROGRAMS += tests/indexer/test_index_fixtures
tests_indexer_test_index_fixtures_SOURCES = tests/indexer/test_index_fixtures.c \
	tests/indexer/ledger_checks.h \
	tests/indexer/row_dump.c tests/indexer/row_dump.h $(INDEXER_FRAME_SOURCES)
tests_indexer_test_index_fixtures_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_index_fixtures

# token_transfers: rows derived from operations equal core's CAP-67 events;
# they sum to the net balance changes; mint/burn labels follow them.
check_PROGRAMS += tests/indexer/test_token_transfers
tests_indexer_test_token_transfers_SOURCES = tests/indexer/test_token_transfers.c \
	tests/indexer/ledger_checks.h tests/indexer/transfer_checks.h $(INDEXER_FRAME_SOURCES)
tests_indexer_test_token_transfers_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_token_transfers

# Cross-check with @stellar/stellar-xdr-json (uses tests/xdr/dump_frames).
TESTS += tests/indexer/crosscheck.sh
EXTRA_DIST += tests/indexer/crosscheck.sh tests/indexer/crosscheck.mjs
clean-local: clean-indexer-npm
clean-indexer-npm:
	rm -rf tests/indexer/npm
.PHONY: clean-indexer-npm

# Balance merge vs sequential application (property-based).
check_PROGRAMS += tests/indexer/test_merge
tests_indexer_test_merge_SOURCES = tests/indexer/test_merge.c tests/indexer/merge_property.h \
	$(INDEXER_FRAME_SOURCES)
tests_indexer_test_merge_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_merge

# ledger_key_of_entry against the keys stellar-core wrote (REMOVED changes,
# TTL key hashes), every entry type.
check_PROGRAMS += tests/indexer/test_ledger_key
tests_indexer_test_ledger_key_SOURCES = tests/indexer/test_ledger_key.c $(INDEXER_FRAME_SOURCES)
tests_indexer_test_ledger_key_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_ledger_key

# SHA-256 (both paths), strkeys, native asset contract id, store_xdr parsing.
check_PROGRAMS += tests/indexer/test_sha256_strkey
tests_indexer_test_sha256_strkey_SOURCES = tests/indexer/test_sha256_strkey.c tests/testlib.h
tests_indexer_test_sha256_strkey_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_sha256_strkey

# sha256_many, every implementation against the portable code.
check_PROGRAMS += tests/indexer/test_sha256_many
tests_indexer_test_sha256_many_SOURCES = tests/indexer/test_sha256_many.c tests/testlib.h
tests_indexer_test_sha256_many_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_sha256_many

# The indexer over 12,000 sluice-synth ledgers (V2 and V1): fees, lumens,
# fee pool, and the merge property over the whole range.
check_PROGRAMS += tests/indexer/test_synth_ledgers
tests_indexer_test_synth_ledgers_SOURCES = tests/indexer/test_synth_ledgers.c \
	tests/indexer/ledger_checks.h tests/indexer/merge_property.h tests/indexer/ledger_frames.h \
	tests/indexer/transfer_checks.h tests/testlib.h
tests_indexer_test_synth_ledgers_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_synth_ledgers

# Sponsors, claimants, host function addresses, revoke_sponsorship targets.
check_PROGRAMS += tests/indexer/test_participants
tests_indexer_test_participants_SOURCES = tests/indexer/test_participants.c $(INDEXER_FRAME_SOURCES)
tests_indexer_test_participants_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_participants

# State changes with before and after: rows asserted on fixture ledgers and
# on fixture operations with entries and events appended.
check_PROGRAMS += tests/indexer/test_state_changes
tests_indexer_test_state_changes_SOURCES = tests/indexer/test_state_changes.c $(INDEXER_FRAME_SOURCES)
tests_indexer_test_state_changes_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_state_changes

# TransactionMeta v0, v1, v3 (rewritten from the fixtures' v2) index alike.
check_PROGRAMS += tests/indexer/test_meta_versions
tests_indexer_test_meta_versions_SOURCES = tests/indexer/test_meta_versions.c \
	tests/indexer/row_dump.c tests/indexer/row_dump.h $(INDEXER_FRAME_SOURCES)
tests_indexer_test_meta_versions_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_meta_versions

# contract_events rows against the fixtures' meta (v3 and v4, diagnostic
# events off and on): counts, ids, topics and data round-trip, JSON.
check_PROGRAMS += tests/indexer/test_contract_events
tests_indexer_test_contract_events_SOURCES = tests/indexer/test_contract_events.c $(INDEXER_FRAME_SOURCES)
tests_indexer_test_contract_events_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_contract_events

# The token_transfers of trades no fixture holds (pool deposit, withdrawal,
# revocation, muxed and memo destinations), rewritten into fixture
# transactions.
check_PROGRAMS += tests/indexer/test_trade_transfers
tests_indexer_test_trade_transfers_SOURCES = tests/indexer/test_trade_transfers.c $(INDEXER_FRAME_SOURCES)
tests_indexer_test_trade_transfers_LDADD = $(INDEXER_TEST_LDADD)
TESTS += tests/indexer/test_trade_transfers
