/* source_captive_core.c — the captive-core source plugin: runs
 * stellar-core as a child process and reads LedgerCloseMeta from its
 * metadata pipe (fd 3).
 *
 * Bounded [from, to]: new-db, then catchup <to>/<to-from+1> on a
 * standalone (offline replay) config, in the instance's own replay
 * directory under storage_path (core_replay_dir.h); core starts at the
 * checkpoint at or before `from`, and ledgers before `from` are skipped.  Unbounded from
 * `from`: reuse the on-disk state when offline-info shows a last closed
 * ledger in (1, from], else new-db + catchup <from-1>/0; then run.  Each
 * ledger must be the next expected one and name the last one's hash as
 * its previous hash.  An unexpected exit of `run` restarts it with capped
 * backoff (at most restart_limit times per restart_window), reusing the
 * on-disk state; any other fault stops the range.  latest_available is
 * the newest checkpoint the history archives publish (core_tip.h). */
#include "config.h"

#include "core_child.h"
#include "core_replay_dir.h"
#include "core_stream.h"
#include "core_tip.h"
#include "core_toml.h"
#include "archive_store.h"
#include "source_errors.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sluice/plugin.h>

#define MAX_HISTORY_URLS 32
#define APPENDIX_MAX_BYTES (1024 * 1024)
#define MAX_RESTARTS_TRACKED 1000

/* The [source] keys, as host->config_load() fills them. */
typedef struct captive_settings {
    const char *stellar_core_path, *network_passphrase, *history_archive_urls;
    const char *storage_path, *captive_core_toml;
    int64_t http_port, peer_port, max_frame_bytes, restart_limit, restart_window;
    int64_t restart_backoff_max_ms, stop_grace_ms, archive_timeout;
    int emit_ledger_close_meta_ext_v1, emit_soroban_transaction_meta_ext_v1;
    int enable_soroban_diagnostic_events, emit_classic_events, backfill_stellar_asset_events;
} captive_settings;

#define FIELD(member) offsetof(captive_settings, member)

static const sluice_config_key captive_config_keys[] = {
    {"stellar_core_path", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "path of the stellar-core executable", FIELD(stellar_core_path)},
    {"network_passphrase", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "network passphrase for stellar-core (default and must-match: [sluice] network_passphrase)",
     FIELD(network_passphrase)},
    {"history_archive_urls", SLUICE_CONFIG_LIST, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "history archive base URLs, comma-separated (http:// or https://)",
     FIELD(history_archive_urls)},
    {"storage_path", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, SLUICE_CONFIG_REQUIRED,
     "directory for stellar-core's state and generated config (created if missing)",
     FIELD(storage_path)},
    {"captive_core_toml", SLUICE_CONFIG_STRING, NULL, NULL, 0, 0, 0,
     "the operator's stellar-core TOML (validators, home domains, quorum set) merged into "
     "the generated config: its keys replace the defaults, except the network passphrase "
     "and the offline-replay settings", FIELD(captive_core_toml)},
    {"http_port", SLUICE_CONFIG_INT, "11626", NULL, 0, 65535, 0,
     "stellar-core's HTTP command port (0 in offline replay)", FIELD(http_port)},
    {"peer_port", SLUICE_CONFIG_INT, "11625", NULL, 0, 65535, 0,
     "stellar-core's peer port when following the network", FIELD(peer_port)},
    {"emit_ledger_close_meta_ext_v1", SLUICE_CONFIG_BOOL, "true", NULL, 0, 0, 0,
     "EMIT_LEDGER_CLOSE_META_EXT_V1", FIELD(emit_ledger_close_meta_ext_v1)},
    {"emit_soroban_transaction_meta_ext_v1", SLUICE_CONFIG_BOOL, "true", NULL, 0, 0, 0,
     "EMIT_SOROBAN_TRANSACTION_META_EXT_V1", FIELD(emit_soroban_transaction_meta_ext_v1)},
    {"enable_soroban_diagnostic_events", SLUICE_CONFIG_BOOL, "false", NULL, 0, 0, 0,
     "ENABLE_SOROBAN_DIAGNOSTIC_EVENTS", FIELD(enable_soroban_diagnostic_events)},
    {"emit_classic_events", SLUICE_CONFIG_BOOL, "true", NULL, 0, 0, 0, "EMIT_CLASSIC_EVENTS",
     FIELD(emit_classic_events)},
    {"backfill_stellar_asset_events", SLUICE_CONFIG_BOOL, "true", NULL, 0, 0, 0,
     "BACKFILL_STELLAR_ASSET_EVENTS", FIELD(backfill_stellar_asset_events)},
    {"max_frame_bytes", SLUICE_CONFIG_SIZE, "256M", NULL, 1024, 2147483647, 0,
     "largest metadata record accepted from stellar-core", FIELD(max_frame_bytes)},
    {"restart_limit", SLUICE_CONFIG_INT, "5", NULL, 0, MAX_RESTARTS_TRACKED, 0,
     "unbounded: restarts of stellar-core allowed within restart_window before failing",
     FIELD(restart_limit)},
    {"restart_window", SLUICE_CONFIG_DURATION, "10m", NULL, 1000, 86400000,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "unbounded: time over which restarts are counted (whole seconds, rounded up)",
     FIELD(restart_window)},
    {"restart_backoff_max_ms", SLUICE_CONFIG_DURATION, "30s", NULL, 10, 3600000, 0,
     "unbounded: cap of the doubling wait (from 500 ms) before a restart",
     FIELD(restart_backoff_max_ms)},
    {"stop_grace_ms", SLUICE_CONFIG_DURATION, "5s", NULL, 0, 600000, 0,
     "wait after SIGTERM before stellar-core's process group gets SIGKILL", FIELD(stop_grace_ms)},
    {"archive_timeout", SLUICE_CONFIG_DURATION, "10s", NULL, 1000, 300000,
     SLUICE_CONFIG_PLAIN_SECONDS,
     "newest ledger: time each history archive has to answer for its "
     ".well-known/stellar-history.json (whole seconds, rounded up)", FIELD(archive_timeout)},
    SLUICE_CONFIG_END,
};

typedef struct captive_source {
    const sluice_host *host;
    const char *core_path, *passphrase, *storage;
    char *urls[MAX_HISTORY_URLS];
    size_t url_count;
    char *appendix_text;        /* captive_core_toml's contents, or NULL */
    core_appendix appendix;     /* parsed from appendix_text */
    char replay_dir[4096];      /* this instance's offline replays, "" until needed */
    const char *work_dir;       /* where core runs now: storage or replay_dir */
    char config_path[4200];     /* work_dir/stellar-core.cfg */
    int http_port, peer_port;
    int meta_flags[5];
    int stop_grace_ms;
    int archive_timeout_s;
    int restart_limit, restart_window_s, backoff_max_ms;
    time_t restarts[MAX_RESTARTS_TRACKED];
    size_t restart_count;

    core_child child;
    const char *child_command;  /* "catchup" or "run" while streaming */
    core_stream stream;

    uint32_t from, to;          /* to == 0: unbounded */
    uint32_t next_expected;
    int has_previous, resuming;
    uint32_t previous_sequence;
    uint8_t previous_hash[32];
    range_stop range;           /* not running: stopped at a data or process fault */
} captive_source;

static sluice_status fail(captive_source *s, sluice_status status, const char *detail,
                          const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Report an error; a data or process fault also stops the range. */
static sluice_status fail(captive_source *s, sluice_status status, const char *detail,
                          const char *hint, const char *fmt, ...)
{
    char message[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    s->host->error(s->host, message, detail, hint);
    if (status != SLUICE_ERROR_CANCELLED)
        range_stop_set(&s->range, SLUICE_ERROR_DATA, message);
    core_child_stop(&s->child, s->stop_grace_ms);
    return status;
}

/* Split the list (items separated by commas or line breaks, as the core
 * validated it) into trimmed copies. */
static int split_urls(captive_source *s, const char *list)
{
    for (const char *p = list; *p;) {
        const char *end = p + strcspn(p, ",\n");
        const char *last = end;
        while (p < end && isspace((unsigned char)*p))
            p++;
        while (last > p && isspace((unsigned char)last[-1]))
            last--;
        if (last > p) {
            if (s->url_count == MAX_HISTORY_URLS)
                return -1;
            s->urls[s->url_count] = strndup(p, (size_t)(last - p));
            if (!s->urls[s->url_count++])
                return -1;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* The user's appendix file, bounded. */
static char *read_appendix(const char *path, char *why, size_t why_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(APPENDIX_MAX_BYTES + 1);
    size_t n = text ? fread(text, 1, APPENDIX_MAX_BYTES + 1, f) : 0;
    int error = ferror(f);
    fclose(f);
    if (!text || error || n > APPENDIX_MAX_BYTES || memchr(text, '\0', n)) {
        snprintf(why, why_size, "%s: %s", path, !text ? "out of memory" : error ? "read error"
                 : n > APPENDIX_MAX_BYTES ? "larger than 1 MiB" : "contains a NUL byte");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

static void free_source(captive_source *s)
{
    core_child_stop(&s->child, s->stop_grace_ms);
    replay_dir_remove(s->replay_dir);
    core_stream_free(&s->stream);
    for (size_t i = 0; i < s->url_count; i++)
        free(s->urls[i]);
    core_appendix_free(&s->appendix);
    free(s->appendix_text);
    free(s);
}

/* Non-zero with why filled when path is not an executable regular file. */
static int core_path_unusable(const char *path, char *why, size_t why_size)
{
    struct stat st;
    if (stat(path, &st) != 0 || access(path, X_OK) != 0) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "%s: not a regular file", path);
        return 1;
    }
    return 0;
}

/* descriptor->validate: what open would refuse that needs no child and no
 * network: the stellar-core binary. */
static sluice_status captive_validate(const sluice_host *host, sluice_problem_callback problem,
                                      void *context)
{
    captive_settings config;
    if (host->config_load(host, &config, sizeof config) != SLUICE_OK)
        return SLUICE_ERROR;
    char why[1024], message[1100];
    if (!config.stellar_core_path || !core_path_unusable(config.stellar_core_path, why, sizeof why))
        return SLUICE_OK;
    snprintf(message, sizeof message, "not an executable file: %s", why);
    problem(context, "stellar_core_path", message);
    return SLUICE_ERROR;
}

/* Settings from the host's config; 0 or -1 after host->error(). */
static int configure(captive_source *s)
{
    const sluice_host *host = s->host;
    char why[1024];
    captive_settings config;
    if (host->config_load(host, &config, sizeof config) != SLUICE_OK)
        return -1;
    s->core_path = config.stellar_core_path;
    s->storage = config.storage_path;
    const char *own = config.network_passphrase;
    s->passphrase = own ? own : host->network_passphrase;
    if (own && host->network_passphrase && strcmp(own, host->network_passphrase) != 0) {
        snprintf(why, sizeof why, "[source] says \"%s\", [sluice] says \"%s\"", own,
                 host->network_passphrase);
        host->error(host, "network_passphrase differs from the one in [sluice]", why,
                    "Remove network_passphrase from [source] or make them equal.");
        return -1;
    }
    if (!s->passphrase || !*s->passphrase) {
        host->error(host, "no network passphrase", NULL, "Set network_passphrase in [sluice].");
        return -1;
    }
    if (core_path_unusable(s->core_path, why, sizeof why)) {
        host->error(host, "stellar_core_path is not an executable file", why, NULL);
        return -1;
    }
    if (split_urls(s, config.history_archive_urls) != 0) {
        host->error(host, "history_archive_urls: too many URLs or out of memory", NULL,
                    "At most 32 history archives.");
        return -1;
    }
    for (size_t i = 0; i < s->url_count; i++)
        if (core_toml_check_url(s->urls[i], why, sizeof why) != 0) {
            host->error(host, "history_archive_urls: invalid URL", why, NULL);
            return -1;
        }
    const char *appendix = config.captive_core_toml;
    if (appendix && !(s->appendix_text = read_appendix(appendix, why, sizeof why))) {
        host->error(host, "cannot read captive_core_toml", why, NULL);
        return -1;
    }
    char detail[1536];
    if (appendix && (core_appendix_parse(s->appendix_text, &s->appendix, why, sizeof why) != 0 ||
                     core_toml_check_appendix(&s->appendix, s->passphrase, why,
                                              sizeof why) != 0)) {
        snprintf(detail, sizeof detail, "%s: %s", appendix, why);
        host->error(host, "invalid captive_core_toml", detail,
                    "It is stellar-core TOML: top-level keys first, then tables; every string, "
                    "array and header closed.");
        return -1;
    }
    if (mkdir(s->storage, 0700) != 0 && errno != EEXIST) {
        snprintf(why, sizeof why, "%s: %s", s->storage, strerror(errno));
        host->error(host, "cannot create storage_path", why, NULL);
        return -1;
    }
    if (strlen(s->storage) > 3800) {
        host->error(host, "storage_path is too long", NULL, NULL);
        return -1;
    }
    int stale = replay_dir_remove_stale(s->storage);
    if (stale)
        host->log(host, SLUICE_LOG_INFO, "removed %d replay directories of ended processes "
                  "from %s", stale, s->storage);
    s->http_port = (int)config.http_port;
    s->peer_port = (int)config.peer_port;
    const int meta_flags[5] = {
        config.emit_ledger_close_meta_ext_v1, config.emit_soroban_transaction_meta_ext_v1,
        config.enable_soroban_diagnostic_events, config.emit_classic_events,
        config.backfill_stellar_asset_events};
    memcpy(s->meta_flags, meta_flags, sizeof meta_flags);
    s->stream.max_record = (size_t)config.max_frame_bytes;
    s->stop_grace_ms = (int)config.stop_grace_ms;
    s->archive_timeout_s = (int)((config.archive_timeout + 999) / 1000); /* rounded up */
    s->restart_limit = (int)config.restart_limit;
    s->restart_window_s = (int)((config.restart_window + 999) / 1000);
    s->backoff_max_ms = (int)config.restart_backoff_max_ms;
    return 0;
}

static sluice_status captive_open(const sluice_host *host, void **instance)
{
    captive_source *s = calloc(1, sizeof *s);
    if (!s) {
        host->error(host, "out of memory", NULL, NULL);
        return SLUICE_ERROR;
    }
    s->host = host;
    s->child.meta_fd = s->child.out_fd = s->child.err_fd = -1;
    if (configure(s) != 0) {
        free_source(s);
        return SLUICE_ERROR;
    }
    *instance = s;
    return SLUICE_OK;
}

/* Choose the working directory for the mode (offline: the instance's
 * replay directory, made on first use) and write the config there;
 * SLUICE_OK or an error. */
static sluice_status write_config(captive_source *s, int offline)
{
    char why[1024];
    if (offline && !s->replay_dir[0] &&
        replay_dir_create(s->storage, s->replay_dir, sizeof s->replay_dir, why, sizeof why) != 0)
        return fail(s, SLUICE_ERROR, why, NULL, "cannot create a replay directory");
    s->work_dir = offline ? s->replay_dir : s->storage;
    snprintf(s->config_path, sizeof s->config_path, "%s/stellar-core.cfg", s->work_dir);
    core_toml_settings settings = {
        .network_passphrase = s->passphrase,
        .history_urls = (const char *const *)s->urls,
        .history_count = s->url_count,
        .http_port = s->http_port,
        .peer_port = s->peer_port,
        .offline = offline,
        .appendix = s->appendix_text ? &s->appendix : NULL,
        .emit_meta_ext_v1 = s->meta_flags[0],
        .emit_soroban_meta_ext_v1 = s->meta_flags[1],
        .soroban_diagnostic_events = s->meta_flags[2],
        .classic_events = s->meta_flags[3],
        .backfill_asset_events = s->meta_flags[4],
    };
    char *text = core_toml_render(&settings, why, sizeof why);
    int written = text ? core_toml_write_file(s->config_path, text, why, sizeof why) : -1;
    free(text);
    if (written != 0)
        return fail(s, SLUICE_ERROR, why, NULL, "cannot write the stellar-core config");
    return SLUICE_OK;
}

/* Start `stellar-core --conf <cfg> --console <words...>`. */
static sluice_status start_core(captive_source *s, int stream, int capture, const char *const *words)
{
    const char *argv[16] = {s->core_path, "--conf", s->config_path, "--console"};
    size_t argc = 4;
    for (size_t i = 0; words[i] && argc < 15; i++)
        argv[argc++] = words[i];
    argv[argc] = NULL;
    core_spawn spawn = {argv, s->work_dir, stream, capture};
    char why[1024];
    if (core_child_start(&s->child, s->host, &spawn, why, sizeof why) != 0)
        return fail(s, SLUICE_ERROR, why, NULL, "cannot start stellar-core %s", words[0]);
    s->host->log(s->host, SLUICE_LOG_INFO, "started stellar-core %s (pid %d)", words[0],
                 (int)s->child.pid);
    return SLUICE_OK;
}

/* Run a command to completion; it must exit 0.  With capture, the caller
 * reads s->child.captured and then calls core_child_stop. */
static sluice_status run_core(captive_source *s, int capture, const char *const *words)
{
    sluice_status status = start_core(s, 0, capture, words);
    if (status != SLUICE_OK)
        return status;
    if (core_child_wait(&s->child) != 0)
        return fail(s, SLUICE_ERROR_CANCELLED, NULL, NULL, "cancelled during stellar-core %s",
                    words[0]);
    if (!WIFEXITED(s->child.status) || WEXITSTATUS(s->child.status) != 0) {
        char how[128];
        core_child_describe_exit(s->child.status, how, sizeof how);
        return fail(s, SLUICE_ERROR, NULL, "Its output is in the log above.",
                    "stellar-core %s failed: %s", words[0], how);
    }
    if (!capture)
        core_child_stop(&s->child, 0);
    return SLUICE_OK;
}

/* The last closed ledger from offline-info's JSON ("ledger": {"num": N}),
 * or 0 when it cannot be read. */
static uint32_t parse_last_closed(const char *text)
{
    const char *ledger = text ? strstr(text, "\"ledger\"") : NULL;
    const char *num = ledger ? strstr(ledger, "\"num\"") : NULL;
    if (!num)
        return 0;
    num += 5;
    while (*num == ' ' || *num == '\t' || *num == '\n' || *num == ':')
        num++;
    char *end;
    errno = 0;
    unsigned long value = strtoul(num, &end, 10);
    return end == num || errno || value > UINT32_MAX ? 0 : (uint32_t)value;
}

/* Prepare core's state for `run` to start streaming at or before from. */
static sluice_status prepare_online(captive_source *s, uint32_t from)
{
    sluice_status status = write_config(s, 0);
    if (status != SLUICE_OK)
        return status;
    static const char *const info[] = {"offline-info", NULL};
    if (start_core(s, 0, 1, info) != SLUICE_OK)
        return SLUICE_ERROR;
    if (core_child_wait(&s->child) != 0)
        return fail(s, SLUICE_ERROR_CANCELLED, NULL, NULL, "cancelled during offline-info");
    uint32_t last_closed = 0;
    if (WIFEXITED(s->child.status) && WEXITSTATUS(s->child.status) == 0)
        last_closed = parse_last_closed(s->child.captured);
    core_child_stop(&s->child, 0);
    if (last_closed > 1 && last_closed <= from) {
        s->host->log(s->host, SLUICE_LOG_INFO, "reusing stellar-core's state: last closed "
                     "ledger %u", last_closed);
        return SLUICE_OK;
    }
    char target[32];
    snprintf(target, sizeof target, "%u/0", from - 1);
    static const char *const new_db[] = {"new-db", NULL};
    const char *const catchup[] = {"catchup", target, NULL};
    status = run_core(s, 0, new_db);
    return status == SLUICE_OK ? run_core(s, 0, catchup) : status;
}

static sluice_status start_run(captive_source *s)
{
    static const char *const run[] = {"run", "--metadata-output-stream", "fd:3", NULL};
    s->child_command = "run";
    return start_core(s, 1, 0, run);
}

static sluice_status captive_prepare(void *instance, uint32_t from, uint32_t to)
{
    captive_source *s = instance;
    core_child_stop(&s->child, s->stop_grace_ms);
    if (source_check_range(s->host, from, to) != SLUICE_OK)
        return SLUICE_ERROR;
    s->from = from;
    s->to = to;
    s->next_expected = from;
    s->has_previous = s->resuming = 0;
    range_stop_clear(&s->range);
    s->restart_count = 0;
    if (!to) {
        sluice_status status = prepare_online(s, from);
        return status == SLUICE_OK ? start_run(s) : status;
    }
    sluice_status status = write_config(s, 1);
    static const char *const new_db[] = {"new-db", NULL};
    if (status == SLUICE_OK)
        status = run_core(s, 0, new_db);
    if (status != SLUICE_OK)
        return status;
    char target[32];
    snprintf(target, sizeof target, "%u/%u", to, to - from + 1);
    const char *const catchup[] = {"catchup", target, "--metadata-output-stream", "fd:3", NULL};
    s->child_command = "catchup";
    return start_core(s, 1, 0, catchup);
}

/* Sleep ms in 100 ms slices; non-zero when cancelled. */
static int wait_cancellable(captive_source *s, int ms)
{
    for (int waited = 0; waited < ms; waited += 100) {
        if (s->host->cancelled(s->host))
            return 1;
        int slice = ms - waited < 100 ? ms - waited : 100;
        struct timespec pause = {0, (long)slice * 1000000L};
        nanosleep(&pause, NULL);
    }
    return s->host->cancelled(s->host);
}

/* After `run` ended unexpectedly: restart it if the limit allows. */
static sluice_status restart_run(captive_source *s, const char *how)
{
    time_t now = time(NULL);
    size_t kept = 0;
    for (size_t i = 0; i < s->restart_count; i++)
        if (now - s->restarts[i] < s->restart_window_s)
            s->restarts[kept++] = s->restarts[i];
    s->restart_count = kept;
    if ((int)kept >= s->restart_limit) {
        char detail[256];
        snprintf(detail, sizeof detail, "%zu restarts in the last %d s (restart_limit %d)", kept,
                 s->restart_window_s, s->restart_limit);
        return fail(s, SLUICE_ERROR, detail, "Its output is in the log above.",
                    "stellar-core run ended (%s) and may not be restarted again", how);
    }
    s->restarts[s->restart_count++] = now;
    long backoff = 500L << (kept < 16 ? kept : 16);
    if (backoff > s->backoff_max_ms)
        backoff = s->backoff_max_ms;
    s->host->log(s->host, SLUICE_LOG_WARN, "stellar-core run ended (%s) after ledger %u; "
                 "restart %zu of at most %d in %d s, in %ld ms", how, s->next_expected - 1,
                 s->restart_count, s->restart_limit, s->restart_window_s, backoff);
    if (wait_cancellable(s, (int)backoff))
        return fail(s, SLUICE_ERROR_CANCELLED, NULL, NULL, "cancelled before a restart");
    s->resuming = 1;
    sluice_status status = prepare_online(s, s->next_expected);
    return status == SLUICE_OK ? start_run(s) : status;
}

/* The stream ended: find out how the child exited. */
static sluice_status stream_ended(captive_source *s)
{
    for (int waited = 0; !core_child_poll_exit(&s->child); waited += 10) {
        if (waited >= s->stop_grace_ms) {
            core_child_stop(&s->child, s->stop_grace_ms);
            break;
        }
        struct timespec pause = {0, 10L * 1000000L};
        nanosleep(&pause, NULL);
    }
    char how[128];
    core_child_describe_exit(s->child.status, how, sizeof how);
    core_child_stop(&s->child, 0);
    if (!s->to)
        return restart_run(s, how);
    return fail(s, SLUICE_ERROR, NULL, "Its output is in the log above.",
                "stellar-core %s ended (%s) before ledger %u (range %u..%u)", s->child_command,
                how, s->next_expected, s->from, s->to);
}

/* Check one record's place in the chain.  1: deliver, 0: skip, or an
 * error status (negative). */
static int place_in_chain(captive_source *s, const sluice_frame_info *info)
{
    char detail[256];
    if (s->has_previous) {
        if (s->resuming && info->sequence <= s->previous_sequence)
            return 0;   /* sent again after a restart */
        if (info->sequence != s->previous_sequence + 1) {
            snprintf(detail, sizeof detail, "got ledger %u, expected %u", info->sequence,
                     s->previous_sequence + 1);
            return fail(s, SLUICE_ERROR_DATA, detail, NULL,
                        "stellar-core sent ledger %u where ledger %u was expected",
                        info->sequence, s->previous_sequence + 1);
        }
        if (memcmp(info->previous_hash, s->previous_hash, 32) != 0) {
            source_chain_detail(detail, sizeof detail, info->previous_hash, s->previous_sequence,
                                s->previous_hash);
            return fail(s, SLUICE_ERROR_DATA, detail, NULL,
                        "ledger %u does not follow ledger %u (broken hash chain)",
                        info->sequence, s->previous_sequence);
        }
    } else if (info->sequence > s->from) {
        snprintf(detail, sizeof detail, "first ledger %u, requested from %u", info->sequence,
                 s->from);
        return fail(s, SLUICE_ERROR_DATA, detail, NULL,
                    "stellar-core sent ledger %u where ledger %u was expected", info->sequence,
                    s->from);
    }
    s->resuming = 0;
    s->has_previous = 1;
    s->previous_sequence = info->sequence;
    memcpy(s->previous_hash, info->hash, 32);
    return info->sequence >= s->next_expected;
}

static sluice_status captive_next(void *instance, sluice_frame *frame)
{
    captive_source *s = instance;
    sluice_status stopped = range_stop_repeat(&s->range, s->host);
    if (stopped != SLUICE_OK)
        return stopped;
    if (s->to && s->next_expected > s->to) {
        core_child_stop(&s->child, s->stop_grace_ms);
        return SLUICE_END;
    }
    for (;;) {
        if (!s->child.pid || s->child.meta_fd < 0)
            return fail(s, SLUICE_ERROR, NULL, NULL, "no range prepared");
        char why[1024];
        stream_result result = core_stream_read(&s->stream, s->child.meta_fd, s->host, why,
                                                sizeof why);
        if (result == STREAM_CANCELLED)
            return fail(s, SLUICE_ERROR_CANCELLED, NULL, NULL,
                        "cancelled while waiting for stellar-core");
        if (result == STREAM_END) {
            sluice_status status = stream_ended(s);
            if (status != SLUICE_OK)
                return status;
            continue;
        }
        if (result == STREAM_BROKEN)
            return fail(s, SLUICE_ERROR_DATA, why, NULL, "broken metadata stream from "
                        "stellar-core %s after ledger %u", s->child_command, s->next_expected - 1);
        sluice_frame_info info = {.struct_size = sizeof info};
        if (s->host->frame_walk(s->host, s->stream.data, s->stream.len, 0, NULL, &info, why,
                                sizeof why) != SLUICE_OK)
            return fail(s, SLUICE_ERROR_DATA, why, NULL, "stellar-core sent an invalid "
                        "LedgerCloseMeta after ledger %u", s->next_expected - 1);
        int place = place_in_chain(s, &info);
        if (place < 0)
            return (sluice_status)place;
        if (place == 0)
            continue;
        frame->sequence = info.sequence;
        frame->data = s->stream.data;
        frame->len = s->stream.len;
        s->next_expected = info.sequence + 1;
        return SLUICE_OK;
    }
}

static sluice_status captive_latest_available(void *instance, uint32_t *sequence)
{
    captive_source *s = instance;
    char why[4096];
    if (core_tip_fetch(s->urls, s->url_count, s->passphrase, s->archive_timeout_s, sequence,
                       why, sizeof why) == 0)
        return SLUICE_OK;
    char message[4200];
    snprintf(message, sizeof message, "no history archive told its newest ledger: %s", why);
    s->host->error(s->host, message, NULL, "Check history_archive_urls; each archive is asked "
                   "for .well-known/stellar-history.json within archive_timeout seconds.");
    return SLUICE_ERROR;
}

static void captive_close(void *instance)
{
    if (instance)
        free_source(instance);
}

static const sluice_source_ops captive_source_ops = {
    .struct_size = sizeof(sluice_source_ops),
    .open = captive_open,
    .prepare = captive_prepare,
    .next = captive_next,
    .latest_available = captive_latest_available,
    .close = captive_close,
};

SLUICE_PLUGIN_DESCRIPTOR = {
    SLUICE_PLUGIN_HEADER,
    .kind = SLUICE_PLUGIN_SOURCE,
    .name = "captive_core",
    .version = "0.1.0",
    .description = "ledgers from a stellar-core child process's metadata stream",
    .config_keys = captive_config_keys,
    .source = &captive_source_ops,
    .init = archive_store_plugin_init,   /* core_tip reads history archives over HTTP */
    .fini = archive_store_plugin_fini,
    .validate = captive_validate,
};
