/* output_chain.c — the hash chain of a file output's ledger objects (see
 * output_chain.h). */
#include "config.h"

#include "output_chain.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_PREFIX "{\"type\":\"ledger\",\"sequence\":"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* `"KEY":"<64 lowercase hex>"` at p into out; the text after, or NULL. */
static const char *parse_hash(const char *p, const char *key, uint8_t out[32])
{
    size_t key_len = strlen(key);
    if (strncmp(p, key, key_len) != 0)
        return NULL;
    p += key_len;
    for (size_t i = 0; i < 32; i++) {
        int high = hex_value(p[2 * i]), low = hex_value(p[2 * i + 1]);
        if (high < 0 || low < 0)
            return NULL;
        out[i] = (uint8_t)(high << 4 | low);
    }
    return p[64] == '"' ? p + 65 : NULL;
}

/* A ledger line: sequence, hash, previous_hash.  0, or -1 when malformed. */
static int parse_ledger_line(const char *line, sluice_chain_link *link)
{
    const char *p = line + strlen(LEDGER_PREFIX);
    uint64_t sequence = 0;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        sequence = sequence * 10 + (uint64_t)(*p - '0');
        if (sequence > UINT32_MAX)
            return -1;
    }
    link->sequence = (uint32_t)sequence;
    p = parse_hash(p, ",\"hash\":\"", link->hash);
    p = p ? parse_hash(p, ",\"previous_hash\":\"", link->previous_hash) : NULL;
    return p && *p == ',' ? 0 : -1;
}

static int by_sequence(const void *a, const void *b)
{
    uint32_t x = ((const sluice_chain_link *)a)->sequence;
    uint32_t y = ((const sluice_chain_link *)b)->sequence;
    return x < y ? -1 : x > y;
}

static int append_link(sluice_chain_link **links, size_t *count, size_t *capacity,
                       const sluice_chain_link *link)
{
    if (*count == *capacity) {
        size_t bigger = *capacity ? *capacity * 2 : 1024;
        sluice_chain_link *grown = realloc(*links, bigger * sizeof *grown);
        if (!grown)
            return -1;
        *links = grown;
        *capacity = bigger;
    }
    (*links)[(*count)++] = *link;
    return 0;
}

int output_chain_read(const char *path, uint64_t committed_len, uint32_t from, uint32_t to,
                      sluice_chain_link **links, size_t *count, char *why, size_t why_size)
{
    *links = NULL;
    *count = 0;
    FILE *file = fopen(path, "r");
    if (!file) {
        snprintf(why, why_size, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    size_t capacity = 0, line_size = 0;
    char *line = NULL;
    uint64_t offset = 0;
    int failed = 0;
    ssize_t len;
    while (!failed && offset < committed_len && (len = getline(&line, &line_size, file)) > 0) {
        if (offset + (uint64_t)len > committed_len || line[len - 1] != '\n') {
            snprintf(why, why_size, "%s: byte %" PRIu64 ": line runs past the committed length",
                     path, offset);
            failed = 1;
        } else if (strncmp(line, LEDGER_PREFIX, strlen(LEDGER_PREFIX)) == 0) {
            sluice_chain_link link = {.struct_size = sizeof link};
            if (parse_ledger_line(line, &link) != 0) {
                snprintf(why, why_size, "%s: byte %" PRIu64 ": malformed ledger object "
                         "(expected sequence, hash, previous_hash)", path, offset);
                failed = 1;
            } else if (link.sequence >= from && link.sequence <= to &&
                       append_link(links, count, &capacity, &link) != 0) {
                snprintf(why, why_size, "out of memory reading %s", path);
                failed = 1;
            }
        }
        offset += (uint64_t)len;
    }
    if (!failed && ferror(file)) {
        snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
        failed = 1;
    }
    free(line);
    fclose(file);
    if (failed) {
        free(*links);
        *links = NULL;
        *count = 0;
        return -1;
    }
    if (*count)
        qsort(*links, *count, sizeof **links, by_sequence);
    return 0;
}
