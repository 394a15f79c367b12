/* store_state.c — libsluice-filestore: a file sink's committed state and
 * its state file (see <sluice/filestore.h>). */
#include "config.h"

#include "ranges_append.h"

#include <sluice/plugin.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAGIC "sluice-stdout-state 1"
/* A state file larger than this is not one we wrote (millions of ranges). */
#define STATE_MAX_BYTES (256u * 1024u * 1024u)

static const char *const cursor_names[SLUICE_FS_CURSORS] = {SLUICE_CURSOR_LATEST,
                                                             SLUICE_CURSOR_OLDEST};

sluice_fs_cursor *sluice_fs_state_cursor(sluice_fs_state *state, const char *name)
{
    for (size_t i = 0; i < SLUICE_FS_CURSORS; i++)
        if (strcmp(name, cursor_names[i]) == 0)
            return &state->cursors[i];
    return NULL;
}

void sluice_fs_state_free(sluice_fs_state *state)
{
    sluice_fs_ranges_free(&state->stored);
    memset(state, 0, sizeof *state);
}

int sluice_fs_state_copy(sluice_fs_state *dst, const sluice_fs_state *src)
{
    if (sluice_fs_ranges_copy(&dst->stored, &src->stored) != 0)
        return -1;
    dst->output_offset = src->output_offset;
    memcpy(dst->cursors, src->cursors, sizeof dst->cursors);
    return 0;
}

/* ---- reading ------------------------------------------------------------ */

/* The whole file, NUL-terminated, at most STATE_MAX_BYTES.  0; 1 when it
 * does not exist; -1 with why. */
static int read_whole_file(const char *path, char **text, size_t *len, char *why,
                           size_t why_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        snprintf(why, why_size, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)STATE_MAX_BYTES) {
        snprintf(why, why_size, "%s is not a regular file of at most %u bytes", path,
                 STATE_MAX_BYTES);
        close(fd);
        return -1;
    }
    char *data = malloc((size_t)st.st_size + 1);
    if (!data) {
        snprintf(why, why_size, "out of memory reading %s", path);
        close(fd);
        return -1;
    }
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t got = read(fd, data + done, (size_t)st.st_size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            snprintf(why, why_size, "cannot read %s: %s", path,
                     got < 0 ? strerror(errno) : "file shrank while being read");
            free(data);
            close(fd);
            return -1;
        }
        done += (size_t)got;
    }
    close(fd);
    data[done] = '\0';
    *text = data;
    *len = done;
    return 0;
}

/* A decimal number of at most max, all digits, no sign, no leading zero
 * (except "0").  Returns the character after it, or NULL. */
static const char *parse_number(const char *p, uint64_t max, uint64_t *value)
{
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
        return NULL;
    uint64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (v > (max - digit) / 10)
            return NULL;
        v = v * 10 + digit;
    }
    *value = v;
    return p;
}

/* Parse one line (NUL-terminated, no newline) into state.  seen_offset and
 * seen_end track required lines.  NULL, or why the line is wrong. */
static const char *parse_line(const char *line, sluice_fs_state *state, int *seen_offset)
{
    uint64_t a, b;
    const char *p;
    if (strncmp(line, "output_offset ", 14) == 0) {
        if (*seen_offset)
            return "output_offset given twice";
        p = parse_number(line + 14, INT64_MAX, &a);
        if (!p || *p)
            return "output_offset must be a byte count";
        state->output_offset = a;
        *seen_offset = 1;
        return NULL;
    }
    if (strncmp(line, "cursor ", 7) == 0) {
        const char *name = line + 7;
        const char *space = strchr(name, ' ');
        if (!space)
            return "a cursor line is 'cursor NAME LEDGER'";
        char name_copy[64];
        size_t name_len = (size_t)(space - name);
        if (name_len >= sizeof name_copy)
            return "unknown cursor name";
        memcpy(name_copy, name, name_len);
        name_copy[name_len] = '\0';
        sluice_fs_cursor *cursor = sluice_fs_state_cursor(state, name_copy);
        if (!cursor)
            return "unknown cursor name";
        if (cursor->present)
            return "cursor given twice";
        p = parse_number(space + 1, UINT32_MAX, &a);
        if (!p || *p)
            return "a cursor value is a ledger sequence (0..4294967295)";
        cursor->present = 1;
        cursor->value = (uint32_t)a;
        return NULL;
    }
    if (strncmp(line, "stored ", 7) == 0) {
        p = parse_number(line + 7, UINT32_MAX, &a);
        if (!p || *p != '-')
            return "a stored line is 'stored FIRST-LAST'";
        p = parse_number(p + 1, UINT32_MAX, &b);
        if (!p || *p)
            return "a stored line is 'stored FIRST-LAST'";
        int added = fs_ranges_append(&state->stored, (uint32_t)a, (uint32_t)b);
        if (added == -1)
            return "out of memory";
        if (added != 0)
            return "stored ranges must be ascending, disjoint and not adjacent";
        return NULL;
    }
    return "unknown line";
}

static int parse_state(const char *path, char *text, size_t len, sluice_fs_state *state,
                       char *why, size_t why_size)
{
    if (memchr(text, '\0', len)) {
        snprintf(why, why_size, "%s: contains a NUL byte; not a state file", path);
        return -1;
    }
    int seen_offset = 0, seen_end = 0;
    unsigned line_number = 0;
    char *line = text;
    while (*line) {
        char *newline = strchr(line, '\n');
        line_number++;
        if (!newline) {
            snprintf(why, why_size, "%s:%u: last line is not terminated (truncated file)",
                     path, line_number);
            return -1;
        }
        *newline = '\0';
        const char *fault = NULL;
        if (seen_end)
            fault = "text after 'end'";
        else if (line_number == 1)
            fault = strcmp(line, STATE_MAGIC) == 0 ? NULL : "not a sluice stdout state file "
                                                            "(first line must be '" STATE_MAGIC "')";
        else if (strcmp(line, "end") == 0)
            seen_end = 1;
        else
            fault = parse_line(line, state, &seen_offset);
        if (fault) {
            snprintf(why, why_size, "%s:%u: %s", path, line_number, fault);
            return -1;
        }
        line = newline + 1;
    }
    if (!seen_offset || !seen_end) {
        snprintf(why, why_size, "%s: %s", path, !seen_offset ? "no output_offset line"
                                                              : "no 'end' line (truncated file)");
        return -1;
    }
    return 0;
}

int sluice_fs_state_load(const char *path, sluice_fs_state *state, int *exists, char *why,
                    size_t why_size)
{
    sluice_fs_state_free(state);
    char *text = NULL;
    size_t len = 0;
    int read = read_whole_file(path, &text, &len, why, why_size);
    *exists = read == 0;
    if (read != 0)
        return read < 0 ? -1 : 0;
    int parsed = parse_state(path, text, len, state, why, why_size);
    free(text);
    if (parsed != 0)
        sluice_fs_state_free(state);
    return parsed;
}

/* ---- writing ------------------------------------------------------------ */

/* The file's text, as one allocation (*len bytes); NULL out of memory. */
static char *format_state(const sluice_fs_state *state, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    if (!out)
        return NULL;
    fprintf(out, STATE_MAGIC "\noutput_offset %" PRIu64 "\n", state->output_offset);
    for (size_t i = 0; i < SLUICE_FS_CURSORS; i++)
        if (state->cursors[i].present)
            fprintf(out, "cursor %s %" PRIu32 "\n", cursor_names[i], state->cursors[i].value);
    for (size_t i = 0; i < state->stored.count; i++)
        fprintf(out, "stored %" PRIu32 "-%" PRIu32 "\n", state->stored.items[i].first,
                state->stored.items[i].last);
    fputs("end\n", out);
    int failed = ferror(out);
    if (fclose(out) != 0 || failed) {
        free(text);
        return NULL;
    }
    return text;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t put = write(fd, data, len);
        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0)
            return -1;
        data += put;
        len -= (size_t)put;
    }
    return 0;
}

/* fsync the directory holding path, so a rename in it is durable. */
static int sync_parent_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int synced = fsync(fd);
    close(fd);
    return synced;
}

int sluice_fs_state_save(const char *path, const sluice_fs_state *state, char *why, size_t why_size)
{
    size_t len = 0;
    char *text = format_state(state, &len);
    char temp[4200];
    if (!text || (size_t)snprintf(temp, sizeof temp, "%s.tmp", path) >= sizeof temp) {
        snprintf(why, why_size, "%s", !text ? "out of memory" : "state file path too long");
        free(text);
        return -1;
    }
    const char *step = "write";
    int fd = sluice_fs_create_new(temp, 0644, why, why_size);
    if (fd < 0) {
        free(text);
        return -1;
    }
    int ok = write_all(fd, text, len) == 0;
    if (ok) {
        step = "fsync";
        ok = fsync(fd) == 0;
    }
    if (close(fd) != 0 && ok) {
        step = "close";
        ok = 0;
    }
    if (ok) {
        step = "rename over the state file";
        ok = rename(temp, path) == 0;
    }
    if (ok) {
        step = "fsync the directory of";
        ok = sync_parent_directory(path) == 0;
    }
    free(text);
    if (!ok) {
        snprintf(why, why_size, "cannot %s %s: %s", step, temp, strerror(errno));
        unlink(temp);
        return -1;
    }
    return 0;
}
