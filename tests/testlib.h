/* testlib.h — the tiny assertion and fixture helpers every C test program uses.
 *
 * A test program is an automake "simple test": exit 0 = pass, 77 = skip,
 * anything else = fail.  CHECK records a failure and carries on so one run
 * shows every broken assertion; test_finish() turns the tally into the exit
 * status.  Real-ledger fixtures come from tests/data (or $SLUICE_FIXTURES).
 */
#ifndef SLUICE_TESTLIB_H
#define SLUICE_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int testlib_failures;
static int testlib_checks;

#define CHECK(cond)                                                          \
    do {                                                                     \
        testlib_checks++;                                                    \
        if (!(cond)) {                                                       \
            testlib_failures++;                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define CHECK_MSG(cond, ...)                                                 \
    do {                                                                     \
        testlib_checks++;                                                    \
        if (!(cond)) {                                                       \
            testlib_failures++;                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, \
                    #cond);                                                  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

static inline int testlib_contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static inline const char *testlib_shown(const char *text)
{
    return text ? text : "(null)";
}

#define CHECK_STR_CONTAINS(haystack, needle)                                 \
    CHECK_MSG(testlib_contains((haystack), (needle)),                        \
              "\"%s\" does not contain \"%s\"", testlib_shown(haystack), (needle))

/* Exit status for the test: fail if any CHECK failed or none ran. */
static inline int test_finish(void)
{
    if (testlib_checks == 0) {
        fprintf(stderr, "no checks ran: a test that asserts nothing fails\n");
        return 1;
    }
    fprintf(stderr, "%d checks, %d failed\n", testlib_checks, testlib_failures);
    return testlib_failures ? 1 : 0;
}

/* Directory holding the real-ledger fixtures: $SLUICE_FIXTURES, else the
 * repository's tests/data (TEST_DATA_DIR, set by the build).  They ship
 * with the source, so a missing folder is a hard error (exit 99), never a
 * skip. */
static inline const char *test_fixtures_dir(void)
{
    const char *dir = getenv("SLUICE_FIXTURES");
    struct stat st;
    if (!dir || !*dir)
        dir = TEST_DATA_DIR;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return dir;
    fprintf(stderr, "fixtures folder %s is missing (it ships in tests/data)\n", dir);
    exit(99);
}

#endif
