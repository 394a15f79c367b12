/* FROZEN COPY of <sluice/config.h> as released at ABI 3.0 (see plugin.h here).
 *
 * sluice/config.h — the declarative config map a plugin (or the core) gives
 * for its INI section.
 *
 * One table per plugin, modelled on Fluent Bit's config maps: every key the
 * section accepts, with its type, default, allowed values and a one-line
 * description.  The core uses the same table to validate the file (unknown
 * keys, wrong types, out-of-range values, missing required keys), to fill in
 * defaults, to print "allowed keys are ..." and to generate the
 * documentation, so code and docs cannot drift.
 *
 * Ownership: the table and every string in it are static data of the
 * plugin; the core only reads them while the plugin is loaded.
 */
#ifndef SLUICE_CONFIG_H
#define SLUICE_CONFIG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sluice_config_type {
    SLUICE_CONFIG_STRING = 1, /* any text */
    SLUICE_CONFIG_INT = 2,    /* signed 64-bit decimal, within [min, max] */
    SLUICE_CONFIG_BOOL = 3,   /* true|false|yes|no|on|off|1|0 */
    SLUICE_CONFIG_ENUM = 4,   /* one of the '|'-separated words in allowed */
    SLUICE_CONFIG_LIST = 5,   /* comma-separated list of non-empty items */
} sluice_config_type;

/* Flags of a key. */
#define SLUICE_CONFIG_REQUIRED 0x1u /* the section must set it */
#define SLUICE_CONFIG_SECRET 0x2u   /* never printed; prefer the environment */

typedef struct sluice_config_key {
    const char *name;        /* key as written in the INI file */
    sluice_config_type type;
    const char *default_value; /* NULL: no default (unset unless given) */
    const char *allowed;     /* ENUM: "a|b|c"; others: NULL */
    int64_t min, max;        /* INT bounds, inclusive (ignored otherwise) */
    uint32_t flags;          /* SLUICE_CONFIG_REQUIRED | SLUICE_CONFIG_SECRET */
    const char *description; /* one line, for errors and the man page */
} sluice_config_key;

/* Terminates a config map. */
#define SLUICE_CONFIG_END { NULL, (sluice_config_type)0, NULL, NULL, 0, 0, 0u, NULL }

#ifdef __cplusplus
}
#endif
#endif
