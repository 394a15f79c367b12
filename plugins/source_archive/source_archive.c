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
#include "settings_check.h"
#include "source_errors.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sluice/plugin.h>

#define HEAD_WAIT_MS 100

/* The [source] keys, as host->config_load() fills them. */
typedef struct archive_settings {
    const char *path, *url, *ca_file, *follow_redirects;
    int64_t ledgers_per_file, files_per_partition, buffer, download_workers;
    int64_t poll_interval_ms, max_file_bytes, first_ledger;
    int64_t connect_timeout, stall_timeout, min_speed, transfer_timeout;
    int64_t http_retries, http_max_backoff_ms;
} archive_settings;

#define FIELD(member) offsetof(archive_settings, member)

static const sluice_config_key archive_config_keys[] = {
    {"path", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "directory holding the lake (exactly one of path and url)", FIELD(path)},
    {"url", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "HTTP(S) base URL of the lake, e.g. https://aws-public-blockchain.s3.us-east-2.amazonaws.com/"
     "v1.1/stellar/ledgers/pubnet (needs libcurl)", FIELD(url)},
    {"ledgers_per_file", SLUICE_CONFIG_INT, "1", NULL, 1, 1000000, 0,
     "ledgers per file when the lake has no .config.json manifest", FIELD(ledgers_per_file)},
    {"files_per_partition", SLUICE_CONFIG_INT, "64000", NULL, 1, 100000000, 0,
     "files per partition folder when the lake has no manifest (1: no partition folders)",
     FIELD(files_per_partition)},
    {"buffer", SLUICE_CONFIG_INT, "8", NULL, 1, 1024, 0,
     "files fetched and decoded ahead of the one being delivered (bounds memory)", FIELD(buffer)},
    {"download_workers", SLUICE_CONFIG_INT, "2", NULL, 1, 64, 0,
     "parallel fetch and decompression threads", FIELD(download_workers)},
    {"poll_interval_ms", SLUICE_CONFIG_DURATION, "1s", NULL, 10, 3600000, 0,
     "unbounded ranges: wait between looks for a file that does not exist yet",
     FIELD(poll_interval_ms)},
    {"max_file_bytes", SLUICE_CONFIG_SIZE, "1G", NULL, 1024, 68719476736LL, 0,
     "largest file accepted, compressed or decompressed", FIELD(max_file_bytes)},
    {"first_ledger", SLUICE_CONFIG_INT, "2", NULL, 2, 4294967295LL, 0,
     "a ledger the lake holds, where the search for the newest ledger starts", FIELD(first_ledger)},
    {"connect_timeout", SLUICE_CONFIG_DURATION, "10s", NULL, 1000, 600000,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "HTTP: time to set up a connection (whole seconds, rounded up)", FIELD(connect_timeout)},
    {"stall_timeout", SLUICE_CONFIG_DURATION, "30s", NULL, 1000, 3600000,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "HTTP: time without data before a transfer is abandoned (whole seconds, rounded up)",
     FIELD(stall_timeout)},
    {"min_speed", SLUICE_CONFIG_SIZE, "1k", NULL, 1, 1000000000, 0,
     "HTTP: bytes per second a transfer must keep up; slower for stall_timeout, it is "
     "abandoned (and retried)", FIELD(min_speed)},
    {"transfer_timeout", SLUICE_CONFIG_DURATION, "10m", NULL, 1000, 86400000,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "HTTP: time one transfer may take in all, however fast its bytes come (whole seconds, "
     "rounded up)", FIELD(transfer_timeout)},
    {"follow_redirects", SLUICE_CONFIG_ENUM, "same-host", "same-host|any-host", 0, 0, 0,
     "HTTP: which redirects are followed (a redirect from https to http never is)",
     FIELD(follow_redirects)},
    {"http_retries", SLUICE_CONFIG_INT, "5", NULL, 0, 100, 0,
     "HTTP: attempts after the first on connection errors, timeouts, 408, 429 and 5xx",
     FIELD(http_retries)},
    {"http_max_backoff_ms", SLUICE_CONFIG_DURATION, "10s", NULL, 100, 600000, 0,
     "HTTP: cap of the wait between attempts (doubling from 100 ms, or the server's "
     "Retry-After)", FIELD(http_max_backoff_ms)},
    {"ca_file", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "HTTPS: PEM file of the CA certificates to trust (default: CURL_CA_BUNDLE, "
     "SSL_CERT_FILE, SSL_CERT_DIR, else the system store)", FIELD(ca_file)},
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
    range_stop range;           /* not running: the range stopped, its failure repeats */
} archive_source;

/* Stop the range with message naming the file; returns status
 * (SLUICE_ERROR_DATA: the lake's data is at fault; SLUICE_ERROR: fetching
 * failed). */
static sluice_status stop_range(archive_source *source, sluice_status status,
                                const char *message, const char *detail)
{
    range_stop_set(&source->range, status, message);
    source->host->error(source->host, message, detail, NULL);
    return status;
}

/* Milliseconds as whole seconds, rounded up (curl's timeouts are seconds). */
static long seconds_rounded_up(int64_t ms)
{
    return (long)((ms + 999) / 1000);
}

/* Report each problem of config through problem; the number found. */
static int settings_problems(const void *loaded, sluice_problem_callback problem, void *context)
{
    const archive_settings *config = loaded;
    if (!config->path != !config->url)
        return 0;
    problem(context, config->path ? "path" : NULL,
            config->path ? "both path and url are set; set exactly one: path = /dir/of/lake "
                           "or url = https://host/prefix"
                         : "neither path nor url is set; set exactly one: path = /dir/of/lake "
                           "or url = https://host/prefix");
    return 1;
}

/* descriptor->validate: the settings' problems, without touching the lake. */
static sluice_status archive_validate(const sluice_host *host, sluice_problem_callback problem,
                                      void *context)
{
    archive_settings config;
    return settings_validate(host, &config, sizeof config, settings_problems, problem, context);
}

static sluice_status archive_open(const sluice_host *host, void **instance)
{
    archive_settings config;
    if (host->config_load(host, &config, sizeof config) != SLUICE_OK)
        return SLUICE_ERROR;
    if (settings_check_at_open(host, &config, settings_problems) != SLUICE_OK)
        return SLUICE_ERROR;
    const char *path = config.path, *url = config.url;
    archive_source *source = calloc(1, sizeof *source);
    if (!source) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    source->host = host;
    atomic_init(&source->stop, 0);
    source->poll_interval_ms = (int)config.poll_interval_ms;
    source->first_ledger = (uint32_t)config.first_ledger;
    lake_settings settings = {
        .store = {
            .path = path, .url = url,
            .connect_timeout_s = seconds_rounded_up(config.connect_timeout),
            .stall_timeout_s = seconds_rounded_up(config.stall_timeout),
            .min_speed = (long)config.min_speed,
            .total_timeout_s = seconds_rounded_up(config.transfer_timeout),
            .redirect_any_host = strcmp(config.follow_redirects, "any-host") == 0,
            .retries = (int)config.http_retries,
            .max_backoff_ms = (long)config.http_max_backoff_ms,
            .ca_file = config.ca_file,
            .stop = &source->stop,
        },
        .layout = {
            .ledgers_per_file = (uint32_t)config.ledgers_per_file,
            .files_per_partition = (uint32_t)config.files_per_partition,
        },
        .max_file_bytes = (size_t)config.max_file_bytes,
    };
    if (archive_lake_open(&source->lake, host, &settings, &source->session) == 0)
        source->prefetch = archive_prefetch_start(&source->lake, (int)config.download_workers,
                                                  (int)config.buffer);
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
    if (source_check_range(source->host, from, to) != SLUICE_OK)
        return SLUICE_ERROR;
    const archive_layout *layout = &source->lake.layout;
    source->from = from;
    source->to = to;
    source->next_expected = from;
    source->batch = NULL;
    source->index = 0;
    source->has_previous = 0;
    range_stop_clear(&source->range);
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
        char message[1024], detail[256];
        snprintf(message, sizeof message, "%s/%s: ledger %u does not follow ledger %u "
                 "(broken hash chain)", archive_store_location(source->lake.store), source->key,
                 info->sequence, source->previous_sequence);
        source_chain_detail(detail, sizeof detail, info->previous_hash, source->previous_sequence,
                            source->previous_hash);
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
    sluice_status stopped = range_stop_repeat(&source->range, source->host);
    if (stopped != SLUICE_OK)
        return stopped;
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
        frame->data = (const uint8_t *)source->batch->xdr.data + source->batch->offsets[i];
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
    .validate = archive_validate,
};
