/* retry.c — redoing work after transient failures (see retry.h). */
#include "config.h"

#include "engine/retry.h"
#include "base/cancel.h"
#include "base/log.h"
#include "base/metrics.h"

#include <time.h>

unsigned retry_attempt_limit(const sluice_setup *setup)
{
    return (unsigned)setup->core.retry_attempts;
}

unsigned retry_backoff_ms(unsigned attempt)
{
    return attempt >= 5 ? 10000 : 500u << (attempt - 1);
}

void retry_sleep(unsigned delay_ms)
{
    for (unsigned waited = 0; waited < delay_ms && !cancel_requested(); waited += 50) {
        struct timespec pause = {0, 50 * 1000000L};
        nanosleep(&pause, NULL);
    }
}

int retry_after_failure(engine_status *result, int transient, unsigned attempt, unsigned limit,
                        const char *what, const error_report *err)
{
    if (!transient || cancel_requested())
        return 0;
    if (attempt >= limit) {
        log_fields("core", SLUICE_LOG_WARN, LOG_FIELDS(LOG_UINT("attempt", attempt)),
                   "%s: %s; giving up after %u attempts", what, err->message, attempt);
        if (*result == ENGINE_RETRY)
            *result = ENGINE_FAILED;
        return 0;
    }
    metric_add(METRIC_RETRIES, 1);
    log_fields("core", SLUICE_LOG_WARN,
               LOG_FIELDS(LOG_UINT("attempt", attempt + 1), LOG_UINT("attempts", limit)),
               "%s: %s; retrying (attempt %u of %u)", what, err->message, attempt + 1, limit);
    retry_sleep(retry_backoff_ms(attempt));
    return 1;
}
