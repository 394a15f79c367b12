/* abi_check.c — version, size and layout checks of a plugin's descriptor,
 * and the core-sized copies of its structs (see abi_check.h). */
#include "config.h"

#include "host/abi_check.h"
#include "base/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAP_MAX 256

/* The sizes the structs had at x.0 of this major: a plugin declares at
 * least these, since a minor only appends. */
#define DESCRIPTOR_MIN SLUICE_SIZE_THROUGH(sluice_plugin_descriptor, sink)
#define SOURCE_OPS_MIN SLUICE_SIZE_THROUGH(sluice_source_ops, close)
#define SINK_OPS_MIN SLUICE_SIZE_THROUGH(sluice_sink_ops, ledger_chain)
#define CONFIG_KEY_MIN SLUICE_SIZE_THROUGH(sluice_config_key, description)
#define LAYOUT_MIN SLUICE_SIZE_THROUGH(sluice_abi_layout, balance_change_size)
/* Enough of a descriptor to read its major version (any version has it). */
#define VERSION_FIELDS_SIZE SLUICE_SIZE_THROUGH(sluice_plugin_descriptor, abi_major)

/* Copy the first declared bytes of a plugin's struct into a zeroed
 * core-sized one. */
static void copy_declared(void *core_copy, size_t core_size, const void *plugin, size_t declared)
{
    memset(core_copy, 0, core_size);
    memcpy(core_copy, plugin, declared < core_size ? declared : core_size);
}

static int version_is_supported(const sluice_plugin_descriptor *d, char *why, size_t size)
{
    if (d->abi_major < 3) {
        /* before 3.0 the word after abi_version was kind, not a minor */
        snprintf(why, size, "plugin was built for ABI version %u, this sluice has ABI version "
                 "%u.%u", d->abi_major, SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR);
        return -1;
    }
    if (d->abi_major != SLUICE_ABI_MAJOR || d->abi_minor > SLUICE_ABI_MINOR) {
        snprintf(why, size, "plugin was built for ABI version %u.%u, this sluice has ABI version "
                 "%u.%u (it loads plugins of %u.0 to %u.%u)", d->abi_major, d->abi_minor,
                 SLUICE_ABI_MAJOR, SLUICE_ABI_MINOR, SLUICE_ABI_MAJOR, SLUICE_ABI_MAJOR,
                 SLUICE_ABI_MINOR);
        return -1;
    }
    return 0;
}

/* One layout setting: equal, or for a row size (may_be_smaller) not larger. */
static int layout_matches(const char *what, uint32_t plugin, size_t core, bool may_be_smaller,
                          char *why, size_t size)
{
    if (plugin == core || (may_be_smaller && plugin < core))
        return 0;
    snprintf(why, size, "plugin was built with %s = %u, this sluice has %zu (%s)", what, plugin,
             core, may_be_smaller ? "a row may be smaller, not larger" : "they must be equal");
    return -1;
}

static int layout_is_compatible(const sluice_abi_layout *plugin, char *why, size_t size)
{
    if (!plugin || plugin->struct_size < LAYOUT_MIN) {
        snprintf(why, size, "the layout block is missing or %u bytes, at least %zu expected",
                 plugin ? plugin->struct_size : 0u, (size_t)LAYOUT_MIN);
        return -1;
    }
    sluice_abi_layout p;
    copy_declared(&p, sizeof p, plugin, plugin->struct_size);
    const sluice_abi_layout core = SLUICE_ABI_LAYOUT;
    const struct {
        const char *what;
        uint32_t plugin, core;
        bool may_be_smaller;
    } settings[] = {
        {"sizeof(void *)", p.pointer_size, core.pointer_size, false},
        {"sizeof(enum)", p.enum_size, core.enum_size, false},
        {"sizeof(bool)", p.bool_size, core.bool_size, false},
        {"SLUICE_STRKEY_SIZE", p.strkey_size, core.strkey_size, false},
        {"sizeof(sluice_ledger)", p.ledger_size, core.ledger_size, true},
        {"sizeof(sluice_transaction_row)", p.transaction_row_size, core.transaction_row_size, true},
        {"sizeof(sluice_operation_row)", p.operation_row_size, core.operation_row_size, true},
        {"sizeof(sluice_participant_row)", p.participant_row_size, core.participant_row_size, true},
        {"sizeof(sluice_state_change_row)", p.state_change_row_size, core.state_change_row_size,
         true},
        {"sizeof(sluice_balance_change)", p.balance_change_size, core.balance_change_size, true},
        {"sizeof(sluice_token_transfer_row)", p.token_transfer_row_size,
         core.token_transfer_row_size, true},
        {"sizeof(sluice_contract_event_row)", p.contract_event_row_size,
         core.contract_event_row_size, true},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
        if (layout_matches(settings[i].what, settings[i].plugin, settings[i].core,
                           settings[i].may_be_smaller, why, size) != 0)
            return -1;
    return 0;
}

/* A callback table of at least min_size declared bytes, copied. */
static int copy_ops(const void *plugin, size_t min_size, void *core_copy, size_t core_size,
                    const char *what, char *why, size_t size)
{
    uint32_t declared = plugin ? *(const uint32_t *)plugin : 0;
    if (!plugin || declared < min_size) {
        snprintf(why, size, "%s callback table is missing or %u bytes, at least %zu expected",
                 what, declared, min_size);
        return -1;
    }
    copy_declared(core_copy, core_size, plugin, declared);
    return 0;
}

/* The config map, element by element at the plugin's stride, up to its
 * terminator (bounded). */
static int copy_config_keys(const sluice_plugin_descriptor *d, plugin_abi_copy *out, char *why,
                            size_t size)
{
    if (!d->config_keys) {
        out->config_keys = xcalloc(1, sizeof *out->config_keys);
        return 0;
    }
    if (d->config_key_size < CONFIG_KEY_MIN) {
        snprintf(why, size, "config_key_size is %u, at least %zu expected", d->config_key_size,
                 (size_t)CONFIG_KEY_MIN);
        return -1;
    }
    const char *at = (const char *)d->config_keys;
    for (size_t count = 0; count <= CONFIG_MAP_MAX; count++, at += d->config_key_size) {
        if (((const sluice_config_key *)at)->name)
            continue;
        out->config_keys = xcalloc(count + 1, sizeof *out->config_keys);
        for (size_t i = 0; i < count; i++)
            copy_declared(&out->config_keys[i], sizeof out->config_keys[i],
                          (const char *)d->config_keys + i * d->config_key_size,
                          d->config_key_size);
        return 0;
    }
    snprintf(why, size, "config map has more than %d keys or no terminator", CONFIG_MAP_MAX);
    return -1;
}

int abi_copy_descriptor(const sluice_plugin_descriptor *plugin, plugin_abi_copy *out,
                        int *rebuild, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    *rebuild = 1;
    if (plugin->struct_size < VERSION_FIELDS_SIZE) {
        snprintf(why, why_size, "descriptor is %u bytes, too small to hold an ABI version",
                 plugin->struct_size);
        return -1;
    }
    if (version_is_supported(plugin, why, why_size) != 0)
        return -1;
    if (plugin->struct_size < DESCRIPTOR_MIN) {
        snprintf(why, why_size, "descriptor is %u bytes, ABI version %u.0 has %zu",
                 plugin->struct_size, SLUICE_ABI_MAJOR, (size_t)DESCRIPTOR_MIN);
        return -1;
    }
    sluice_plugin_descriptor *d = &out->descriptor;
    copy_declared(d, sizeof *d, plugin, plugin->struct_size);
    if (layout_is_compatible(d->layout, why, why_size) != 0)
        return -1;
    *rebuild = 0;
    if (d->kind == SLUICE_PLUGIN_SOURCE &&
        copy_ops(d->source, SOURCE_OPS_MIN, &out->source, sizeof out->source, "source", why,
                 why_size) != 0)
        return -1;
    if (d->kind == SLUICE_PLUGIN_SINK &&
        copy_ops(d->sink, SINK_OPS_MIN, &out->sink, sizeof out->sink, "sink", why,
                 why_size) != 0)
        return -1;
    if (copy_config_keys(plugin, out, why, why_size) != 0)
        return -1;
    d->source = d->kind == SLUICE_PLUGIN_SOURCE ? &out->source : NULL;
    d->sink = d->kind == SLUICE_PLUGIN_SINK ? &out->sink : NULL;
    d->config_keys = out->config_keys;
    return 0;
}

void abi_copy_free(plugin_abi_copy *copy)
{
    free(copy->config_keys);
    memset(copy, 0, sizeof *copy);
}
