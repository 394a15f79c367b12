/* source_errors.c — errors the sources report the same way (see
 * source_errors.h). */
#include "config.h"

#include "source_errors.h"

#include <stdio.h>

void range_stop_set(range_stop *stop, sluice_status status, const char *message)
{
    stop->status = status;
    snprintf(stop->message, sizeof stop->message, "%s", message);
}

sluice_status range_stop_repeat(const range_stop *stop, const sluice_host *host)
{
    if (stop->status != SLUICE_OK)
        host->error(host, stop->message, NULL,
                    "The range stopped at this error; prepare a range again.");
    return stop->status;
}

void range_stop_clear(range_stop *stop)
{
    stop->status = SLUICE_OK;
}

sluice_status source_check_range(const sluice_host *host, uint32_t from, uint32_t to)
{
    if (from >= 2 && (!to || to >= from))
        return SLUICE_OK;
    char detail[64];
    snprintf(detail, sizeof detail, "from %u, to %u", from, to);
    host->error(host, "invalid ledger range", detail,
                "Ledgers start at 2; a bounded range needs from <= to.");
    return SLUICE_ERROR;
}

static void hex32(const uint8_t hash[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

void source_chain_detail(char *out, size_t size, const uint8_t got[32], uint32_t sequence,
                         const uint8_t want[32])
{
    char got_hex[65], want_hex[65];
    hex32(got, got_hex);
    hex32(want, want_hex);
    snprintf(out, size, "previous-ledger hash %s, hash of ledger %u %s", got_hex, sequence,
             want_hex);
}
