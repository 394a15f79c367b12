/* archive_lake.h — one data lake as the source sees it: its store, its
 * layout (from the ".config.json" manifest, or from the config keys when
 * the lake has none), and the operations on whole files: fetch a ledger
 * file by its computed name (either extension), and find the newest file.
 *
 * Shared by the consumer and the prefetch workers; read-only after open
 * except for the remembered extension, which is atomic. */
#ifndef SOURCE_ARCHIVE_LAKE_H
#define SOURCE_ARCHIVE_LAKE_H

#include <stdatomic.h>

#include <sluice/plugin.h>

#include "archive_layout.h"
#include "archive_store.h"

typedef struct archive_lake {
    const sluice_host *host;
    archive_store *store;
    archive_layout layout;
    size_t max_file_bytes;        /* compressed and decompressed, per file */
    atomic_int extension;         /* index into archive_extensions tried first */
} archive_lake;

typedef struct lake_settings {
    store_settings store;
    archive_layout layout;        /* used when the lake has no manifest */
    size_t max_file_bytes;
} lake_settings;

/* Open the store and read the manifest; checks the manifest's passphrase
 * against host->network_passphrase.  0, or -1 after host->error(). */
int archive_lake_open(archive_lake *lake, const sluice_host *host, const lake_settings *settings,
                      store_session **session);
void archive_lake_close(archive_lake *lake);

/* Fetch the file starting at file_start (body NULL: only check it exists).
 * key receives the key that was found, or the first tried when missing. */
store_result lake_fetch_file(archive_lake *lake, store_session *session, uint32_t file_start,
                             text_buffer *body, char *key, size_t key_size, char *why,
                             size_t why_size);

/* The last ledger of the newest file, searching forward from the file
 * holding `known` (which must exist): doubling steps, then bisection over
 * existence.  0, or -1 with why. */
int lake_find_latest(archive_lake *lake, store_session *session, uint32_t known,
                     uint32_t *latest, char *why, size_t why_size);

#endif
