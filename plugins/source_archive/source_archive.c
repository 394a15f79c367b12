/* source_archive.c — the archive source plugin: ledgers from a SEP-54
 * ledger-meta data lake (what Stellar's Galexie exporter writes; the public
 * pubnet copy is s3://aws-public-blockchain/v1.1/stellar/ledgers/pubnet/),
 * from a local directory or over HTTP(S).
 *
 * Files are found by computed name (archive_layout.h), fetched and decoded
 * ahead by a worker pool (archive_prefetch.h), checked (archive_batch.h:
 * bounds as named, contiguous sequences; here: the hash chain across every
 * delivered ledger) and delivered in order, zero-copy out of the decoded
 * batch.  Any violation names the file and stops the range: next() repeats
 * the error until the next prepare(). */
#include "config.h"

#include "archive_lake.h"
#include "archive_prefetch.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sluice/plugin.h>

#define HEAD_WAIT_MS 100

static const sluice_config_key archive_config_keys[] = {
    {"path", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "directory holding the lake (exactly one of path and url)"},
    {"url", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "HTTP(S) base URL of the lake, e.g. https://aws-public-blockchain.s3.us-east-2.amazonaws.com/"
     "v1.1/stellar/ledgers/pubnet (needs libcurl)"},
    {"ledgers_per_file", SLUICE_CONFIG_INT, "1", NULL, 1, 1000000, 0,
     "ledgers per file when the lake has no .config.json manifest"},
    {"files_per_partition", SLUICE_CONFIG_INT, "64000", NULL, 1, 100000000, 0,
     "files per partition folder when the lake has no manifest (1: no partition folders)"},
    {"buffer", SLUICE_CONFIG_INT, "8", NULL, 1, 1024, 0,
     "files fetched and decoded ahead of the one being delivered (bounds memory)"},
    {"download_workers", SLUICE_CONFIG_INT, "2", NULL, 1, 64, 0,
     "parallel fetch and decompression threads"},
    {"poll_interval_ms", SLUICE_CONFIG_INT, "1000", NULL, 10, 3600000, 0,
     "unbounded ranges: wait between looks for a file that does not exist yet"},
    {"max_file_bytes", SLUICE_CONFIG_INT, "1073741824", NULL, 1024, 68719476736LL, 0,
     "largest file accepted, compressed or decompressed"},
    {"first_ledger", SLUICE_CONFIG_INT, "2", NULL, 2, 4294967295LL, 0,
     "a ledger the lake holds, where the search for the newest ledger starts"},
    {"connect_timeout", SLUICE_CONFIG_INT, "10", NULL, 1, 600, 0,
     "HTTP: seconds to set up a connection"},
    {"stall_timeout", SLUICE_CONFIG_INT, "30", NULL, 1, 3600, 0,
     "HTTP: seconds without data before a transfer is abandoned"},
    {"http_retries", SLUICE_CONFIG_INT, "5", NULL, 0, 100, 0,
     "HTTP: attempts after the first on connection errors, timeouts, 408, 429 and 5xx"},
    {"http_max_backoff_ms", SLUICE_CONFIG_INT, "10000", NULL, 100, 600000, 0,
     "HTTP: cap of the wait between attempts (doubling from 100 ms, or the server's "
     "Retry-After)"},
    {"ca_file", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "HTTPS: PEM file of the CA certificates to trust (default: CURL_CA_BUNDLE, "
     "SSL_CERT_FILE, SSL_CERT_DIR, else the system store)"},
    SLUICE_CONFIG_END,
};

typedef struct archive_source {
    const sluice_host *host;
    atomic_int stop;              /* tells workers' HTTP waits to give up */
    archive_lake lake;
    store_session *session;       /* the consumer's: latest_available */
    archive_prefetch *prefetch;
    int poll_interval_ms;
    uint32_t first_ledger;

    /* the prepared range */
    uint32_t from, to;            /* to == 0: unbounded */
    uint32_t next_expected;
    const archive_batch *batch;   /* head file being delivered, or NULL */
    size_t index;                 /* next entry of batch */
    char key[512];                /* batch's file */
    int has_previous;
    uint8_t previous_hash[32];
    uint32_t previous_sequence;
    sluice_status failed;         /* not SLUICE_OK: the range stopped, failure repeats */
    char failure[2048];
} archive_source;

static void hex32(const uint8_t *hash, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

/* Stop the range with message naming the file; returns status
 * (SLUICE_ERROR_DATA: the lake's data is at fault; SLUICE_ERROR: fetching
 * failed). */
static sluice_status stop_range(archive_source *source, sluice_status status,
                                const char *message, const char *detail)
{
    source->failed = status;
    snprintf(source->failure, sizeof source->failure, "%s", message);
    source->host->error(source->host, message, detail, NULL);
    return status;
}

static sluice_status archive_open(const sluice_host *host, void **instance)
{
    const char *path = host->config_string(host, "path");
    const char *url = host->config_string(host, "url");
    if (!path == !url) {
        host->error(host, path ? "both path and url are set" : "neither path nor url is set",
                    NULL, "Set exactly one: path = /dir/of/lake or url = https://host/prefix.");
        return SLUICE_ERROR;
    }
    archive_source *source = calloc(1, sizeof *source);
    if (!source) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    source->host = host;
    atomic_init(&source->stop, 0);
    source->poll_interval_ms = (int)host->config_int(host, "poll_interval_ms", 1000);
    source->first_ledger = (uint32_t)host->config_int(host, "first_ledger", 2);
    lake_settings settings = {
        .store = {
            .path = path, .url = url,
            .connect_timeout_s = (long)host->config_int(host, "connect_timeout", 10),
            .stall_timeout_s = (long)host->config_int(host, "stall_timeout", 30),
            .retries = (int)host->config_int(host, "http_retries", 5),
            .max_backoff_ms = (long)host->config_int(host, "http_max_backoff_ms", 10000),
            .ca_file = host->config_string(host, "ca_file"),
            .stop = &source->stop,
        },
        .layout = {
            .ledgers_per_file = (uint32_t)host->config_int(host, "ledgers_per_file", 1),
            .files_per_partition = (uint32_t)host->config_int(host, "files_per_partition", 64000),
        },
        .max_file_bytes = (size_t)host->config_int(host, "max_file_bytes", 1073741824),
    };
    if (archive_lake_open(&source->lake, host, &settings, &source->session) == 0)
        source->prefetch = archive_prefetch_start(&source->lake,
                                                  (int)host->config_int(host, "download_workers", 2),
                                                  (int)host->config_int(host, "buffer", 8));
    if (!source->prefetch) {
        store_session_close(source->session);
        archive_lake_close(&source->lake);
        free(source);
        return SLUICE_ERROR;
    }
    *instance = source;
    return SLUICE_OK;
}

static sluice_status archive_prepare(void *instance, uint32_t from, uint32_t to)
{
    archive_source *source = instance;
    if (from < 2 || (to && to < from)) {
        char detail[128];
        snprintf(detail, sizeof detail, "from %u, to %u", from, to);
        source->host->error(source->host, "invalid ledger range", detail,
                            "Ledgers start at 2; a bounded range needs from <= to.");
        return SLUICE_ERROR;
    }
    const archive_layout *layout = &source->lake.layout;
    source->from = from;
    source->to = to;
    source->next_expected = from;
    source->batch = NULL;
    source->index = 0;
    source->has_previous = 0;
    source->failed = SLUICE_OK;
    prefetch_restart(source->prefetch, archive_file_start(layout, from),
                     archive_file_start(layout, to ? to : UINT32_MAX));
    return SLUICE_OK;
}

/* Sleep ms in 100 ms slices; non-zero when cancelled meanwhile. */
static int wait_cancellable(archive_source *source, int ms)
{
    for (int waited = 0; waited < ms; waited += HEAD_WAIT_MS) {
        if (source->host->cancelled(source->host))
            return 1;
        int slice = ms - waited < HEAD_WAIT_MS ? ms - waited : HEAD_WAIT_MS;
        struct timespec pause = {slice / 1000, (long)(slice % 1000) * 1000000L};
        nanosleep(&pause, NULL);
    }
    return source->host->cancelled(source->host);
}

/* Make the next file the current batch.  SLUICE_OK, or an error status. */
static sluice_status load_next_file(archive_source *source)
{
    const sluice_host *host = source->host;
    if (source->batch) {
        prefetch_advance(source->prefetch);
        source->batch = NULL;
    }
    for (;;) {
        prefetch_result result;
        if (host->cancelled(host)) {
            atomic_store(&source->stop, 1);
            host->error(host, "cancelled while waiting for a lake file", NULL, NULL);
            return SLUICE_ERROR_CANCELLED;
        }
        if (prefetch_head(source->prefetch, HEAD_WAIT_MS, &result) != 0)
            continue;
        char message[2048];
        switch (result.state) {
        case PREFETCH_READY:
            source->batch = result.batch;
            source->index = 0;
            snprintf(source->key, sizeof source->key, "%s", result.key);
            return SLUICE_OK;
        case PREFETCH_MISSING:
            if (!source->to) {
                if (wait_cancellable(source, source->poll_interval_ms))
                    continue;   /* reported at the top of the loop */
                prefetch_retry_head(source->prefetch);
                continue;
            }
            snprintf(message, sizeof message, "%s/%s: file not found (it should hold ledger %u "
                     "of the range %u..%u)", archive_store_location(source->lake.store),
                     result.key, source->next_expected, source->from, source->to);
            return stop_range(source, SLUICE_ERROR_DATA, message,
                              "Neither the .xdr.zst nor the .xdr.zstd name "
                              "exists; the lake does not have this range.");
        case PREFETCH_FAILED:
            return stop_range(source, SLUICE_ERROR_DATA, result.why, NULL);
        case PREFETCH_UNREACHABLE:
            return stop_range(source, SLUICE_ERROR, result.why, NULL);
        default:
            snprintf(message, sizeof message, "no file to read after ledger %u",
                     source->next_expected - 1);
            return stop_range(source, SLUICE_ERROR_DATA, message, NULL);
        }
    }
}

/* Check the hash chain from the previous delivered ledger. */
static sluice_status check_chain(archive_source *source, const sluice_frame_info *info)
{
    if (source->has_previous &&
        memcmp(info->previous_hash, source->previous_hash, sizeof source->previous_hash) != 0) {
        char message[1024], detail[256], got[65], want[65];
        hex32(info->previous_hash, got);
        hex32(source->previous_hash, want);
        snprintf(message, sizeof message, "%s/%s: ledger %u does not follow ledger %u "
                 "(broken hash chain)", archive_store_location(source->lake.store), source->key,
                 info->sequence, source->previous_sequence);
        snprintf(detail, sizeof detail, "previous-ledger hash %s, hash of ledger %u %s", got,
                 source->previous_sequence, want);
        return stop_range(source, SLUICE_ERROR_DATA, message, detail);
    }
    memcpy(source->previous_hash, info->hash, sizeof source->previous_hash);
    source->previous_sequence = info->sequence;
    source->has_previous = 1;
    return SLUICE_OK;
}

static sluice_status archive_next(void *instance, sluice_frame *frame)
{
    archive_source *source = instance;
    if (source->failed != SLUICE_OK) {
        source->host->error(source->host, source->failure, NULL,
                            "The range stopped at this error; prepare a range again.");
        return source->failed;
    }
    for (;;) {
        if (source->to && source->next_expected > source->to)
            return SLUICE_END;
        if (!source->batch || source->index >= source->batch->count) {
            sluice_status status = load_next_file(source);
            if (status != SLUICE_OK)
                return status;
            continue;
        }
        size_t i = source->index++;
        const sluice_frame_info *info = &source->batch->infos[i];
        if (info->sequence < source->next_expected)
            continue;  /* before the range, in its first file */
        sluice_status status = check_chain(source, info);
        if (status != SLUICE_OK)
            return status;
        frame->sequence = info->sequence;
        frame->data = source->batch->xdr.data + source->batch->offsets[i];
        frame->len = source->batch->lengths[i];
        source->next_expected = info->sequence + 1;
        return SLUICE_OK;
    }
}

static sluice_status archive_latest_available(void *instance, uint32_t *sequence)
{
    archive_source *source = instance;
    char why[1536];
    uint32_t known = source->has_previous ? source->previous_sequence : source->first_ledger;
    if (lake_find_latest(&source->lake, source->session, known, sequence, why,
                         sizeof why) != 0) {
        source->host->error(source->host, "cannot find the newest ledger of the lake", why,
                            "first_ledger must be a ledger the lake holds.");
        return SLUICE_ERROR;
    }
    return SLUICE_OK;
}

static void archive_close(void *instance)
{
    archive_source *source = instance;
    if (!source)
        return;
    atomic_store(&source->stop, 1);
    archive_prefetch_stop(source->prefetch);
    store_session_close(source->session);
    archive_lake_close(&source->lake);
    free(source);
}

static const sluice_source_ops archive_source_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = archive_open,
    .prepare = archive_prepare,
    .next = archive_next,
    .latest_available = archive_latest_available,
    .close = archive_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "archive",
    .version = "0.1.0",
    .description = "ledgers from a SEP-54 ledger-meta data lake (Galexie), local or over HTTP(S)",
    .config_keys = archive_config_keys,
    .source = &archive_source_ops,
    .init = archive_store_plugin_init,
    .fini = archive_store_plugin_fini,
};
