/* sluice/config.h — the declarative config map a plugin (or the core) gives
 * for its INI section.
 *
 * One table per plugin, modelled on Fluent Bit's config maps: every key the
 * section accepts, with its type, default, allowed values and a one-line
 * description.  The core uses the same table to validate the file (unknown
 * keys, wrong types, out-of-range values, missing required keys), to fill in
 * defaults, to print "allowed keys are ..." and to generate the
 * documentation, so code and docs cannot drift.
 *
 * Each key is also bound to a field of a settings struct of the plugin
 * (offset, from offsetof), as Fluent Bit's maps are: one host call,
 * host->config_load(), fills every bound field from the validated section,
 * defaults applied, so each default is written once, in the map.  A field's
 * C type follows the key's type:
 *
 *   STRING, ENUM, LIST      const char *  (NULL when unset and without default;
 *                                          owned by the core, lives as long as
 *                                          the instance)
 *   INT, SIZE, DURATION     int64_t       (0 when unset and without default)
 *   BOOL                    int           (1 or 0)
 *
 * SIZE values are bytes: a plain number, or a number with one of the
 * suffixes k, M, G, T (either case), binary multiples: 1k = 1024,
 * 1M = 1024k.  DURATION values are stored in milliseconds: a number with
 * one of the units ms, s, m, h, or a plain number, which is milliseconds,
 * or seconds when the key has the flag SLUICE_CONFIG_PLAIN_SECONDS (so a
 * key that took plain seconds before it became a duration still does).
 * For both, min and max are in the stored unit (bytes, milliseconds).
 *
 * Ownership: the table and every string in it are static data of the
 * plugin; the core only reads them while the plugin is loaded.
 */
#ifndef SLUICE_CONFIG_H
#define SLUICE_CONFIG_H

#include <stddef.h>
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
    SLUICE_CONFIG_SIZE = 6,   /* bytes: 512k, 256M, 1G, 2T or a plain number, in [min, max] */
    SLUICE_CONFIG_DURATION = 7, /* milliseconds: 250ms, 30s, 5m, 2h or a plain number, in [min, max] */
} sluice_config_type;

/* Flags of a key. */
#define SLUICE_CONFIG_REQUIRED 0x1u /* the section must set it */
#define SLUICE_CONFIG_SECRET 0x2u   /* never printed; prefer the environment */
#define SLUICE_CONFIG_PLAIN_SECONDS 0x4u /* DURATION: a plain number is seconds, not ms */

/* offset of a key that config_load() does not store anywhere */
#define SLUICE_CONFIG_UNBOUND ((size_t)-1)

typedef struct sluice_config_key {
    const char *name;        /* key as written in the INI file */
    sluice_config_type type;
    const char *default_value; /* NULL: no default (unset unless given) */
    const char *allowed;     /* ENUM: "a|b|c"; others: NULL */
    int64_t min, max;        /* INT, SIZE, DURATION bounds, inclusive, in the stored
                                unit (ignored otherwise) */
    uint32_t flags;          /* SLUICE_CONFIG_REQUIRED | _SECRET | _PLAIN_SECONDS */
    const char *description; /* one line, for errors and the man page */
    size_t offset;           /* offsetof(settings struct, field) or SLUICE_CONFIG_UNBOUND */
} sluice_config_key;

/* Terminates a config map. */
#define SLUICE_CONFIG_END \
    { NULL, (sluice_config_type)0, NULL, NULL, 0, 0, 0u, NULL, SLUICE_CONFIG_UNBOUND }

#ifdef __cplusplus
}
#endif
#endif
