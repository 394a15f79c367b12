/* test_config.c — unit tests of INI reading and section validation:
 * every kind of bad key, value and section is reported with file, line,
 * section, key and what is allowed; good values resolve with defaults and
 * environment overrides. */
#include "config.h"

#include "config/config_units.h"
#include "config/config_values.h"
#include "config/ini_file.h"
#include "testlib.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct test_settings {
    const char *name, *mode, *urls;
    int64_t count, limit, timeout, poll;
    int enabled;
} test_settings;

#define FIELD(member) offsetof(test_settings, member)

static const sluice_config_key test_keys[] = {
    {"name", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED, "a required name",
     FIELD(name)},
    {"count", SLUICE_CONFIG_INT, "5", NULL, 1, 10, 0, "a bounded count", FIELD(count)},
    {"mode", SLUICE_CONFIG_ENUM, "fast", "fast|safe", 0, 0, 0, "a choice", FIELD(mode)},
    {"enabled", SLUICE_CONFIG_BOOL, "yes", NULL, 0, 0, 0, "a flag", FIELD(enabled)},
    {"urls", SLUICE_CONFIG_LIST, NULL, NULL, 0, 0, 0, "a list", FIELD(urls)},
    {"secret", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_SECRET, "a password",
     SLUICE_CONFIG_UNBOUND},
    {"limit", SLUICE_CONFIG_SIZE, "256M", NULL, 1024, INT64_C(1) << 40, 0, "a memory limit",
     FIELD(limit)},
    {"timeout", SLUICE_CONFIG_DURATION, "30s", NULL, 1000, 3600000, SLUICE_CONFIG_PLAIN_SECONDS,
     "a timeout that took plain seconds", FIELD(timeout)},
    {"poll", SLUICE_CONFIG_DURATION, "250ms", NULL, 10, 60000, 0, "a poll interval",
     FIELD(poll)},
    SLUICE_CONFIG_END,
};

static char *write_temp_ini(const char *text)
{
    char *path = strdup("/tmp/sluice-test-config-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        abort();
    close(fd);
    return path;
}

static int diags_contain(const diag_list *diags, const char *needle)
{
    for (size_t i = 0; i < diags->count; i++)
        if (strstr(diags->items[i], needle))
            return 1;
    return 0;
}

static void dump(const diag_list *diags)
{
    for (size_t i = 0; i < diags->count; i++)
        fprintf(stderr, "  diag: %s\n", diags->items[i]);
}

/* Resolve [test] of text; returns the diagnostics (caller frees). */
static diag_list resolve(const char *text, config_values *values, char **path_out)
{
    diag_list diags = {0};
    error_report err;
    char *path = write_temp_ini(text);
    ini_file *file = NULL;
    CHECK(ini_file_load(path, &file, &diags, &err) == 0);
    const sluice_config_key *const maps[] = {test_keys, NULL};
    config_values_resolve(values, file, "test", maps, &diags);
    ini_file_free(file);
    unlink(path);
    *path_out = path;
    return diags;
}

static void test_good_values_and_defaults(void)
{
    config_values values;
    char *path;
    diag_list diags = resolve("[test]\nname = alpha ; not a comment\ncount = 7\n"
                              "urls = http://a, http://b\n  http://c\n",
                              &values, &path);
    dump(&diags);
    CHECK(diags.count == 0);
    CHECK(strcmp(config_values_string(&values, "name"), "alpha ; not a comment") == 0);
    CHECK(config_values_int(&values, "count", 0) == 7);
    CHECK(strcmp(config_values_string(&values, "mode"), "fast") == 0);
    CHECK(config_values_bool(&values, "enabled", 0) == 1);
    CHECK(strcmp(config_values_string(&values, "urls"), "http://a, http://b\nhttp://c") == 0);
    CHECK(config_values_string(&values, "secret") == NULL);

    /* the struct gets every bound key, defaults applied, in the field's type */
    test_settings settings;
    char why[256] = "";
    memset(&settings, 0x5a, sizeof settings);
    CHECK_MSG(config_values_load(&values, &settings, sizeof settings, why, sizeof why) == 0,
              "%s", why);
    CHECK(strcmp(settings.name, "alpha ; not a comment") == 0);
    CHECK(settings.count == 7);
    CHECK(strcmp(settings.mode, "fast") == 0);
    CHECK(settings.enabled == 1);
    CHECK(strcmp(settings.urls, "http://a, http://b\nhttp://c") == 0);
    CHECK(settings.limit == 256 * 1024 * 1024);
    CHECK(settings.timeout == 30000);
    CHECK(settings.poll == 250);
    config_values_free(&values);
    diag_free(&diags);
    free(path);
}

static void test_every_error_is_reported(void)
{
    config_values values;
    char *path;
    diag_list diags = resolve("[test]\n"          /* 1 */
                              "count = 11\n"      /* 2 out of range */
                              "mode = slow\n"     /* 3 bad enum */
                              "enabled = maybe\n" /* 4 bad bool */
                              "colour = red\n"    /* 5 unknown key */
                              "count = 3\n"       /* 6 set twice */
                              "urls = a,,b\n"     /* 7 empty item */
                              "secret\n"          /* 8 syntax error */
                              "[other]\n",
                              &values, &path);
    dump(&diags);
    char expect[512];
    snprintf(expect, sizeof expect, "%s:2: [test] count = '11': out of range; allowed: 1..10", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:3: [test] mode = 'slow': not an allowed value; allowed: fast|safe", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:4: [test] enabled = 'maybe': not a boolean", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:5: [test] unknown key 'colour'; allowed keys are: name, count, mode, enabled, urls, secret", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:6: [test] key 'count' is set twice (first at line 2)", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:7: [test] urls = 'a,,b': a list item is empty", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:8: syntax error", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:1: [test] missing required key 'name' (a required name); set it in the file or in the environment as SLUICE_TEST_NAME", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    CHECK(config_values_string(&values, "mode") == NULL);
    config_values_free(&values);
    diag_free(&diags);
    free(path);
}

static void test_sizes_and_durations(void)
{
    config_values values;
    char *path;
    diag_list diags = resolve("[test]\nname = n\nlimit = 512k\ntimeout = 45\npoll = 2s\n",
                              &values, &path);
    dump(&diags);
    CHECK(diags.count == 0);
    test_settings settings;
    char why[256] = "";
    CHECK(config_values_load(&values, &settings, sizeof settings, why, sizeof why) == 0);
    CHECK(settings.limit == 512 * 1024);
    CHECK(settings.timeout == 45000); /* a plain number keeps meaning seconds */
    CHECK(settings.poll == 2000);
    CHECK(config_values_int(&values, "limit", 0) == 512 * 1024); /* the per-key getter agrees */
    CHECK(config_values_int(&values, "timeout", 0) == 45000);
    config_values_free(&values);
    diag_free(&diags);
    free(path);

    diags = resolve("[test]\nname = n\n"
                    "limit = 12X\n"                    /* 3 unknown suffix */
                    "timeout = 2h\n"                   /* 4 above 1h */
                    "poll = 5 minutes\n",              /* 5 not a duration */
                    &values, &path);
    dump(&diags);
    char expect[512];
    snprintf(expect, sizeof expect, "%s:3: [test] limit = '12X': not a size; allowed: bytes as "
             "a number with an optional suffix k, M, G or T (binary: 1k = 1024), 1k..1T", path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:4: [test] timeout = '2h': out of range; allowed: 1s..1h",
             path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    snprintf(expect, sizeof expect, "%s:5: [test] poll = '5 minutes': not a duration; allowed: "
             "a number with a unit ms, s, m or h (a plain number is milliseconds), 10ms..1m",
             path);
    CHECK_MSG(diags_contain(&diags, expect), "%s", expect);
    CHECK(diags.count == 3);
    config_values_free(&values);
    diag_free(&diags);
    free(path);

    /* the syntax itself: units, case, overflow, no sign, no fractions */
    int64_t n;
    CHECK(config_parse_size("1G", &n) == 0 && n == INT64_C(1) << 30);
    CHECK(config_parse_size("3t", &n) == 0 && n == INT64_C(3) << 40);
    CHECK(config_parse_size("1000", &n) == 0 && n == 1000);
    CHECK(config_parse_size("9999999999T", &n) == -1);
    CHECK(config_parse_size("99999999999999999999", &n) == -1);
    CHECK(config_parse_size("-1k", &n) == -1);
    CHECK(config_parse_size("1.5G", &n) == -1);
    CHECK(config_parse_size("k", &n) == -1);
    CHECK(config_parse_size("1kB", &n) == -1);
    CHECK(config_parse_duration("5m", 0, &n) == 0 && n == 300000);
    CHECK(config_parse_duration("2h", 1, &n) == 0 && n == 7200000);
    CHECK(config_parse_duration("7", 0, &n) == 0 && n == 7);
    CHECK(config_parse_duration("7", 1, &n) == 0 && n == 7000);
    CHECK(config_parse_duration("5M", 0, &n) == -1); /* units are case-sensitive: m vs M */
    CHECK(config_parse_duration("1d", 0, &n) == -1);
    CHECK(config_parse_duration("9223372036854775807s", 0, &n) == -1);
    char text[32];
    config_format_size(1536 * 1024, text, sizeof text);
    CHECK(strcmp(text, "1536k") == 0);
    config_format_size(1000, text, sizeof text);
    CHECK(strcmp(text, "1000") == 0);
    config_format_duration(90000, text, sizeof text);
    CHECK(strcmp(text, "90s") == 0);
    config_format_duration(0, text, sizeof text);
    CHECK(strcmp(text, "0") == 0);
    config_format_duration(1500, text, sizeof text);
    CHECK(strcmp(text, "1500ms") == 0);
}

/* A map whose offsets do not fit the struct passed is refused, naming the key. */
static void test_load_refuses_a_bad_binding(void)
{
    config_values values;
    char *path;
    diag_list diags = resolve("[test]\nname = n\n", &values, &path);
    int64_t too_small[2];
    char why[256] = "";
    too_small[0] = 42;
    CHECK(config_values_load(&values, too_small, sizeof too_small, why, sizeof why) == -1);
    CHECK_STR_CONTAINS(why, "config key 'count' is bound at offset");
    CHECK(too_small[0] == 42); /* nothing written */
    config_values_free(&values);
    diag_free(&diags);
    free(path);
}

static void test_environment_overrides_and_secrets(void)
{
    config_values values;
    char *path;
    setenv("SLUICE_TEST_NAME", "from-env", 1);
    setenv("SLUICE_TEST_COUNT", "99", 1);
    diag_list diags = resolve("[test]\nname = from-file\nsecret = hunter2\nmode = bad\n",
                              &values, &path);
    dump(&diags);
    CHECK(strcmp(config_values_string(&values, "name"), "from-env") == 0);
    CHECK(diags_contain(&diags, "environment SLUICE_TEST_COUNT = '99' for [test] key 'count': out of range"));
    CHECK(strcmp(config_values_string(&values, "secret"), "hunter2") == 0);
    unsetenv("SLUICE_TEST_NAME");
    unsetenv("SLUICE_TEST_COUNT");
    config_values_free(&values);
    diag_free(&diags);
    free(path);
}

/* Lines of any reasonable length are read whole (inih's own buffer holds
 * 200 bytes); only a line over 1 MiB is refused, at its own line. */
static void test_long_lines(void)
{
    size_t value_len = 70 * 1024;
    char *text = malloc(value_len + 200);
    strcpy(text, "[test]\nname = ");
    size_t at = strlen(text);
    for (size_t i = 0; i < value_len; i++)
        text[at + i] = (char)('a' + i % 26);
    strcpy(text + at + value_len, " ; kept\ncount = 2\n");
    config_values values;
    char *path;
    diag_list diags = resolve(text, &values, &path);
    dump(&diags);
    CHECK(diags.count == 0);
    const char *name = config_values_string(&values, "name");
    CHECK(name && strlen(name) == value_len + strlen(" ; kept"));
    CHECK(name && strncmp(name, text + at, value_len) == 0);
    CHECK(config_values_int(&values, "count", 0) == 2);
    config_values_free(&values);
    diag_free(&diags);
    free(path);
    free(text);

    size_t huge = 1024 * 1024 + 10;
    text = malloc(huge + 100);
    strcpy(text, "[test]\nname = ");
    at = strlen(text);
    memset(text + at, 'x', huge);
    strcpy(text + at + huge, "\ncount = 3\n");
    diags = resolve(text, &values, &path);
    CHECK(diags_contain(&diags, ":2: line longer than 1048576 bytes"));
    CHECK(config_values_int(&values, "count", 0) == 3);
    config_values_free(&values);
    diag_free(&diags);
    free(path);
    free(text);
}

/* Indented lines continue the value before them, long ones included. */
static void test_continuation_lines(void)
{
    char text[1200];
    char long_url[700];
    memset(long_url, 'u', sizeof long_url - 1);
    long_url[sizeof long_url - 1] = '\0';
    snprintf(text, sizeof text, "[test]\nname = n\nurls = https://a.example/x,\n"
             "  https://b.example/y;z,\n  %s\ncount = 4\n", long_url);
    config_values values;
    char *path;
    diag_list diags = resolve(text, &values, &path);
    dump(&diags);
    CHECK(diags.count == 0);
    const char *urls = config_values_string(&values, "urls");
    char expected[1000];
    snprintf(expected, sizeof expected, "https://a.example/x,\nhttps://b.example/y;z,\n%s",
             long_url);
    CHECK_MSG(urls && strcmp(urls, expected) == 0, "urls = %s", urls ? urls : "(null)");
    CHECK(config_values_int(&values, "count", 0) == 4);
    config_values_free(&values);
    diag_free(&diags);
    free(path);
}

/* A NUL byte is reported at its own line; no later line is dropped or
 * misnumbered. */
static void test_nul_byte(void)
{
    static const char text[] = "[test]\nname = a\0b\ncount = x\nmode = fast\n";
    char *path = strdup("/tmp/sluice-test-config-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    diag_list diags = {0};
    error_report err;
    ini_file *file = NULL;
    CHECK(ini_file_load(path, &file, &diags, &err) == 0);
    const sluice_config_key *const maps[] = {test_keys, NULL};
    config_values values;
    config_values_resolve(&values, file, "test", maps, &diags);
    dump(&diags);
    CHECK(diags_contain(&diags, ":2: NUL byte at column 9"));
    CHECK(diags_contain(&diags, ":3: [test] count = 'x'"));
    CHECK(config_values_string(&values, "mode") != NULL);
    config_values_free(&values);
    ini_file_free(file);
    diag_free(&diags);
    unlink(path);
    free(path);

    diag_list none = {0};
    CHECK(ini_file_load("/nonexistent/sluice.ini", &file, &none, &err) == -1);
    CHECK_STR_CONTAINS(err.message, "cannot open config file /nonexistent/sluice.ini");
}

int main(void)
{
    RUN_CASE(test_good_values_and_defaults());
    RUN_CASE(test_every_error_is_reported());
    RUN_CASE(test_sizes_and_durations());
    RUN_CASE(test_load_refuses_a_bad_binding());
    RUN_CASE(test_environment_overrides_and_secrets());
    RUN_CASE(test_long_lines());
    RUN_CASE(test_continuation_lines());
    RUN_CASE(test_nul_byte());
    return test_finish();
}
