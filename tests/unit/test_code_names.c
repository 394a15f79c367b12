/* test_code_names.c — the core's names beside codes (core/stellar/
 * code_names.c) against their sources, read here independently: the XDR
 * spec (core/xdr/spec/Stellar-transaction.x: OperationType,
 * TransactionResultCode, OperationResultCode, and each operation type's
 * result code enum as OperationResult's inner union names it) and
 * sluice/rows.h's row enums.  Every value of every enum must have exactly
 * its name, and nothing else may be named, so a value added to the spec or
 * to rows.h without a name here fails. */
#include "config.h"

#include "host/code_names.h"
#include "testlib.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct enum_value {
    char name[96];
    int value;
} enum_value;

#define MAX_VALUES 64

static char *read_source(const char *relative)
{
    char path[1024];
    const char *top = getenv("TOP_SRCDIR");
    snprintf(path, sizeof path, "%s/%s", top ? top : ".", relative);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(99);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = calloc(1, (size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
        exit(99);
    fclose(f);
    return text;
}

/* Past whitespace and comments. */
static const char *skip_space(const char *p)
{
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (p[0] == '/' && p[1] == '/')
            p = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
        else if (p[0] == '/' && p[1] == '*')
            p = strstr(p, "*/") ? strstr(p, "*/") + 2 : p + strlen(p);
        else
            return p;
    }
}

static const char *read_identifier(const char *p, char *out, size_t size)
{
    size_t n = 0;
    while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < size)
        out[n++] = *p++;
    out[n] = '\0';
    return p;
}

/* The members of the enum whose declaration starts with `head` ("enum
 * OperationType" in XDR, "typedef enum sluice_state_category {" in C);
 * values without "= N" follow the previous one.  Returns the count. */
static size_t parse_enum(const char *text, const char *head, enum_value *out)
{
    const char *p = strstr(text, head);
    CHECK_MSG(p != NULL, "%s not found", head);
    if (!p || !(p = strchr(p, '{')))
        return 0;
    p++;
    size_t count = 0;
    int next = 0;
    for (;;) {
        p = skip_space(p);
        if (*p == '}' || count == MAX_VALUES)
            break;
        p = read_identifier(p, out[count].name, sizeof out[count].name);
        p = skip_space(p);
        if (*p == '=') {
            p = skip_space(p + 1);
            next = (int)strtol(p, (char **)&p, 10);
        }
        out[count++].value = next++;
        p = skip_space(p);
        if (*p == ',')
            p++;
    }
    return count;
}

static int value_of(const enum_value *values, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(values[i].name, name) == 0)
            return values[i].value;
    CHECK_MSG(0, "%s is not a member", name);
    return -1000;
}

/* Every entry of set with context equals a value of the spec's enum, one
 * to one; names come from the codec (checked: its lowercase spelling). */
static void expect_set(sluice_name_set set, int32_t context, const enum_value *values,
                       size_t count, const char *what)
{
    size_t all = 0, in_context = 0;
    const sluice_code_name *names = code_names(set, &all);
    for (size_t i = 0; i < all; i++)
        in_context += names[i].context == context;
    CHECK_MSG(in_context == count, "%s: %zu names, the source has %zu values", what, in_context,
              count);
    for (size_t i = 0; i < count; i++)
        CHECK_MSG(code_name(set, context, values[i].value) != NULL, "%s: %s (%d) has no name",
                  what, values[i].name, values[i].value);
}

/* The lowercase of name without prefix ("SLUICE_SC_HOME_DOMAIN" ->
 * "home_domain"; the prefix itself names the first kind: "SLUICE_TRANSFER"
 * -> "transfer"). */
static void expect_row_enum(const char *rows_h, const char *head, const char *prefix,
                            sluice_name_set set)
{
    enum_value values[MAX_VALUES];
    size_t count = parse_enum(rows_h, head, values);
    CHECK(count > 0);
    expect_set(set, 0, values, count, head);
    for (size_t i = 0; i < count; i++) {
        const char *rest = values[i].name + strlen(prefix);
        if (strncmp(values[i].name, prefix, strlen(prefix)) != 0)
            rest = values[i].name;
        if (*rest == '_')
            rest++;
        else if (*rest == '\0') /* the prefix itself, e.g. SLUICE_TRANSFER */
            rest = strrchr(prefix, '_') + 1;
        char want[96];
        size_t n = 0;
        for (; rest[n] && n + 1 < sizeof want; n++)
            want[n] = (char)tolower((unsigned char)rest[n]);
        want[n] = '\0';
        const char *got = code_name(set, 0, values[i].value);
        CHECK_MSG(got && strcmp(got, want) == 0, "%s: %d is %s, want %s", head,
                  values[i].value, testlib_shown(got), want);
    }
}

static void test_operation_types(const char *spec)
{
    enum_value types[MAX_VALUES];
    size_t count = parse_enum(spec, "enum OperationType", types);
    CHECK(count >= 27);
    expect_set(SLUICE_NAMES_OPERATION_TYPE, 0, types, count, "OperationType");
    for (size_t i = 0; i < count; i++) {
        char want[96];
        size_t n = 0;
        for (; types[i].name[n]; n++)
            want[n] = (char)tolower((unsigned char)types[i].name[n]);
        want[n] = '\0';
        const char *got = code_name(SLUICE_NAMES_OPERATION_TYPE, 0, types[i].value);
        CHECK_MSG(got && strcmp(got, want) == 0, "%s is %s", types[i].name, testlib_shown(got));
    }
    CHECK(code_name(SLUICE_NAMES_OPERATION_TYPE, 0, (int32_t)count) == NULL);
}

/* OperationResult's inner union: case TYPE: XResult field; and XResult's
 * switch names the code enum. */
static void test_operation_type_results(const char *spec)
{
    enum_value types[MAX_VALUES];
    size_t type_count = parse_enum(spec, "enum OperationType", types);
    const char *p = strstr(spec, "union OperationResult switch");
    p = p ? strstr(p, "union switch (OperationType type)") : NULL;
    CHECK(p != NULL);
    const char *end = p ? strstr(p, "}") : NULL;
    size_t cases = 0;
    while (p && (p = strstr(p, "case ")) != NULL && p < end) {
        char type_name[96], result_type[96], head[160];
        p = read_identifier(p + 5, type_name, sizeof type_name);
        p = read_identifier(skip_space(p + 1), result_type, sizeof result_type);
        int type = value_of(types, type_count, type_name);
        /* "union PaymentResult switch (PaymentResultCode code)" */
        snprintf(head, sizeof head, "union %s switch (", result_type);
        const char *code_enum_at = strstr(spec, head);
        CHECK_MSG(code_enum_at != NULL, "%s not found", head);
        if (!code_enum_at)
            continue;
        char code_enum[96], enum_head[128];
        read_identifier(skip_space(code_enum_at + strlen(head)), code_enum, sizeof code_enum);
        const char *listed = code_names_result_enum(type);
        CHECK_MSG(listed && strcmp(listed, code_enum) == 0, "%s: result enum %s, the spec's %s",
                  type_name, testlib_shown(listed), code_enum);
        enum_value codes[MAX_VALUES];
        snprintf(enum_head, sizeof enum_head, "enum %s\n", code_enum);
        size_t code_count = parse_enum(spec, enum_head, codes);
        expect_set(SLUICE_NAMES_OPERATION_TYPE_RESULT, type, codes, code_count, code_enum);
        cases++;
    }
    CHECK_MSG(cases == type_count, "%zu cases for %zu operation types", cases, type_count);
    CHECK(code_names_result_enum((int32_t)type_count) == NULL);
    CHECK(strcmp(code_name(SLUICE_NAMES_OPERATION_TYPE_RESULT, 1, -2), "underfunded") == 0);
    CHECK(strcmp(code_name(SLUICE_NAMES_OPERATION_TYPE_RESULT, 4, -12), "low_reserve") == 0);
}

static void test_result_codes(const char *spec)
{
    enum_value values[MAX_VALUES];
    size_t count = parse_enum(spec, "enum TransactionResultCode", values);
    expect_set(SLUICE_NAMES_TRANSACTION_RESULT, 0, values, count, "TransactionResultCode");
    CHECK(strcmp(code_name(SLUICE_NAMES_TRANSACTION_RESULT, 0, 0), "tx_success") == 0);
    CHECK(strcmp(code_name(SLUICE_NAMES_TRANSACTION_RESULT, 0, -5), "tx_bad_seq") == 0);
    count = parse_enum(spec, "enum OperationResultCode", values);
    expect_set(SLUICE_NAMES_OPERATION_RESULT, 0, values, count, "OperationResultCode");
    CHECK(strcmp(code_name(SLUICE_NAMES_OPERATION_RESULT, 0, -1), "op_bad_auth") == 0);
}

static void test_row_enums(void)
{
    char *rows_h = read_source("core/include/sluice/rows.h");
    expect_row_enum(rows_h, "typedef enum sluice_state_category", "SLUICE_SC",
                    SLUICE_NAMES_STATE_CATEGORY);
    expect_row_enum(rows_h, "typedef enum sluice_state_reason", "SLUICE_SR",
                    SLUICE_NAMES_STATE_REASON);
    expect_row_enum(rows_h, "typedef enum sluice_transfer_kind", "SLUICE_TRANSFER",
                    SLUICE_NAMES_TRANSFER_KIND);
    expect_row_enum(rows_h, "typedef enum sluice_contract_event_type", "SLUICE_EVENT",
                    SLUICE_NAMES_CONTRACT_EVENT_TYPE);
    free(rows_h);
}

/* Sets are ordered (context, code), and an unknown set is empty. */
static void test_order(void)
{
    for (int set = SLUICE_NAMES_OPERATION_TYPE; set <= SLUICE_NAMES_CONTRACT_EVENT_TYPE; set++) {
        size_t count = 0;
        const sluice_code_name *names = code_names((sluice_name_set)set, &count);
        CHECK_MSG(count > 0, "set %d is empty", set);
        for (size_t i = 1; i < count; i++)
            CHECK(names[i - 1].context < names[i].context ||
                  (names[i - 1].context == names[i].context && names[i - 1].code < names[i].code));
    }
    size_t count = 1;
    CHECK(code_names((sluice_name_set)99, &count) == NULL && count == 0);
    CHECK(code_name((sluice_name_set)0, 0, 0) == NULL);
}

int main(void)
{
    char *spec = read_source("core/xdr/spec/Stellar-transaction.x");
    RUN_CASE(test_operation_types(spec));
    RUN_CASE(test_operation_type_results(spec));
    RUN_CASE(test_result_codes(spec));
    RUN_CASE(test_row_enums());
    RUN_CASE(test_order());
    free(spec);
    return test_finish();
}
