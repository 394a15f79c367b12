/* config_values.c — section validation and value lookup (see config_values.h). */
#include "config.h"

#include "config/config_values.h"
#include "base/secret.h"
#include "config/config_units.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const bool_true_words[] = {"true", "yes", "on", "1"};
static const char *const bool_false_words[] = {"false", "no", "off", "0"};

/* 1, 0, or -1 when text is not a boolean word. */
static int parse_bool(const char *text)
{
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, bool_true_words[i]) == 0)
            return 1;
        if (strcasecmp(text, bool_false_words[i]) == 0)
            return 0;
    }
    return -1;
}

static int parse_int(const char *text, int64_t *value)
{
    char *end;
    errno = 0;
    long long parsed = strtoll(text, &end, 10);
    if (errno || end == text || *end)
        return -1;
    *value = parsed;
    return 0;
}

/* Whether word is one of the '|'-separated words of allowed. */
static int enum_allows(const char *allowed, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = allowed; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, word, n) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int list_is_valid(const char *text)
{
    /* items separated by commas or line breaks (continuation lines); none
     * may be empty, except beside a line break ("a,<newline>  b") */
    const char *p = text;
    for (char before = '\0';;) {
        const char *end = p + strcspn(p, ",\n");
        const char *q = p;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q == end && before != '\n' && *end != '\n')
            return 0;
        if (!*end)
            return 1;
        before = *end;
        p = end + 1;
    }
}

/* SIZE and DURATION: the value in bytes / milliseconds; -1 when it is
 * not one. */
static int parse_quantity(const sluice_config_key *key, const char *value, int64_t *number)
{
    if (key->type == SLUICE_CONFIG_SIZE)
        return config_parse_size(value, number);
    return config_parse_duration(value, (key->flags & SLUICE_CONFIG_PLAIN_SECONDS) != 0, number);
}

/* config_value_check() of a SIZE or DURATION: why tells the syntax and
 * the range in the key's units. */
static int check_quantity(const sluice_config_key *key, const char *value, char *why,
                          size_t size)
{
    char min[32], max[32];
    int is_size = key->type == SLUICE_CONFIG_SIZE;
    void (*format)(int64_t, char *, size_t) = is_size ? config_format_size
                                                      : config_format_duration;
    format(key->min, min, sizeof min);
    format(key->max, max, sizeof max);
    int64_t number;
    if (parse_quantity(key, value, &number) != 0) {
        if (is_size)
            snprintf(why, size, "not a size; allowed: bytes as a number with an optional "
                     "suffix k, M, G or T (binary: 1k = 1024), %s..%s", min, max);
        else
            snprintf(why, size, "not a duration; allowed: a number with a unit ms, s, m or h "
                     "(a plain number is %s), %s..%s",
                     (key->flags & SLUICE_CONFIG_PLAIN_SECONDS) ? "seconds" : "milliseconds",
                     min, max);
        return -1;
    }
    if (number < key->min || number > key->max) {
        snprintf(why, size, "out of range; allowed: %s..%s", min, max);
        return -1;
    }
    return 0;
}

int config_value_check(const sluice_config_key *key, const char *value, char *why, size_t size)
{
    int64_t number;
    switch (key->type) {
    case SLUICE_CONFIG_SIZE:
    case SLUICE_CONFIG_DURATION:
        return check_quantity(key, value, why, size);
    case SLUICE_CONFIG_STRING:
        return 0;
    case SLUICE_CONFIG_INT:
        if (parse_int(value, &number) != 0) {
            snprintf(why, size, "not an integer; allowed: %" PRId64 "..%" PRId64, key->min,
                     key->max);
            return -1;
        }
        if (number < key->min || number > key->max) {
            snprintf(why, size, "out of range; allowed: %" PRId64 "..%" PRId64, key->min,
                     key->max);
            return -1;
        }
        return 0;
    case SLUICE_CONFIG_BOOL:
        if (parse_bool(value) < 0) {
            snprintf(why, size, "not a boolean; allowed: true|false|yes|no|on|off|1|0");
            return -1;
        }
        return 0;
    case SLUICE_CONFIG_ENUM:
        if (!enum_allows(key->allowed, value)) {
            snprintf(why, size, "not an allowed value; allowed: %s", key->allowed);
            return -1;
        }
        return 0;
    case SLUICE_CONFIG_LIST:
        if (!list_is_valid(value)) {
            snprintf(why, size, "a list item is empty; allowed: items separated by commas");
            return -1;
        }
        return 0;
    }
    snprintf(why, size, "the key's declared type %d is unknown", (int)key->type);
    return -1;
}

/* "name1, name2, ..." of every key in maps, for "allowed keys are" lines. */
static char *config_key_names(const sluice_config_key *const *maps)
{
    size_t size = 1;
    for (size_t m = 0; maps[m]; m++)
        for (const sluice_config_key *k = maps[m]; k->name; k++)
            size += strlen(k->name) + 2;
    char *names = xmalloc(size);
    names[0] = '\0';
    for (size_t m = 0; maps[m]; m++)
        for (const sluice_config_key *k = maps[m]; k->name; k++) {
            if (names[0])
                strcat(names, ", ");
            strcat(names, k->name);
        }
    return names;
}

static const sluice_config_key *find_key(const sluice_config_key *const *maps, const char *name)
{
    for (size_t m = 0; maps[m]; m++)
        for (const sluice_config_key *k = maps[m]; k->name; k++)
            if (strcmp(k->name, name) == 0)
                return k;
    return NULL;
}

/* SLUICE_<SECTION>_<KEY>, upper case, non-alphanumerics as '_'. */
static void environment_name(char *out, size_t size, const char *section, const char *key)
{
    snprintf(out, size, "SLUICE_%s_%s", section, key);
    for (char *p = out; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_';
}

/* Edit distance of a and b (both short: key names), for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t lb = strlen(b), row[128];
    if (lb >= sizeof row / sizeof *row)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; a[i - 1]; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

void config_report_unknown_environment(const char *path, const char *section,
                                       const sluice_config_key *const *maps, diag_list *diags)
{
    extern char **environ;
    char prefix[96];
    environment_name(prefix, sizeof prefix, section, "");
    size_t prefix_len = strlen(prefix);
    for (char **variable = environ; *variable; variable++) {
        const char *equals = strchr(*variable, '=');
        if (strncmp(*variable, prefix, prefix_len) != 0 || !equals)
            continue;
        char name[160];
        size_t len = (size_t)(equals - *variable);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, *variable, len);
        name[len] = '\0';
        const char *nearest = NULL;
        size_t nearest_distance = (size_t)-1;
        int known = 0;
        for (size_t m = 0; maps[m] && !known; m++)
            for (const sluice_config_key *k = maps[m]; k->name && !known; k++) {
                char candidate[160];
                environment_name(candidate, sizeof candidate, section, k->name);
                size_t distance = edit_distance(name + prefix_len, candidate + prefix_len);
                known = distance == 0;
                if (distance < nearest_distance) {
                    nearest_distance = distance;
                    nearest = k->name;
                }
            }
        if (known)
            continue;
        char suggestion[200] = "";
        if (nearest && nearest_distance <= 3) {
            char candidate[160];
            environment_name(candidate, sizeof candidate, section, nearest);
            snprintf(suggestion, sizeof suggestion, "; did you mean %s (key '%s')?", candidate,
                     nearest);
        }
        char *names = config_key_names(maps);
        diag_add(diags, "%s: environment %s names no key of [%s]%s (allowed keys are: %s)", path,
                 name, section, suggestion, names);
        free(names);
    }
}

static void report_unknown_keys(const ini_file *file, const char *section,
                                const sluice_config_key *const *maps, diag_list *diags)
{
    for (size_t i = 0; i < file->entry_count; i++) {
        const ini_entry *entry = &file->entries[i];
        if (strcmp(entry->section, section) != 0 || find_key(maps, entry->key))
            continue;
        char *names = config_key_names(maps);
        diag_add(diags, "%s:%u: [%s] unknown key '%s'; allowed keys are: %s", file->path,
                 entry->line, section, entry->key, names);
        free(names);
    }
}

/* The effective value of one key, validated; NULL when unset or invalid. */
static char *resolve_key(const ini_file *file, const char *section, const sluice_config_key *key,
                         diag_list *diags)
{
    char env_name[160], why[256];
    environment_name(env_name, sizeof env_name, section, key->name);
    const char *from_env = getenv(env_name);
    const ini_entry *entry = ini_file_find(file, section, key->name);
    const char *value = from_env ? from_env : entry ? entry->value : key->default_value;
    if (!value) {
        if (key->flags & SLUICE_CONFIG_REQUIRED)
            diag_add(diags, "%s:%u: [%s] missing required key '%s' (%s); set it in the file "
                     "or in the environment as %s", file->path,
                     ini_file_section_line(file, section), section, key->name,
                     key->description, env_name);
        return NULL;
    }
    if (key->flags & SLUICE_CONFIG_SECRET)
        secret_register(value);
    if (config_value_check(key, value, why, sizeof why) == 0)
        return xstrdup(value);
    const char *shown = (key->flags & SLUICE_CONFIG_SECRET) ? "(secret)" : value;
    if (from_env)
        diag_add(diags, "%s: environment %s = '%s' for [%s] key '%s': %s", file->path, env_name,
                 shown, section, key->name, why);
    else if (entry)
        diag_add(diags, "%s:%u: [%s] %s = '%s': %s", file->path, entry->line, section,
                 key->name, shown, why);
    else
        diag_add(diags, "%s: [%s] default of '%s' ('%s') is invalid: %s", file->path, section,
                 key->name, shown, why);
    return NULL;
}

void config_values_resolve(config_values *out, const ini_file *file, const char *section,
                           const sluice_config_key *const *maps, diag_list *diags)
{
    memset(out, 0, sizeof *out);
    out->section = xstrdup(section);
    for (size_t m = 0; maps[m]; m++)
        for (const sluice_config_key *k = maps[m]; k->name; k++)
            out->count++;
    out->keys = xcalloc(out->count ? out->count : 1, sizeof *out->keys);
    out->values = xcalloc(out->count ? out->count : 1, sizeof *out->values);
    size_t i = 0;
    for (size_t m = 0; maps[m]; m++)
        for (const sluice_config_key *k = maps[m]; k->name; k++, i++) {
            out->keys[i] = k;
            out->values[i] = resolve_key(file, section, k, diags);
        }
    report_unknown_keys(file, section, maps, diags);
}

void config_values_free(config_values *values)
{
    for (size_t i = 0; i < values->count; i++)
        free(values->values[i]);
    free(values->values);
    free(values->keys);
    free(values->section);
    memset(values, 0, sizeof *values);
}

/* The index of key in values, or -1. */
static long key_index(const config_values *values, const char *key)
{
    for (size_t i = 0; i < values->count; i++)
        if (strcmp(values->keys[i]->name, key) == 0)
            return (long)i;
    return -1;
}

const char *config_values_string(const config_values *values, const char *key)
{
    long i = key_index(values, key);
    return i < 0 ? NULL : values->values[i];
}

int64_t config_values_int(const config_values *values, const char *key, int64_t fallback)
{
    long i = key_index(values, key);
    const char *text = i < 0 ? NULL : values->values[i];
    int64_t number;
    if (!text)
        return fallback;
    if (values->keys[i]->type == SLUICE_CONFIG_SIZE ||
        values->keys[i]->type == SLUICE_CONFIG_DURATION)
        return parse_quantity(values->keys[i], text, &number) == 0 ? number : fallback;
    return parse_int(text, &number) == 0 ? number : fallback;
}

int config_values_bool(const config_values *values, const char *key, int fallback)
{
    const char *text = config_values_string(values, key);
    int flag = text ? parse_bool(text) : -1;
    return flag < 0 ? fallback : flag;
}

/* Size and alignment of the field of a key of this type (see <sluice/config.h>). */
static void field_layout(sluice_config_type type, size_t *size, size_t *align)
{
    switch (type) {
    case SLUICE_CONFIG_INT:
    case SLUICE_CONFIG_SIZE:
    case SLUICE_CONFIG_DURATION:
        *size = sizeof(int64_t);
        *align = _Alignof(int64_t);
        return;
    case SLUICE_CONFIG_BOOL:
        *size = sizeof(int);
        *align = _Alignof(int);
        return;
    default:
        *size = sizeof(const char *);
        *align = _Alignof(const char *);
        return;
    }
}

/* Store one resolved (valid or NULL) value in its field. */
static void store_value(const sluice_config_key *key, const char *text, unsigned char *field)
{
    int64_t number = 0;
    switch (key->type) {
    case SLUICE_CONFIG_INT:
        if (text)
            parse_int(text, &number);
        memcpy(field, &number, sizeof number);
        return;
    case SLUICE_CONFIG_SIZE:
    case SLUICE_CONFIG_DURATION:
        if (text)
            parse_quantity(key, text, &number);
        memcpy(field, &number, sizeof number);
        return;
    case SLUICE_CONFIG_BOOL: {
        int flag = text ? parse_bool(text) == 1 : 0;
        memcpy(field, &flag, sizeof flag);
        return;
    }
    default:
        memcpy(field, &text, sizeof text);
        return;
    }
}

int config_values_load(const config_values *values, void *settings, size_t size, char *why,
                       size_t why_size)
{
    for (size_t i = 0; i < values->count; i++) {
        const sluice_config_key *key = values->keys[i];
        size_t width, align;
        field_layout(key->type, &width, &align);
        if (key->offset == SLUICE_CONFIG_UNBOUND)
            continue;
        if (key->offset > size || size - key->offset < width || key->offset % align) {
            snprintf(why, why_size, "config key '%s' is bound at offset %zu: its %zu-byte "
                     "field lies outside the %zu-byte settings struct or is misaligned",
                     key->name, key->offset, width, size);
            return -1;
        }
    }
    memset(settings, 0, size);
    for (size_t i = 0; i < values->count; i++)
        if (values->keys[i]->offset != SLUICE_CONFIG_UNBOUND)
            store_value(values->keys[i], values->values[i],
                        (unsigned char *)settings + values->keys[i]->offset);
    return 0;
}
