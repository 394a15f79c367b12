/* open_log.c — lines logged while instances open, once (see open_log.h). */
#include "config.h"

#include "host/open_log.h"
#include "base/log.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

/* FNV-1a hashes of the lines seen; when the table is full, lines are
 * logged as they come (a plugin logging this much at open is unusual). */
#define OPEN_LOG_SEEN_MAX 256

static pthread_mutex_t seen_mutex = PTHREAD_MUTEX_INITIALIZER;
static uint64_t seen[OPEN_LOG_SEEN_MAX];
static size_t seen_count;

static uint64_t hash_text(uint64_t h, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull; /* a separator between texts */
}

/* 1 when the line was seen before; records it otherwise. */
static int seen_before(uint64_t h)
{
    int found = 0;
    pthread_mutex_lock(&seen_mutex);
    for (size_t i = 0; i < seen_count && !found; i++)
        found = seen[i] == h;
    if (!found && seen_count < OPEN_LOG_SEEN_MAX)
        seen[seen_count++] = h;
    pthread_mutex_unlock(&seen_mutex);
    return found;
}

void open_log_writev(const char *component, sluice_log_level level, const char *fmt, va_list ap)
{
    char message[2048];
    vsnprintf(message, sizeof message, fmt, ap);
    char level_text[4] = {(char)('0' + level), 0};
    uint64_t h = hash_text(hash_text(hash_text(0xcbf29ce484222325ull, component), level_text),
                           message);
    log_write(component, seen_before(h) ? SLUICE_LOG_DEBUG : level, "%s", message);
}
