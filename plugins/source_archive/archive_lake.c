/* archive_lake.c — manifest, file fetch by computed name, newest-file
 * search (see archive_lake.h). */
#include "config.h"

#include "archive_lake.h"
#include "archive_manifest.h"

#include <stdio.h>
#include <string.h>

#define MANIFEST_KEY ".config.json"
#define MANIFEST_MAX_BYTES (64 * 1024)

static void report(const sluice_host *host, const char *message, const char *detail,
                   const char *hint)
{
    host->error(host, message, detail, hint);
}

/* Apply a manifest's text to the lake; 0 or -1 after host->error(). */
static int apply_manifest(archive_lake *lake, const text_buffer *text)
{
    const sluice_host *host = lake->host;
    char why[512], message[1024];
    archive_manifest manifest;
    snprintf(message, sizeof message, "%s/%s: invalid lake manifest",
             archive_store_location(lake->store), MANIFEST_KEY);
    if (archive_manifest_parse((const char *)text->data, text->len, &manifest, why,
                               sizeof why) != 0) {
        report(host, message, why, NULL);
        return -1;
    }
    if (manifest.compression[0] && strcmp(manifest.compression, "zstd") != 0) {
        snprintf(why, sizeof why, "compression is \"%s\"; only \"zstd\" is supported",
                 manifest.compression);
        report(host, message, why, NULL);
        return -1;
    }
    if (manifest.ledgers_per_batch > 1000000 || manifest.batches_per_partition > 100000000) {
        snprintf(why, sizeof why, "ledgersPerBatch %lld or batchesPerPartition %lld out of range",
                 (long long)manifest.ledgers_per_batch,
                 (long long)manifest.batches_per_partition);
        report(host, message, why, NULL);
        return -1;
    }
    const char *expected = host->network_passphrase;
    if (manifest.network_passphrase[0] && expected &&
        strcmp(manifest.network_passphrase, expected) != 0) {
        snprintf(message, sizeof message, "%s/%s: the lake is of another network",
                 archive_store_location(lake->store), MANIFEST_KEY);
        char detail[1024];
        snprintf(detail, sizeof detail, "the manifest says networkPassphrase \"%s\", "
                 "[sluice] network_passphrase is \"%s\"", manifest.network_passphrase, expected);
        report(host, message, detail, "Point the source at the lake of the configured network, "
               "or fix network_passphrase in [sluice].");
        return -1;
    }
    if (manifest.ledgers_per_batch)
        lake->layout.ledgers_per_file = (uint32_t)manifest.ledgers_per_batch;
    if (manifest.batches_per_partition)
        lake->layout.files_per_partition = (uint32_t)manifest.batches_per_partition;
    host->log(host, SLUICE_LOG_INFO, "lake %s: manifest version %s, %u ledgers per file, "
              "%u files per partition", archive_store_location(lake->store),
              manifest.version[0] ? manifest.version : "(none)", lake->layout.ledgers_per_file,
              lake->layout.files_per_partition);
    return 0;
}

int archive_lake_open(archive_lake *lake, const sluice_host *host, const lake_settings *settings,
                      store_session **session)
{
    char why[1024];
    memset(lake, 0, sizeof *lake);
    *session = NULL;
    lake->host = host;
    lake->layout = settings->layout;
    lake->max_file_bytes = settings->max_file_bytes;
    atomic_init(&lake->extension, 0);
    if (archive_store_open(&lake->store, &settings->store, why, sizeof why) != 0) {
        report(host, "cannot open the lake", why, NULL);
        return -1;
    }
    *session = store_session_open(lake->store, why, sizeof why);
    if (!*session) {
        report(host, "cannot open the lake", why, NULL);
        return -1;
    }
    text_buffer text = {0};
    store_result found = store_get(*session, MANIFEST_KEY, MANIFEST_MAX_BYTES, &text, why,
                                   sizeof why);
    int result = 0;
    if (found == STORE_ERROR) {
        report(host, "cannot read the lake manifest", why, NULL);
        result = -1;
    } else if (found == STORE_FOUND) {
        result = apply_manifest(lake, &text);
    } else {
        host->log(host, SLUICE_LOG_INFO, "lake %s has no %s; layout from the config: %u ledgers "
                  "per file, %u files per partition", archive_store_location(lake->store),
                  MANIFEST_KEY, lake->layout.ledgers_per_file, lake->layout.files_per_partition);
    }
    text_buffer_free(&text);
    return result;
}

void archive_lake_close(archive_lake *lake)
{
    archive_store_close(lake->store);
    lake->store = NULL;
}

store_result lake_fetch_file(archive_lake *lake, store_session *session, uint32_t file_start,
                             text_buffer *body, char *key, size_t key_size, char *why,
                             size_t why_size)
{
    int first = atomic_load(&lake->extension);
    for (int i = 0; i < ARCHIVE_EXTENSION_COUNT; i++) {
        int extension = (first + i) % ARCHIVE_EXTENSION_COUNT;
        char tried[512];
        if (archive_object_key(&lake->layout, file_start, archive_extensions[extension], tried,
                               sizeof tried) != 0) {
            snprintf(why, why_size, "object key for ledger %u too long", file_start);
            return STORE_ERROR;
        }
        if (i == 0)
            snprintf(key, key_size, "%s", tried);
        store_result result = body ? store_get(session, tried, lake->max_file_bytes, body, why,
                                               why_size)
                                   : store_exists(session, tried, why, why_size);
        if (result == STORE_MISSING)
            continue;
        snprintf(key, key_size, "%s", tried);
        if (result == STORE_FOUND)
            atomic_store(&lake->extension, extension);
        return result;
    }
    return STORE_MISSING;
}

/* Whether the file with index `file` (file_start / ledgers_per_file)
 * exists: 1, 0, or -1 with why. */
static int file_exists(archive_lake *lake, store_session *session, uint64_t file, char *why,
                       size_t why_size)
{
    char key[512];
    uint64_t start = file * lake->layout.ledgers_per_file;
    if (start > UINT32_MAX)
        return 0;
    store_result result = lake_fetch_file(lake, session, (uint32_t)start, NULL, key, sizeof key,
                                          why, why_size);
    return result == STORE_ERROR ? -1 : result == STORE_FOUND;
}

int lake_find_latest(archive_lake *lake, store_session *session, uint32_t known,
                     uint32_t *latest, char *why, size_t why_size)
{
    uint64_t per_file = lake->layout.ledgers_per_file;
    uint64_t low = known / per_file;   /* exists */
    int exists = file_exists(lake, session, low, why, why_size);
    if (exists != 1) {
        if (exists == 0) {
            char key[512];
            archive_object_key(&lake->layout, (uint32_t)(low * per_file), archive_extensions[0],
                               key, sizeof key);
            snprintf(why, why_size, "%s/%s (the file of ledger %u, where the search for the "
                     "newest ledger starts) does not exist", archive_store_location(lake->store),
                     key, known);
        }
        return -1;
    }
    uint64_t last_file = (uint64_t)UINT32_MAX / per_file;
    uint64_t step = 1, high = low;  /* high: first index known missing, once found */
    for (;;) {
        uint64_t probe = low + step;
        if (probe > last_file) {
            high = last_file + 1;
            break;
        }
        exists = file_exists(lake, session, probe, why, why_size);
        if (exists < 0)
            return -1;
        if (!exists) {
            high = probe;
            break;
        }
        low = probe;
        step *= 2;
    }
    while (high - low > 1) {
        uint64_t middle = low + (high - low) / 2;
        exists = file_exists(lake, session, middle, why, why_size);
        if (exists < 0)
            return -1;
        if (exists)
            low = middle;
        else
            high = middle;
    }
    *latest = archive_file_end(&lake->layout, (uint32_t)(low * per_file));
    return 0;
}
