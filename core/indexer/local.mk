# core/indexer/local.mk — the indexer (LedgerCloseMeta -> rows of
# sluice/rows.h), the balance merge for catchup, strkeys and SHA-256.
core_libsluicecore_la_SOURCES += \
	core/stellar/strkey.c core/stellar/strkey.h \
	core/xdr/ledger_key.c core/xdr/ledger_key.h \
	core/indexer/indexer.c core/indexer/indexer.h core/indexer/ix_internal.h \
	core/indexer/emit.c core/indexer/emit.h \
	core/indexer/envelopes.c core/indexer/tx_rows.c core/indexer/ix_keys.c core/indexer/names.c \
	core/indexer/entry_changes.c core/indexer/balances.c core/indexer/state_changes.c core/indexer/events.c core/indexer/op_participants.c \
	core/indexer/transfers.c core/indexer/transfers_trades.c \
	core/indexer/transfer_events.c core/indexer/transfers_derive.c core/indexer/contract_events.c \
	core/indexer/state_rows.c core/indexer/signer_state.c core/indexer/sponsor_state.c core/indexer/contract_state.c \
	core/indexer/balance_merge.c core/indexer/balance_merge.h core/indexer/net_balances.c \
	core/indexer/row_vec.c core/indexer/row_vec.h \
	core/stellar/sha256.c core/stellar/sha256.h \
	core/stellar/sha256_many.c core/stellar/sha256_internal.h
EXTRA_DIST += doc/data-model.md
