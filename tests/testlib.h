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

/* One case of a test program.  main() calls each case as
 * RUN_CASE(test_name(arguments)); with $TEST_CASE set, only the cases of
 * that function name run (the "test_" prefix may be left out), e.g.
 *   make check TESTS=tests/unit/test_config TEST_CASE=every_error_is_reported
 * A TEST_CASE that names no case of the program fails it (test_finish). */
static int testlib_cases_run;

static inline int testlib_case_selected(const char *call)
{
    const char *wanted = getenv("TEST_CASE");
    if (!wanted || !*wanted)
        return 1;
    size_t name_len = strcspn(call, "( ");
    if (strncmp(wanted, "test_", 5) != 0 && strncmp(call, "test_", 5) == 0) {
        call += 5;
        name_len -= 5;
    }
    return strlen(wanted) == name_len && strncmp(wanted, call, name_len) == 0;
}

#define RUN_CASE(call)                                                       \
    do {                                                                     \
        if (testlib_case_selected(#call)) {                                  \
            testlib_cases_run++;                                             \
            fprintf(stderr, "---- case %s\n", #call);                        \
            call;                                                            \
        }                                                                    \
    } while (0)

/* Exit status for the test: fail if any CHECK failed or none ran. */
static inline int test_finish(void)
{
    const char *wanted = getenv("TEST_CASE");
    if (wanted && *wanted && testlib_cases_run == 0) {
        fprintf(stderr, "TEST_CASE=%s names no case of this program (see its main())\n",
                wanted);
        return 1;
    }
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
