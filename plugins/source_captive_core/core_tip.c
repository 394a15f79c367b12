/* core_tip.c — newest ledger from the history archives (see core_tip.h). */
#include "config.h"

#include "core_tip.h"

#include "archive_store.h"
#include "json_members.h"

#include <stdio.h>
#include <string.h>

#define STATE_KEY ".well-known/stellar-history.json"

/* The currentLedger of one archive; 0, or -1 with why. */
static int archive_tip(const char *url, const char *passphrase, long timeout_s,
                       uint32_t *latest, char *why, size_t why_size)
{
    store_settings settings = {
        .url = url, .connect_timeout_s = timeout_s, .stall_timeout_s = timeout_s, .min_speed = 1,
        .total_timeout_s = timeout_s, .retries = 0, .max_backoff_ms = 100,
    };
    archive_store *store = NULL;
    store_session *session = NULL;
    text_buffer body = {0};
    int result = -1;
    if (archive_store_open(&store, &settings, why, why_size) != 0 ||
        !(session = store_session_open(store, why, why_size)))
        goto done;
    store_result found = store_get(session, STATE_KEY, CORE_TIP_MAX_BYTES, &body, why, why_size);
    if (found == STORE_MISSING)
        snprintf(why, why_size, "%s/%s: not found", url, STATE_KEY);
    if (found != STORE_FOUND)
        goto done;
    int64_t current = -1;
    char network[512] = "", detail[512];
    json_t *root = json_object_parse(body.data, body.len, detail, sizeof detail);
    int invalid = !root ||
        json_member_int(root, "currentLedger", 0, UINT32_MAX, &current, detail,
                        sizeof detail) < 0 ||
        json_member_text(root, "networkPassphrase", network, sizeof network, detail,
                         sizeof detail) < 0;
    json_decref(root);
    if (invalid)
        snprintf(why, why_size, "%s/%s: invalid: %s", url, STATE_KEY, detail);
    else if (current < 0)
        snprintf(why, why_size, "%s/%s: no currentLedger", url, STATE_KEY);
    else if (network[0] && strcmp(network, passphrase) != 0)
        snprintf(why, why_size, "%s/%s: an archive of another network (\"%s\")", url,
                 STATE_KEY, network);
    else
        *latest = (uint32_t)current, result = 0;
done:
    text_buffer_free(&body);
    store_session_close(session);
    archive_store_close(store);
    return result;
}

int core_tip_fetch(char *const *urls, size_t count, const char *passphrase, long timeout_s,
                   uint32_t *latest, char *why, size_t why_size)
{
    size_t used = 0;
    why[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        char reason[1024];
        if (archive_tip(urls[i], passphrase, timeout_s, latest, reason, sizeof reason) == 0)
            return 0;
        int n = snprintf(why + used, why_size - used, "%s%s", used ? "; " : "", reason);
        if (n > 0 && (size_t)n < why_size - used)
            used += (size_t)n;
    }
    if (!count)
        snprintf(why, why_size, "no history archive configured");
    return -1;
}
