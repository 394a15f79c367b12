/* bad_layout.c — a test plugin of this ABI version whose layout block says
 * it was built with another strkey size (as ABI 1 had, 57): the loader
 * must refuse it, naming the setting and both values. */
#include <sluice/plugin.h>

static const sluice_config_key no_keys[] = {SLUICE_CONFIG_END};

static const sluice_abi_layout layout_57 = {
    sizeof(sluice_abi_layout), sizeof(void *), sizeof(sluice_status), sizeof(bool),
    57, sizeof(sluice_ledger), sizeof(sluice_transaction_row), sizeof(sluice_operation_row),
    sizeof(sluice_participant_row), sizeof(sluice_state_change_row),
    sizeof(sluice_balance_change), sizeof(sluice_token_transfer_row),
    sizeof(sluice_contract_event_row),
};

SLUICE_PLUGIN_DESCRIPTOR = {
    .struct_size = sizeof(sluice_plugin_descriptor),
    .abi_major = SLUICE_ABI_MAJOR,
    .abi_minor = SLUICE_ABI_MINOR,
    .config_key_size = sizeof(sluice_config_key),
    .layout = &layout_57,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "badlayout",
    .version = "0",
    .description = "test plugin built with another strkey size",
    .config_keys = no_keys,
};
