/* test_row_format.c — the stdout sink's NDJSON through the real plugin:
 * a hand-made ledger with every row kind is written in both formats; the
 * lines are compared with the documented text exactly (field names, value
 * forms, escaping, int128 extremes) and every line is parsed by jq. */
#include "config.h"

#include "sink_harness.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ACCOUNT_A[] = "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7";
static const char ACCOUNT_B[] = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
static const char CONTRACT[] = "CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC";

/* Ledger 7 with two transactions (the second a failed fee bump with a text
 * memo), two operations, participants, three state changes, two token
 * transfers (a fee, a transfer to a muxed account of a contract token) and
 * balances. */
static sluice_ledger sample_ledger(sluice_transaction_row tx[2], sluice_operation_row op[2],
                                   sluice_participant_row tp[2], sluice_participant_row opp[1],
                                   sluice_state_change_row sc[3], sluice_token_transfer_row tt[2])
{
    static const uint8_t memo[] = "hi \"there\"\n\xff";
    static const uint8_t envelope[] = {1, 2, 3, 4, 5};
    sluice_ledger ledger = harness_ledger(7);
    ledger.ledger.close_time = 1700000035;
    ledger.ledger.protocol_version = 21;
    ledger.ledger.base_fee = 100;
    ledger.ledger.base_reserve = 5000000;
    ledger.ledger.successful_transaction_count = 1;
    ledger.ledger.failed_transaction_count = 1;
    ledger.ledger.operation_count = 2;
    ledger.ledger.total_coins = 1000000000000000000;
    ledger.ledger.fee_pool = 12345;
    memset(ledger.ledger.previous_hash, 0xab, 32);

    memset(tx, 0, 2 * sizeof *tx);
    tx[0].id = (int64_t)7 << 32 | 1 << 12;
    memset(tx[0].hash, 0x11, 32);
    tx[0].ledger_sequence = 7;
    tx[0].application_order = 1;
    strcpy(tx[0].source_account, ACCOUNT_A);
    tx[0].max_fee = 200;
    tx[0].fee_charged = 100;
    tx[0].successful = true;
    tx[0].memo_type = SLUICE_MEMO_NONE;
    tx[0].operation_count = 1;
    tx[0].envelope_xdr.data = envelope;
    tx[0].envelope_xdr.len = sizeof envelope;
    tx[1] = tx[0];
    tx[1].id = (int64_t)7 << 32 | 2 << 12;
    memset(tx[1].hash, 0x22, 32);
    tx[1].application_order = 2;
    tx[1].is_fee_bump = true;
    strcpy(tx[1].fee_account, ACCOUNT_B);
    memset(tx[1].inner_hash, 0x33, 32);
    tx[1].max_fee = INT64_MAX;
    tx[1].successful = false;
    tx[1].result_code = -1;
    tx[1].memo_type = SLUICE_MEMO_TEXT;
    tx[1].memo_value.data = memo;
    tx[1].memo_value.len = sizeof memo - 1;
    tx[1].envelope_xdr.len = 0;

    memset(op, 0, 2 * sizeof *op);
    op[0].id = tx[0].id + 1;
    op[0].transaction_id = tx[0].id;
    op[0].type = 1;
    strcpy(op[0].source_account, ACCOUNT_A);
    op[0].successful = true;
    op[0].has_result = true;
    op[1] = op[0];
    op[1].id = tx[1].id + 1;
    op[1].transaction_id = tx[1].id;
    op[1].has_source_muxed_id = true;
    op[1].source_muxed_id = UINT64_MAX;
    op[1].successful = false;
    op[1].operation_result_code = -1;
    op[1].has_result = false;

    memset(tp, 0, 2 * sizeof *tp);
    tp[0].id = tx[0].id;
    strcpy(tp[0].account, ACCOUNT_A);
    tp[1].id = tx[1].id;
    strcpy(tp[1].account, ACCOUNT_B);
    memset(opp, 0, sizeof *opp);
    opp[0].id = op[0].id;
    strcpy(opp[0].account, ACCOUNT_B);

    memset(sc, 0, 3 * sizeof *sc);
    sc[0].operation_id = tx[0].id;
    sc[0].category = SLUICE_SC_BALANCE;
    sc[0].reason = SLUICE_SR_FEE;
    strcpy(sc[0].account, ACCOUNT_A);
    sc[0].asset = "native";
    sc[0].amount = (sluice_int128){-1, 0}; /* -2^64 */
    sc[1] = sc[0];
    sc[1].order = 1;
    sc[1].reason = SLUICE_SR_CREDIT;
    sc[1].asset = "AB\"\\\x01:\xc3\xa9\xe0\x80";
    sc[1].amount = (sluice_int128){INT64_MAX, UINT64_MAX}; /* 2^127 - 1 */
    sc[2] = sc[0];
    sc[2].order = 2;
    sc[2].category = SLUICE_SC_SIGNER;
    sc[2].reason = SLUICE_SR_ADD;
    sc[2].asset = NULL;
    sc[2].details_json = "{\"signer\":\"x\",\"weight\":1}";

    ledger.transactions = tx;
    ledger.transaction_count = 2;
    ledger.operations = op;
    ledger.operation_count = 2;
    ledger.transaction_participants = tp;
    ledger.transaction_participant_count = 2;
    ledger.operation_participants = opp;
    ledger.operation_participant_count = 1;
    memset(tt, 0, 2 * sizeof *tt);
    tt[0].transaction_id = tx[0].id;
    tt[0].kind = SLUICE_TRANSFER_FEE;
    strcpy(tt[0].from, ACCOUNT_A);
    tt[0].asset = "native";
    strcpy(tt[0].asset_contract, CONTRACT);
    tt[0].amount = (sluice_int128){-1, (uint64_t)-100}; /* a refund */
    tt[1].transaction_id = tx[0].id;
    tt[1].operation_id = op[0].id;
    tt[1].event_index = 3;
    tt[1].kind = SLUICE_TRANSFER;
    strcpy(tt[1].from, CONTRACT);
    strcpy(tt[1].to, ACCOUNT_B);
    strcpy(tt[1].asset_contract, CONTRACT);
    tt[1].amount = (sluice_int128){INT64_MAX, UINT64_MAX}; /* 2^127 - 1 */
    tt[1].has_to_muxed_id = true;
    tt[1].to_muxed_id = UINT64_MAX;

    ledger.state_changes = sc;
    ledger.state_change_count = 3;
    ledger.token_transfers = tt;
    ledger.token_transfer_count = 2;
    return ledger;
}

static const char *const expected_rows[] = {
    "{\"type\":\"ledger\",\"sequence\":7,"
    "\"hash\":\"0708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526\","
    "\"previous_hash\":\"abababababababababababababababababababababababababababababababab\","
    "\"close_time\":1700000035,\"protocol_version\":21,\"base_fee\":100,"
    "\"base_reserve\":5000000,\"successful_transaction_count\":1,"
    "\"failed_transaction_count\":1,\"operation_count\":2,"
    "\"total_coins\":\"1000000000000000000\",\"fee_pool\":\"12345\"}",
    "{\"type\":\"transaction\",\"id\":\"30064775168\","
    "\"hash\":\"1111111111111111111111111111111111111111111111111111111111111111\","
    "\"ledger_sequence\":7,\"application_order\":1,"
    "\"source_account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"is_fee_bump\":false,\"fee_account\":null,\"inner_hash\":null,\"max_fee\":\"200\","
    "\"fee_charged\":\"100\",\"successful\":true,\"result_code\":0,"
    "\"result_code_name\":\"tx_success\",\"memo_type\":0,"
    "\"memo_value\":null,\"operation_count\":1,\"envelope_xdr\":\"AQIDBAU=\","
    "\"result_xdr\":null,\"meta_xdr\":null}",
    "{\"type\":\"transaction\",\"id\":\"30064779264\","
    "\"hash\":\"2222222222222222222222222222222222222222222222222222222222222222\","
    "\"ledger_sequence\":7,\"application_order\":2,"
    "\"source_account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"is_fee_bump\":true,"
    "\"fee_account\":\"GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ\","
    "\"inner_hash\":\"3333333333333333333333333333333333333333333333333333333333333333\","
    "\"max_fee\":\"9223372036854775807\",\"fee_charged\":\"100\",\"successful\":false,"
    "\"result_code\":-1,\"result_code_name\":\"tx_failed\",\"memo_type\":1,"
    "\"memo_value\":\"686920227468657265220aff\","
    "\"operation_count\":1,\"envelope_xdr\":null,\"result_xdr\":null,\"meta_xdr\":null}",
    "{\"type\":\"operation\",\"id\":\"30064775169\",\"transaction_id\":\"30064775168\","
    "\"operation_type\":1,\"operation_type_name\":\"payment\","
    "\"source_account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"source_muxed_id\":null,\"successful\":true,\"result_code\":0,"
    "\"result_code_name\":\"success\",\"operation_result_code\":0,"
    "\"operation_result_code_name\":\"op_inner\",\"has_result\":true}",
    NULL, /* the second operation: checked through jq below */
    "{\"type\":\"participant\",\"table\":\"transaction_participants\",\"id\":\"30064775168\","
    "\"account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\"}",
    "{\"type\":\"participant\",\"table\":\"transaction_participants\",\"id\":\"30064779264\","
    "\"account\":\"GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ\"}",
    "{\"type\":\"participant\",\"table\":\"operation_participants\",\"id\":\"30064775169\","
    "\"account\":\"GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ\"}",
    "{\"type\":\"state_change\",\"operation_id\":\"30064775168\",\"order\":0,\"category\":1,"
    "\"category_name\":\"balance\",\"reason\":5,\"reason_name\":\"fee\","
    "\"account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"asset\":\"native\",\"amount\":\"-18446744073709551616\",\"details_json\":null}",
    "{\"type\":\"state_change\",\"operation_id\":\"30064775168\",\"order\":1,\"category\":1,"
    "\"category_name\":\"balance\",\"reason\":1,\"reason_name\":\"credit\","
    "\"account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"asset\":\"AB\\\"\\\\\\u0001:\xc3\xa9\\ufffd\\ufffd\","
    "\"amount\":\"170141183460469231731687303715884105727\",\"details_json\":null}",
    "{\"type\":\"state_change\",\"operation_id\":\"30064775168\",\"order\":2,\"category\":4,"
    "\"category_name\":\"signer\",\"reason\":8,\"reason_name\":\"add\","
    "\"account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"asset\":null,\"amount\":null,\"details_json\":{\"signer\":\"x\",\"weight\":1}}",
    "{\"type\":\"token_transfer\",\"transaction_id\":\"30064775168\",\"operation_id\":null,"
    "\"event_index\":0,\"kind\":5,\"kind_name\":\"fee\","
    "\"from\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\",\"to\":null,"
    "\"asset\":\"native\","
    "\"asset_contract\":\"CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC\","
    "\"amount\":\"-100\",\"to_muxed_id\":null}",
    "{\"type\":\"token_transfer\",\"transaction_id\":\"30064775168\","
    "\"operation_id\":\"30064775169\",\"event_index\":3,\"kind\":1,\"kind_name\":\"transfer\","
    "\"from\":\"CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC\","
    "\"to\":\"GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ\",\"asset\":null,"
    "\"asset_contract\":\"CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC\","
    "\"amount\":\"170141183460469231731687303715884105727\","
    "\"to_muxed_id\":\"18446744073709551615\"}",
    "{\"type\":\"balance\",\"kind\":2,\"operation_id\":\"30064775169\","
    "\"account\":\"GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7\","
    "\"asset\":\"native\",\"balance\":\"-170141183460469231731687303715884105728\","
    "\"limit\":\"0\",\"flags\":0}",
};

/* Write ledger 7 (+ balances) in one transaction to a fresh output. */
/* Extra bytes after each row of a "grown" ledger: what a newer minor ABI
 * may append to a row struct, here filled with 0xee. */
#define GROWTH 24

/* count rows of size bytes copied size + GROWTH apart into a new buffer,
 * the array a core of a later minor hands over; kept in *keep to free. */
static const void *spread(const void *rows, size_t count, size_t size, void **keep)
{
    char *wide = malloc(count * (size + GROWTH) + 1);
    memset(wide, 0xee, count * (size + GROWTH) + 1);
    for (size_t i = 0; i < count; i++)
        memcpy(wide + i * (size + GROWTH), (const char *)rows + i * size, size);
    *keep = wide;
    return wide;
}

static void write_sample_rows(const char *output, const char *extra_lines, int grown)
{
    sluice_transaction_row tx[2];
    sluice_operation_row op[2];
    sluice_participant_row tp[2], opp[1];
    sluice_state_change_row sc[3];
    sluice_token_transfer_row tt[2];
    sluice_ledger ledger = sample_ledger(tx, op, tp, opp, sc, tt);
    void *keep[7] = {0};
    if (grown) {
        ledger.transactions = spread(tx, 2, sizeof *tx, &keep[0]);
        ledger.operations = spread(op, 2, sizeof *op, &keep[1]);
        ledger.transaction_participants = spread(tp, 2, sizeof *tp, &keep[2]);
        ledger.operation_participants = spread(opp, 1, sizeof *opp, &keep[3]);
        ledger.state_changes = spread(sc, 3, sizeof *sc, &keep[4]);
        ledger.token_transfers = spread(tt, 2, sizeof *tt, &keep[6]);
        ledger.transaction_row_size += GROWTH;
        ledger.operation_row_size += GROWTH;
        ledger.transaction_participant_row_size += GROWTH;
        ledger.operation_participant_row_size += GROWTH;
        ledger.state_change_row_size += GROWTH;
        ledger.token_transfer_row_size += GROWTH;
    }
    sluice_balance_change balance;
    memset(&balance, 0, sizeof balance);
    balance.kind = SLUICE_BALANCE_UPDATE;
    balance.operation_id = op[0].id;
    strcpy(balance.account, ACCOUNT_A);
    balance.asset = "native";
    balance.balance = (sluice_int128){INT64_MIN, 0};

    char lines[9000];
    snprintf(lines, sizeof lines, "output = %s\n%s", output, extra_lines);
    sink_under_test sink;
    CHECK(harness_open(&sink, "format", lines) == SLUICE_OK);
    if (!sink.handle)
        return;
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    const sluice_balance_change *balances =
        grown ? spread(&balance, 1, sizeof balance, &keep[5]) : &balance;
    CHECK(sink.ops->write_balances(sink.handle, balances, 1,
                                   sizeof balance + (grown ? GROWTH : 0)) == SLUICE_OK);
    CHECK(sink.ops->commit(sink.handle) == SLUICE_OK);
    harness_close(&sink);
    for (size_t i = 0; i < 7; i++)
        free(keep[i]);
}

static void write_sample(const char *output, const char *extra_lines)
{
    write_sample_rows(output, extra_lines, 0);
}

/* Rows larger than this build's structs (a later minor's) are read at
 * their element size: the sink writes the same lines, in both formats. */
static void test_grown_rows(const char *dir)
{
    const char *formats[] = {"", "format = ledger"};
    for (size_t f = 0; f < 2; f++) {
        char plain[4096], grown[4096];
        snprintf(plain, sizeof plain, "%s/plain-%zu.ndjson", dir, f);
        snprintf(grown, sizeof grown, "%s/grown-%zu.ndjson", dir, f);
        write_sample_rows(plain, formats[f], 0);
        write_sample_rows(grown, formats[f], 1);
        size_t plain_len = 0, grown_len = 0;
        char *plain_text = harness_read_file(plain, &plain_len);
        char *grown_text = harness_read_file(grown, &grown_len);
        CHECK_MSG(plain_text && grown_text && plain_len > 500 && plain_len == grown_len &&
                      memcmp(plain_text, grown_text, plain_len) == 0,
                  "format '%s': grown rows written differently", formats[f]);
        free(plain_text);
        free(grown_text);
    }
}

/* The output of `jq -c -r FILTER path`, or NULL when jq failed. */
static char *jq(const char *filter, const char *path)
{
    char command[9000];
    snprintf(command, sizeof command, "jq -c -r '%s' '%s' 2>&1", filter, path);
    FILE *pipe = popen(command, "r");
    if (!pipe)
        return NULL;
    static char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, pipe);
    text[len] = '\0';
    return pclose(pipe) == 0 ? text : NULL;
}

static void test_rows_format(const char *dir)
{
    char output[4200];
    snprintf(output, sizeof output, "%s/rows.ndjson", dir);
    write_sample(output, "");
    char *text = harness_read_file(output, NULL);
    CHECK(text != NULL);
    char *line = text;
    size_t count = sizeof expected_rows / sizeof *expected_rows;
    for (size_t i = 0; text && i < count; i++) {
        char *newline = strchr(line, '\n');
        CHECK_MSG(newline != NULL, "line %zu missing", i + 1);
        if (!newline)
            break;
        *newline = '\0';
        if (expected_rows[i])
            CHECK_MSG(strcmp(line, expected_rows[i]) == 0, "line %zu:\n got  %s\n want %s",
                      i + 1, line, expected_rows[i]);
        line = newline + 1;
    }
    CHECK_MSG(text && *line == '\0', "extra text: %s", line);
    free(text);

    /* every line is JSON; values come back exact */
    CHECK_STR_CONTAINS(jq(".type", output), "ledger\ntransaction\ntransaction\noperation\n"
                       "operation\nparticipant\nparticipant\nparticipant\nstate_change\n"
                       "state_change\nstate_change\ntoken_transfer\ntoken_transfer\nbalance\n");
    CHECK_STR_CONTAINS(jq("select(.type==\"operation\" and .successful==false) | "
                          "[.source_muxed_id, .operation_result_code, .has_result]", output),
                       "[\"18446744073709551615\",-1,false]");
    /* a failed operation without results: its codes have no names */
    CHECK_STR_CONTAINS(jq("select(.type==\"operation\" and .successful==false) | "
                          "[.operation_type_name, .result_code_name, "
                          ".operation_result_code_name]", output),
                       "[\"payment\",null,null]");
    CHECK_STR_CONTAINS(jq("select(.type==\"state_change\" and .order==1) | .asset", output),
                       "AB\"\\\x01:\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_STR_CONTAINS(jq("select(.type==\"state_change\" and .order==2) | .details_json.weight",
                          output), "1");
}

static void test_ledger_format(const char *dir)
{
    char output[4200];
    snprintf(output, sizeof output, "%s/ledger.ndjson", dir);
    write_sample(output, "format = ledger\ninclude_frame = true");
    CHECK(harness_count_lines(output, "{\"type\":\"ledger\",\"sequence\":7,") == 1);
    CHECK(harness_count_lines(output, "{\"type\":\"balance\",") == 1);
    CHECK(harness_count_lines(output, "{") == 2);
    const char *summary = jq("select(.type==\"ledger\") | [(.transactions|length), "
                             "(.operations|length), (.transaction_participants|length), "
                             "(.operation_participants|length), (.state_changes|length), "
                             "(.token_transfers|length), "
                             ".transactions[1].memo_value, .state_changes[0].amount, "
                             ".frame_xdr]", output);
    CHECK_STR_CONTAINS(summary, "[2,2,2,1,3,2,\"686920227468657265220aff\","
                       "\"-18446744073709551616\",null]");
    /* nested rows are the row objects without "type" (and "table") */
    CHECK_STR_CONTAINS(jq("select(.type==\"ledger\") | .transactions[0] | keys_unsorted | join(\",\")", output),
                       "id,hash,ledger_sequence,application_order,source_account,is_fee_bump,"
                       "fee_account,inner_hash,max_fee,fee_charged,successful,result_code,"
                       "result_code_name,memo_type,memo_value,operation_count,envelope_xdr,result_xdr,meta_xdr");
    CHECK_STR_CONTAINS(jq("select(.type==\"ledger\") | .operation_participants[0]", output),
                       "{\"id\":\"30064775169\",\"account\":\"" "GA7QYNF7SOWQ3GLR2BGMZEHXAVIR"
                       "ZA4KVWLTJJFC7MGXUA74P7UJVSGZ\"}");
}

/* include_frame: the raw frame, base64, in the ledger object. */
static void test_include_frame(const char *dir)
{
    char output[4200], lines[4400];
    snprintf(output, sizeof output, "%s/frame.ndjson", dir);
    snprintf(lines, sizeof lines, "output = %s\ninclude_frame = yes", output);
    sink_under_test sink;
    CHECK(harness_open(&sink, "frame", lines) == SLUICE_OK);
    if (!sink.handle)
        return;
    static const uint8_t frame[] = {0, 0, 0, 1, 0xfb, 0xff};
    sluice_ledger ledger = harness_ledger(3);
    ledger.frame.data = frame;
    ledger.frame.len = sizeof frame;
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    CHECK(sink.ops->commit(sink.handle) == SLUICE_OK);
    harness_close(&sink);
    CHECK_STR_CONTAINS(jq(".frame_xdr", output), "AAAAAfv/");
}

/* NULL falls where the PostgreSQL sink puts it: an empty text memo is ""
 * (null only without a memo), a fee bump's inner hash is written even when
 * zero. */
static void test_null_rules(const char *dir)
{
    char output[4200], lines[4400];
    snprintf(output, sizeof output, "%s/nulls.ndjson", dir);
    snprintf(lines, sizeof lines, "output = %s", output);
    sink_under_test sink;
    CHECK(harness_open(&sink, "nulls", lines) == SLUICE_OK);
    if (!sink.handle)
        return;
    sluice_transaction_row tx[2];
    sluice_operation_row op[2];
    sluice_participant_row tp[2], opp[1];
    sluice_state_change_row sc[3];
    sluice_token_transfer_row tt[2];
    sluice_ledger ledger = sample_ledger(tx, op, tp, opp, sc, tt);
    tx[0].memo_type = SLUICE_MEMO_TEXT;
    tx[0].memo_value = (sluice_bytes){NULL, 0};
    memset(tx[1].inner_hash, 0, sizeof tx[1].inner_hash);
    sc[2].reason = (sluice_state_reason)200; /* a code newer than the core: no name */
    op[0].type = 26;
    op[0].result_code = -3;
    CHECK(sink.ops->begin(sink.handle) == SLUICE_OK);
    CHECK(sink.ops->write_ledger(sink.handle, &ledger) == SLUICE_OK);
    CHECK(sink.ops->commit(sink.handle) == SLUICE_OK);
    harness_close(&sink);
    CHECK_STR_CONTAINS(jq("select(.type==\"transaction\") | [.memo_value, .inner_hash]", output),
                       "[\"\",null]\n[\"686920227468657265220aff\","
                       "\"0000000000000000000000000000000000000000000000000000000000000000\"]");
    CHECK_STR_CONTAINS(jq("select(.type==\"state_change\") | [.reason, .reason_name]", output),
                       "[200,null]");
    CHECK_STR_CONTAINS(jq("select(.type==\"operation\" and .successful) | "
                          "[.operation_type_name, .result_code_name]", output),
                       "[\"restore_footprint\",\"insufficient_refundable_fee\"]");
}

int main(void)
{
    if (!jq(".", "/dev/null")) {
        if (getenv("CI") && strcmp(getenv("CI"), "true") == 0) {
            fprintf(stderr, "jq is not installed, and CI=true forbids skipping\n");
            return 99;
        }
        fprintf(stderr, "SKIP: jq is not installed (tools/install-deps.sh --tests)\n");
        return 77;
    }
    const char *dir = harness_dir();
    RUN_CASE(test_rows_format(dir));
    RUN_CASE(test_ledger_format(dir));
    RUN_CASE(test_include_frame(dir));
    RUN_CASE(test_null_rules(dir));
    RUN_CASE(test_grown_rows(dir));
    harness_cleanup();
    return test_finish();
}
