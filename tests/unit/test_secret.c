/* test_secret.c — secret_scrub masks the password of every connection
 * string form, well-formed or not, in any message, and the known values of
 * SECRET keys wherever they are quoted; messages without secrets are left
 * as they were. */
#include "config.h"

#include "base/report.h"
#include "base/secret.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#define PASSWORD "S3cr3tPw"

/* Scrub a copy of text and require that the password is gone and that
 * keep (a part of the message that is no secret) is still there. */
static void check_scrubbed(const char *text, const char *keep)
{
    char buffer[512];
    snprintf(buffer, sizeof buffer, "%s", text);
    secret_scrub(buffer, sizeof buffer);
    CHECK_MSG(strstr(buffer, PASSWORD) == NULL, "password left in \"%s\" (from \"%s\")", buffer,
              text);
    CHECK_MSG(strstr(buffer, SECRET_MASK) != NULL, "no mask in \"%s\"", buffer);
    if (keep)
        CHECK_MSG(strstr(buffer, keep) != NULL, "\"%s\" lost from \"%s\"", keep, buffer);
}

static void patterns(void)
{
    static const char *const messages[] = {
        /* URIs, well-formed and malformed (libpq quotes the whole URI) */
        "invalid URI: \"postgresql://u:" PASSWORD "@localhost/db\"",
        "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
        "\"postgresql://u:" PASSWORD "@[::1/db\"",
        "IPv6 host address may not be empty in URI: \"postgresql://u:" PASSWORD "@[]/db\"",
        "unexpected character \"x\" at position 31 in URI (expected \":\" or \"/\"): "
        "\"postgresql://u:" PASSWORD "@[::1]x/db\"",
        "postgres://user:" PASSWORD "@host:5432/db?sslmode=require",
        "postgresql://u:pass/" PASSWORD "@host/db",  /* a '/' inside the password */
        "postgresql://u:" PASSWORD "@x@host/db",     /* an '@' inside the password */
        "postgresql://u:" PASSWORD "@",              /* nothing after the user-info */
        "postgresql:///db?user=u&password=" PASSWORD "&host=/tmp",
        "postgresql://h/db?PASSWORD=" PASSWORD,
        /* key=value strings */
        "host=localhost password=" PASSWORD " dbname=db",
        "host=localhost password = " PASSWORD,
        "host=localhost password='" PASSWORD "' dbname=db",
        "host=localhost password='a b \\' " PASSWORD "' dbname=db",
        "Password=" PASSWORD,
        "connection to server failed (dsn \"password=" PASSWORD "\")",
    };
    for (size_t i = 0; i < sizeof messages / sizeof *messages; i++)
        check_scrubbed(messages[i], NULL);
    check_scrubbed("cannot connect: postgres://user:" PASSWORD "@db.example/x: refused",
                   "db.example/x: refused");
}

static void known_values(void)
{
    /* libpq quotes a percent-encoded fragment by itself: only the
     * registered value of the dsn can tell it is the password */
    secret_register("postgresql://u:S3cr%33tPw@host/db");
    check_scrubbed("invalid percent-encoded token: \"S3cr%33tPw\"", "invalid percent-encoded");
    check_scrubbed("decoded: " PASSWORD " (end)", "(end)");
    secret_register("host=h password='with space " PASSWORD "'");
    check_scrubbed("quoted: with space " PASSWORD, "quoted:");
    secret_forget_all();
    char plain[] = "S3cr%33tPw is no longer known";
    secret_scrub(plain, sizeof plain);
    CHECK(strcmp(plain, "S3cr%33tPw is no longer known") == 0);
}

static void untouched_and_bounded(void)
{
    char text[] = "ledger 42 written; host=localhost dbname=db; see https://example.org/x";
    char copy[sizeof text];
    memcpy(copy, text, sizeof text);
    secret_scrub(text, sizeof text);
    CHECK(strcmp(text, copy) == 0);

    /* a mask longer than the password still fits the buffer */
    char small[32] = "password=ab password=cd";
    secret_scrub(small, sizeof small);
    CHECK(strstr(small, "ab") == NULL);
    CHECK(strlen(small) < sizeof small);

    /* report_set scrubs message, detail and hint */
    error_report report;
    report_set(&report, "dsn password=" PASSWORD, "try postgres://u:" PASSWORD "@h",
               "cannot connect with %s", "password=" PASSWORD);
    CHECK(strstr(report.message, PASSWORD) == NULL);
    CHECK(strstr(report.detail, PASSWORD) == NULL);
    CHECK(strstr(report.hint, PASSWORD) == NULL);
    CHECK_STR_CONTAINS(report.message, "cannot connect with");
}

int main(void)
{
    patterns();
    known_values();
    untouched_and_bounded();
    return test_finish();
}
