/* config_values.h — validate one INI section against config maps and
 * resolve each key's effective value (file, then environment override,
 * then default).
 *
 * Environment override: SLUICE_<SECTION>_<KEY> in upper case (for
 * instance SLUICE_SINK_DSN), so secrets need not sit in the file.  It wins
 * over the file.  Values are validated wherever they came from. */
#ifndef SLUICE_CONFIG_VALUES_H
#define SLUICE_CONFIG_VALUES_H

#include <stdint.h>
#include <sluice/config.h>

#include "config/ini_file.h"
#include "base/report.h"

typedef struct config_values {
    char *section;
    const sluice_config_key **keys; /* every key of every map, in order */
    char **values;                  /* per key: effective value, or NULL */
    size_t count;
} config_values;

/* Validate section `section` of file against the maps (NULL-terminated
 * array of config maps); every problem goes to diags, naming file, line,
 * section, key and what is allowed.  Always fills out (invalid values are
 * left unset) so that all errors can be found in one pass. */
void config_values_resolve(config_values *out, const ini_file *file, const char *section,
                           const sluice_config_key *const *maps, diag_list *diags);
void config_values_free(config_values *values);

const char *config_values_string(const config_values *values, const char *key);
/* INT keys, and SIZE (bytes) and DURATION (milliseconds) keys; fallback
 * when unset. */
int64_t config_values_int(const config_values *values, const char *key, int64_t fallback);
int config_values_bool(const config_values *values, const char *key, int fallback);

/* Fill the settings struct (size bytes) from values: every key bound to
 * a field (offset other than SLUICE_CONFIG_UNBOUND) gets its effective
 * value, converted to the field's type (see <sluice/config.h>); the rest
 * of the struct is zeroed.  Strings point into values and live as long as
 * it.  -1 with why filled when a bound field does not fit in size bytes
 * or is misaligned (nothing is written then). */
int config_values_load(const config_values *values, void *settings, size_t size, char *why,
                       size_t why_size);

/* Check one value against its key; on failure write why (including what
 * is allowed) to why and return -1. */
int config_value_check(const sluice_config_key *key, const char *value, char *why, size_t size);

/* Report every SLUICE_<SECTION>_* variable of the environment that names
 * no key of maps (a typo would otherwise be ignored), with the nearest
 * key's variable when one is close. */
void config_report_unknown_environment(const char *path, const char *section,
                                       const sluice_config_key *const *maps, diag_list *diags);

#endif
