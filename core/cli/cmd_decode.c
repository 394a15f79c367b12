/* cmd_decode.c — `sluice decode [--type TYPE] [--input raw|framed|batch|base64]
 *                 [--max-bytes N] [FILE|-]`
 *
 * Reads FILE (or stdin), unpacks gzip/zstd when the magic number says so,
 * splits it into XDR values according to --input, and prints each value as
 * one line of JSON in the shape of @stellar/stellar-xdr-json:
 *   raw     the whole input is one value of TYPE (default LedgerCloseMeta)
 *   framed  a stellar-core metadata stream: [0x80000000|len][len bytes]...
 *   batch   one LedgerCloseMetaBatch (a data-lake object); prints each of
 *           its ledgers as a LedgerCloseMeta (TYPE must be LedgerCloseMeta)
 *   base64  one base64 value per line
 * The input, and what it unpacks to, are bounded by --max-bytes (default
 * 1 GiB, as the archive source's max_file_bytes): a larger input is refused
 * before it is all read, a zstd/gzip input as soon as it expands past it.
 * A reader that closes the output (sluice decode F | head) ends the run
 * quietly with status 0.
 * Exit codes: 0 ok, 2 usage error, 5 invalid data (the message names the
 * type, field path, byte offset and reason), 1 I/O failure.
 */
#include "config.h"

#include "cli/cmd_decode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/exit_codes.h"
#include "config/config_units.h"
#include "xdr/gen/sx_codec.h"
#include "xdr/sx_input.h"

/* Default bound of the input and of what it unpacks to (a LedgerCloseMeta
 * is a few MB; a data-lake object of 64 ledgers a few hundred). */
#define DECODE_DEFAULT_MAX_BYTES ((size_t)1 << 30)

/* The run is over without error: help was printed, or the reader closed
 * the output (see the top comment). */
#define DECODE_DONE (-1)

typedef enum { INPUT_RAW, INPUT_FRAMED, INPUT_BATCH, INPUT_BASE64 } input_mode;

typedef struct decode_opts {
    const char *type;
    input_mode mode;
    const char *file;
    size_t max_bytes;
} decode_opts;

/* State shared by every value printed in one run. */
typedef struct decode_run {
    const sx_type_info *info;
    sx_arena *arena;
    void *value;    /* sizeof(info->size) scratch, reused per value */
    sx_buf json;
    size_t index;   /* ordinal of the value being decoded, for messages */
} decode_run;

static const char decode_usage[] =
    "usage: sluice decode [--type TYPE] [--input raw|framed|batch|base64] [--max-bytes N]\n"
    "                     [FILE|-]\n"
    "Print XDR values (default type LedgerCloseMeta) as JSON, one per line.\n"
    "  --type TYPE      the Stellar XDR type of each value\n"
    "  --input MODE     raw: the whole input is one value; framed: a stellar-core\n"
    "                   metadata stream; batch: a data-lake LedgerCloseMetaBatch;\n"
    "                   base64: one base64 value per line\n"
    "  --max-bytes N    refuse inputs (or what they unpack to) over N bytes\n"
    "                   (a size: 512M, 2G, or bytes; default 1G)\n"
    "gzip and zstd inputs are unpacked first.\n";

static int usage(const char *why)
{
    fprintf(stderr, "sluice decode: %s\n%s", why, decode_usage);
    return EXIT_USAGE;
}

static int parse_mode(const char *s, input_mode *mode)
{
    static const struct { const char *name; input_mode mode; } modes[] = {
        {"raw", INPUT_RAW}, {"framed", INPUT_FRAMED}, {"batch", INPUT_BATCH}, {"base64", INPUT_BASE64}};
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(s, modes[i].name) == 0) {
            *mode = modes[i].mode;
            return 0;
        }
    }
    return -1;
}

/* Returns 0, or an exit code after printing the usage error. */
static int parse_args(int argc, char **argv, decode_opts *o)
{
    o->type = "LedgerCloseMeta";
    o->mode = INPUT_RAW;
    o->file = "-";
    o->max_bytes = DECODE_DEFAULT_MAX_BYTES;
    int have_file = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(decode_usage, stdout);
            return DECODE_DONE;
        } else if (strcmp(a, "--type") == 0 || strcmp(a, "--input") == 0 ||
                   strcmp(a, "--max-bytes") == 0) {
            if (i + 1 >= argc)
                return usage("missing value after an option");
            val = argv[++i];
        } else if (strncmp(a, "--type=", 7) == 0 || strncmp(a, "--input=", 8) == 0 ||
                   strncmp(a, "--max-bytes=", 12) == 0) {
            val = strchr(a, '=') + 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage("unknown option");
        } else if (have_file++) {
            return usage("more than one input file");
        } else {
            o->file = a;
            continue;
        }
        if (strncmp(a, "--type", 6) == 0)
            o->type = val;
        else if (strncmp(a, "--max-bytes", 11) == 0) {
            int64_t bytes;
            if (config_parse_size(val, &bytes) != 0 || bytes <= 0 || (uint64_t)bytes > SIZE_MAX)
                return usage("--max-bytes takes a size: bytes, or with k, M, G (256M)");
            o->max_bytes = (size_t)bytes;
        } else if (parse_mode(val, &o->mode))
            return usage("--input must be raw, framed, batch or base64");
    }
    if (o->mode == INPUT_BATCH && strcmp(o->type, "LedgerCloseMeta") != 0)
        return usage("--input batch prints LedgerCloseMeta values; drop --type");
    return 0;
}

static int too_large(const char *file, size_t max_bytes)
{
    fprintf(stderr, "sluice decode: %s: input larger than the limit of %zu bytes\n"
                    "HINT: raise it with --max-bytes if the input is what you meant.\n",
            file, max_bytes);
    return EXIT_DATA;
}

/* Read the whole input, refusing (before holding it) one over max_bytes. */
static int read_all(const char *file, size_t max_bytes, sx_buf *out)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "sluice decode: %s: %s\n", file, strerror(errno));
        return EXIT_FAILURE_;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        if (f != stdin)
            fclose(f);
        return too_large(file, max_bytes);
    }
    uint8_t chunk[1 << 16];
    size_t n;
    int rc = EXIT_OK;
    while (rc == EXIT_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (out->len + n > max_bytes)
            rc = too_large(file, max_bytes);
        else if (sx_buf_put(out, chunk, n))
            rc = EXIT_FAILURE_;
    }
    if (rc == EXIT_OK && ferror(f))
        rc = EXIT_FAILURE_;
    if (rc == EXIT_FAILURE_)
        fprintf(stderr, "sluice decode: %s: read failed\n", file);
    if (f != stdin)
        fclose(f);
    return rc;
}

/* The input bytes, unpacked when compressed; *data points into raw or plain. */
static int load_input(const char *file, size_t max_bytes, sx_buf *raw, sx_buf *plain,
                      const uint8_t **data, size_t *len)
{
    int rc = read_all(file, max_bytes, raw);
    if (rc)
        return rc;
    char why[256];
    int unpacked;
    if (sx_input_unpack(raw->data, raw->len, max_bytes, plain, &unpacked, why, sizeof(why))) {
        fprintf(stderr, "sluice decode: %s: %s\n", file, why);
        return EXIT_DATA;
    }
    *data = unpacked ? plain->data : raw->data;
    *len = unpacked ? plain->len : raw->len;
    return EXIT_OK;
}

static int print_json(decode_run *run, const sx_type_info *info, const void *value)
{
    run->json.len = 0;
    if (info->json(value, &run->json) || sx_buf_put(&run->json, "\n", 1)) {
        fprintf(stderr, "sluice decode: value %zu: JSON: %s\n", run->index,
                run->json.fail ? run->json.fail : "failed");
        return EXIT_FAILURE_;
    }
    if (fwrite(run->json.data, 1, run->json.len, stdout) != run->json.len) {
        if (errno == EPIPE)
            return DECODE_DONE;
        fprintf(stderr, "sluice decode: write failed: %s\n", strerror(errno));
        return EXIT_FAILURE_;
    }
    return EXIT_OK;
}

static int report_decode_error(const decode_run *run, const sx_error *err)
{
    char line[1024];
    fprintf(stderr, "sluice decode: value %zu: %s\n", run->index,
            sx_error_format(err, line, sizeof(line)));
    return EXIT_DATA;
}

static int decode_one(decode_run *run, const uint8_t *data, size_t len)
{
    sx_error err;
    sx_arena_reset(run->arena);
    if (run->info->decode(data, len, run->arena, run->value, &err))
        return report_decode_error(run, &err);
    int rc = print_json(run, run->info, run->value);
    run->index++;
    return rc;
}

static int decode_batch(decode_run *run, const uint8_t *data, size_t len)
{
    sx_LedgerCloseMetaBatch batch;
    sx_error err;
    sx_arena_reset(run->arena);
    if (sx_decode_LedgerCloseMetaBatch(data, len, run->arena, &batch, &err))
        return report_decode_error(run, &err);
    const sx_type_info *lcm = sx_registry_find("LedgerCloseMeta");
    int rc = EXIT_OK;
    for (uint32_t i = 0; rc == EXIT_OK && i < batch.ledgerCloseMetas.len; i++, run->index++)
        rc = print_json(run, lcm, &batch.ledgerCloseMetas.items[i]);
    return rc;
}

static int decode_frames(decode_run *run, const uint8_t *data, size_t len)
{
    size_t pos = 0, frame_len;
    const uint8_t *frame;
    char why[256];
    int more, rc = EXIT_OK;
    while (rc == EXIT_OK && (more = sx_frame_next(data, len, &pos, &frame, &frame_len, why, sizeof(why))) > 0)
        rc = decode_one(run, frame, frame_len);
    if (rc == EXIT_OK && more < 0) {
        fprintf(stderr, "sluice decode: value %zu: %s\n", run->index, why);
        rc = EXIT_DATA;
    }
    return rc;
}

static int decode_base64_lines(decode_run *run, const uint8_t *data, size_t len)
{
    const char *text = (const char *)data, *end = text + len;
    sx_buf bytes;
    sx_buf_init(&bytes);
    int rc = EXIT_OK;
    while (rc == EXIT_OK && text < end) {
        const char *eol = memchr(text, '\n', (size_t)(end - text));
        size_t n = (size_t)((eol ? eol : end) - text);
        char why[256];
        bytes.len = 0;
        if (sx_base64_decode(text, n, &bytes, why, sizeof(why))) {
            fprintf(stderr, "sluice decode: value %zu: %s\n", run->index, why);
            rc = EXIT_DATA;
        } else if (bytes.len > 0) {
            rc = decode_one(run, bytes.data, bytes.len);
        }
        text += n + (eol != NULL);
    }
    sx_buf_free(&bytes);
    return rc;
}

static int decode_input(decode_run *run, input_mode mode, const uint8_t *data, size_t len)
{
    switch (mode) {
    case INPUT_FRAMED:
        return decode_frames(run, data, len);
    case INPUT_BATCH:
        return decode_batch(run, data, len);
    case INPUT_BASE64:
        return decode_base64_lines(run, data, len);
    case INPUT_RAW:
        break;
    }
    return decode_one(run, data, len);
}

int cmd_decode(int argc, char **argv)
{
    decode_opts opts;
    int rc = parse_args(argc, argv, &opts);
    if (rc)
        return rc == DECODE_DONE ? EXIT_OK : rc;
    decode_run run = {.info = sx_registry_find(opts.type)};
    if (!run.info) {
        fprintf(stderr, "sluice decode: unknown XDR type '%s'\n", opts.type);
        return EXIT_USAGE;
    }
    sx_buf raw, plain;
    sx_buf_init(&raw);
    sx_buf_init(&plain);
    sx_buf_init(&run.json);
    run.arena = sx_arena_new(0);
    run.value = malloc(run.info->size);
    const uint8_t *data = NULL;
    size_t len = 0;
    if (!run.arena || !run.value) {
        fprintf(stderr, "sluice decode: out of memory\n");
        rc = EXIT_FAILURE_;
    } else {
        rc = load_input(opts.file, opts.max_bytes, &raw, &plain, &data, &len);
    }
    if (rc == EXIT_OK)
        rc = decode_input(&run, opts.mode, data, len);
    if (rc == EXIT_OK && fflush(stdout) != 0)
        rc = errno == EPIPE ? DECODE_DONE : EXIT_FAILURE_;
    if (rc == DECODE_DONE)
        rc = EXIT_OK;
    free(run.value);
    sx_arena_free(run.arena);
    sx_buf_free(&run.json);
    sx_buf_free(&raw);
    sx_buf_free(&plain);
    return rc;
}
