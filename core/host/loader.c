/* loader.c — plugin lookup, permission vetting, dlopen and descriptor
 * validation (see loader.h). */
#include "config.h"

#include "host/loader.h"
#include "host/plugin_path.h"
#include "host/abi_check.h"
#include "config/config_values.h"
#include "base/xalloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PLUGIN_NAME_MAX 64

const char *plugin_kind_name(sluice_plugin_kind kind)
{
    switch (kind) {
    case SLUICE_PLUGIN_SOURCE:
        return "source";
    case SLUICE_PLUGIN_SINK:
        return "sink";
    }
    return "unknown";
}

/* One path component's ownership and mode, as StrictModes judges them. */
static int path_component_is_safe(const char *path, const struct stat *st, char *why,
                                  size_t size)
{
    uid_t me = geteuid();
    if (st->st_uid != 0 && st->st_uid != me) {
        snprintf(why, size, "%s is owned by uid %u, neither root nor the running user", path,
                 (unsigned)st->st_uid);
        return -1;
    }
    int sticky_root_dir = S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) && st->st_uid == 0;
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !sticky_root_dir) {
        snprintf(why, size, "%s is writable by %s (mode %04o)", path,
                 (st->st_mode & S_IWOTH) ? "others" : "its group",
                 (unsigned)(st->st_mode & 07777));
        return -1;
    }
    return 0;
}

int loader_path_is_safe(const char *path, char *why, size_t size)
{
    char current[PATH_MAX];
    snprintf(current, sizeof current, "%s", path);
    for (;;) {
        struct stat st;
        if (stat(current, &st) != 0) {
            snprintf(why, size, "cannot stat %s: %s", current, strerror(errno));
            return -1;
        }
        if (path_component_is_safe(current, &st, why, size) != 0)
            return -1;
        char *slash = strrchr(current, '/');
        if (!slash || slash == current) {
            if (strcmp(current, "/") == 0)
                return 0;
            snprintf(current, sizeof current, "/");
            continue;
        }
        *slash = '\0';
    }
}

static int name_is_valid(const char *name)
{
    if (!name || !*name || strlen(name) > PLUGIN_NAME_MAX)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

/* The config map (the core's terminated copy): every key named, typed and
 * with a valid default. */
static int config_map_is_valid(const sluice_config_key *keys, char *why, size_t size)
{
    for (size_t i = 0; keys[i].name; i++) {
        const sluice_config_key *key = &keys[i];
        char check[256];
        if (!name_is_valid(key->name) || !key->description) {
            snprintf(why, size, "config key #%zu has no valid name or description", i);
            return -1;
        }
        if (key->type == SLUICE_CONFIG_ENUM && !key->allowed) {
            snprintf(why, size, "config key '%s' is an enum without allowed values", key->name);
            return -1;
        }
        if (key->type < SLUICE_CONFIG_STRING || key->type > SLUICE_CONFIG_DURATION) {
            snprintf(why, size, "config key '%s' has unknown type %d", key->name, (int)key->type);
            return -1;
        }
        int bounded = key->type == SLUICE_CONFIG_INT || key->type == SLUICE_CONFIG_SIZE ||
                      key->type == SLUICE_CONFIG_DURATION;
        if (bounded && key->min > key->max) {
            snprintf(why, size, "config key '%s' has min %" PRId64 " above max %" PRId64,
                     key->name, key->min, key->max);
            return -1;
        }
        if ((key->flags & SLUICE_CONFIG_PLAIN_SECONDS) && key->type != SLUICE_CONFIG_DURATION) {
            snprintf(why, size, "config key '%s' has SLUICE_CONFIG_PLAIN_SECONDS but is not a "
                     "duration", key->name);
            return -1;
        }
        if (key->default_value &&
            config_value_check(key, key->default_value, check, sizeof check) != 0) {
            snprintf(why, size, "config key '%s' has an invalid default: %s", key->name, check);
            return -1;
        }
    }
    return 0;
}

/* The callback tables are the core's copies, of the declared size. */
static int source_ops_are_valid(const sluice_source_ops *ops, char *why, size_t size)
{
    const char *missing = !ops->open ? "open" : !ops->prepare ? "prepare"
                        : !ops->next ? "next" : !ops->close ? "close" : NULL;
    if (missing) {
        snprintf(why, size, "required source callback '%s' is NULL", missing);
        return -1;
    }
    return 0;
}

static int sink_ops_are_valid(const sluice_sink_ops *ops, char *why, size_t size)
{
    const char *missing = !ops->open ? "open" : !ops->lock ? "lock"
                        : !ops->cursor_get ? "cursor_get" : !ops->begin ? "begin"
                        : !ops->write_ledger ? "write_ledger"
                        : !ops->write_balances ? "write_balances"
                        : !ops->cursor_advance ? "cursor_advance"
                        : !ops->cursor_update_min ? "cursor_update_min"
                        : !ops->commit ? "commit" : !ops->rollback ? "rollback"
                        : !ops->gaps ? "gaps" : !ops->close ? "close" : NULL;
    if (missing) {
        snprintf(why, size, "required sink callback '%s' is NULL", missing);
        return -1;
    }
    return 0;
}

/* The core's copy of a descriptor that passed the ABI checks. */
static int descriptor_is_valid(const sluice_plugin_descriptor *d, sluice_plugin_kind expected,
                               char *why, size_t size)
{
    if (d->kind != SLUICE_PLUGIN_SOURCE && d->kind != SLUICE_PLUGIN_SINK) {
        snprintf(why, size, "descriptor kind %d is neither source (1) nor sink (2)", (int)d->kind);
        return -1;
    }
    if (expected && d->kind != expected) {
        snprintf(why, size, "it is a %s plugin, but a %s plugin is needed here",
                 plugin_kind_name(d->kind), plugin_kind_name(expected));
        return -1;
    }
    if (!name_is_valid(d->name) || !d->version || !d->description) {
        snprintf(why, size, "descriptor lacks a valid name ([a-z0-9_-], at most %d), version "
                 "or description", PLUGIN_NAME_MAX);
        return -1;
    }
    if (d->kind == SLUICE_PLUGIN_SOURCE ? source_ops_are_valid(d->source, why, size)
                                        : sink_ops_are_valid(d->sink, why, size))
        return -1;
    return config_map_is_valid(d->config_keys, why, size);
}

/* The ABI checks, the copies, the checks of the copy, then init(). */
static int descriptor_accept(const sluice_plugin_descriptor *plugin_descriptor,
                             sluice_plugin_kind expected_kind, const char *path,
                             plugin_abi_copy *copy, error_report *err)
{
    char why[512];
    int rebuild;
    if (abi_copy_descriptor(plugin_descriptor, copy, &rebuild, why, sizeof why) != 0 ||
        descriptor_is_valid(&copy->descriptor, expected_kind, why, sizeof why) != 0) {
        report_set(err, why, rebuild ? "Rebuild the plugin against this sluice's headers." : NULL,
                   "plugin %s is refused", path);
        return -1;
    }
    why[0] = '\0';
    if (copy->descriptor.init && copy->descriptor.init(why, sizeof why) != SLUICE_OK) {
        why[sizeof why - 1] = '\0';
        report_set(err, why[0] ? why : "it gave no reason", NULL,
                   "plugin %s is refused: its init failed", path);
        return -1;
    }
    return 0;
}

/* Unmaps a plugin's file.  Under AddressSanitizer the file stays mapped:
 * LeakSanitizer walks every thread's TLS vector at exit, and a vector that
 * still names a dlclose'd module's TLS block (a plugin's libcurl, TLS
 * library or zstd) intermittently crashes its tracer ("Tracer caught
 * signal 11", google/sanitizers#1353) — and a leak inside an unmapped
 * plugin could not be symbolized. */
static void unmap_plugin(void *handle)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)handle;
#else
    dlclose(handle);
#endif
}

int plugin_load_file(const char *path, sluice_plugin_kind expected_kind, loaded_plugin *out,
                     error_report *err)
{
    char why[PATH_MAX + 256];
    char resolved[PATH_MAX];
    memset(out, 0, sizeof *out);
    if (!realpath(path, resolved)) {
        report_set(err, strerror(errno), NULL, "cannot load plugin %s", path);
        return -1;
    }
    if (loader_path_is_safe(resolved, why, sizeof why) != 0) {
        report_set(err, why, "Make the plugin and its directories writable only by their "
                   "owner (root or the user running sluice).",
                   "refusing to load plugin %s: unsafe permissions", path);
        return -1;
    }
    dlerror();
    void *handle = dlopen(resolved, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *dl_message = dlerror();
        report_set(err, dl_message, "Is it a shared object built for this machine?",
                   "cannot load plugin %s", path);
        return -1;
    }
    const sluice_plugin_descriptor *descriptor = dlsym(handle, SLUICE_PLUGIN_SYMBOL);
    if (!descriptor) {
        report_set(err, "the file does not export the symbol '" SLUICE_PLUGIN_SYMBOL "'",
                   "Define the descriptor with SLUICE_PLUGIN_DESCRIPTOR from <sluice/plugin.h>.",
                   "%s is not a sluice plugin", path);
        unmap_plugin(handle);
        return -1;
    }
    plugin_abi_copy *copy = xcalloc(1, sizeof *copy);
    if (descriptor_accept(descriptor, expected_kind, path, copy, err) != 0) {
        abi_copy_free(copy);
        free(copy);
        unmap_plugin(handle);
        return -1;
    }
    out->path = xstrdup(path);
    out->handle = handle;
    out->copy = copy;
    out->descriptor = &copy->descriptor;
    return 0;
}

int plugin_load(const plugin_search_path *search, const char *name_or_path,
                sluice_plugin_kind expected_kind, loaded_plugin *out, error_report *err)
{
    char path[PATH_MAX];
    if (strchr(name_or_path, '/')) {
        if (name_or_path[0] != '/') {
            report_set(err, NULL, "Give a plugin name or an absolute path.",
                       "plugin path %s is relative", name_or_path);
            return -1;
        }
        snprintf(path, sizeof path, "%s", name_or_path);
    } else {
        if (!name_is_valid(name_or_path)) {
            report_set(err, "names use only a-z, 0-9, '_' and '-'", NULL,
                       "invalid plugin name '%s'", name_or_path);
            return -1;
        }
        char file_name[PLUGIN_NAME_MAX + 16], searched[2048], detail[2200];
        snprintf(file_name, sizeof file_name, "%s_%s.so", plugin_kind_name(expected_kind),
                 name_or_path);
        if (plugin_search_path_find(search, file_name, path, sizeof path) != 0) {
            plugin_search_path_describe(search, searched, sizeof searched);
            snprintf(detail, sizeof detail, "%s is in none of the directories searched: %s",
                     file_name, searched);
            report_set(err, detail, "Run 'sluice plugins' to list what is installed, "
                       "or add the plugin's directory to plugin_dir in [sluice].",
                       "no %s plugin '%s'", plugin_kind_name(expected_kind), name_or_path);
            return -1;
        }
    }
    if (plugin_load_file(path, expected_kind, out, err) != 0)
        return -1;
    if (!strchr(name_or_path, '/') && strcmp(out->descriptor->name, name_or_path) != 0) {
        report_set(err, NULL, NULL, "plugin %s calls itself '%s', not '%s'", path,
                   out->descriptor->name, name_or_path);
        plugin_unload(out);
        return -1;
    }
    return 0;
}

void plugin_unload(loaded_plugin *plugin)
{
    if (plugin->descriptor && plugin->descriptor->fini)
        plugin->descriptor->fini();
    if (plugin->copy) {
        abi_copy_free(plugin->copy);
        free(plugin->copy);
    }
    if (plugin->handle)
        unmap_plugin(plugin->handle);
    free(plugin->path);
    memset(plugin, 0, sizeof *plugin);
}
