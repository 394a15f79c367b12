/* ini_file.c — INI parsing with line numbers (see ini_file.h).
 *
 * inih's handler is not told the line number, so the file is fed to
 * ini_parse_stream() through a reader that counts lines: when the handler
 * runs, the count is the line just read.  The reader also records section
 * headers (inih reports only sections that hold keys).
 *
 * Long lines.  inih reads into a fixed buffer (200 bytes in Debian's
 * build), too small for a list of history archive URLs.  The reader takes
 * whole lines (up to INI_LINE_MAX bytes) itself and hands inih a stand-in
 * for a value that would not fit: LONG_VALUE_MARK and the index of the
 * value, kept aside; the handler puts the value back.  A line over
 * INI_LINE_MAX, or one holding a NUL byte, is reported at its own line and
 * dropped whole; the lines after it keep their numbers.
 *
 * Comments start only at the beginning of a line (as in Python's
 * configparser): a value may contain ';', which the pubnet passphrase
 * does.  The reader hides ';' in values from inih's inline-comment
 * stripping and the handler restores it. */
#include "config.h"

#include "config/ini_file.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest line read (a value of up to about 1 MiB). */
#define INI_LINE_MAX (1024 * 1024)

/* Starts a stand-in value: "\x1e<index>" refers to long_values[index]. */
#define LONG_VALUE_MARK '\x1e'

typedef struct ini_reader_state {
    FILE *stream;
    ini_file *file;
    diag_list *diags;
    unsigned line;
    int is_continuation;  /* the current line starts with white space */
    char *line_buffer;    /* the current physical line (getline) */
    size_t line_capacity;
    char **long_values;   /* values handed to inih as stand-ins */
    size_t long_count, long_capacity;
} ini_reader_state;

static void record_section_header(ini_reader_state *state, const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    if (*text != '[')
        return;
    const char *end = strchr(text, ']');
    if (!end)
        return; /* inih reports the syntax error */
    ini_file *file = state->file;
    xgrow((void **)&file->sections, &file->section_capacity, file->section_count + 1,
          sizeof *file->sections);
    ini_section *section = &file->sections[file->section_count++];
    section->name = strndup(text + 1, (size_t)(end - text - 1));
    if (!section->name)
        section->name = xstrdup("");
    section->line = state->line;
}

/* Stand-in for ';' inside values while inih looks at the line. */
#define HIDDEN_SEMICOLON '\x1f'

/* In a "key = value" line, hide every ';' after the '='; in an indented
 * continuation line (all value), every ';'. */
static void hide_value_semicolons(char *line)
{
    char *start = line + strspn(line, " \t");
    if (*start == ';' || *start == '#' || *start == '[')
        return;
    char *value = start > line ? start : strpbrk(line, "=:");
    for (char *p = value; p && *p; p++)
        if (*p == ';')
            *p = HIDDEN_SEMICOLON;
}

static void restore_semicolons(char *value)
{
    for (char *p = value; *p; p++)
        if (*p == HIDDEN_SEMICOLON)
            *p = ';';
}

/* Trim white space at both ends, in place. */
static char *trimmed(char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        text[--len] = '\0';
    return text;
}

/* Hand inih "KEY = <stand-in>" (or an indented stand-in for a
 * continuation) for a line too long for its buffer; 0, or -1 when even
 * the stand-in would not fit (a key of hundreds of bytes). */
static int stand_in_line(ini_reader_state *state, char *line, char *buffer, size_t size)
{
    char *value = state->is_continuation ? line : strpbrk(line, "=:");
    if (!value || *line == '[')
        return -1;
    int key_len = state->is_continuation ? 0 : (int)(value - line);
    if (!state->is_continuation)
        value++;
    size_t index = state->long_count;
    int n = state->is_continuation
                ? snprintf(buffer, size, " %c%zu\n", LONG_VALUE_MARK, index)
                : snprintf(buffer, size, "%.*s= %c%zu\n", key_len, line, LONG_VALUE_MARK, index);
    if (n < 0 || (size_t)n >= size)
        return -1;
    xgrow((void **)&state->long_values, &state->long_capacity, state->long_count + 1,
          sizeof *state->long_values);
    state->long_values[state->long_count++] = xstrdup(trimmed(value));
    return 0;
}

static char *counting_reader(char *buffer, int size, void *stream)
{
    ini_reader_state *state = stream;
    ssize_t len = getline(&state->line_buffer, &state->line_capacity, state->stream);
    if (len < 0)
        return NULL;
    char *line = state->line_buffer;
    state->line++;
    state->is_continuation = line[0] == ' ' || line[0] == '\t';
    /* NUL would end the line early; the reader's own stand-ins must not
     * come from the file */
    size_t bad = 0;
    while (bad < (size_t)len && line[bad] != '\0' && line[bad] != HIDDEN_SEMICOLON &&
           line[bad] != LONG_VALUE_MARK)
        bad++;
    if (bad < (size_t)len) {
        diag_add(state->diags, "%s:%u: %s byte at column %zu; the line is ignored (is this a "
                 "text file?)", state->file->path, state->line,
                 line[bad] == '\0' ? "NUL" : "control", bad + 1);
        strcpy(buffer, "\n");
        return buffer;
    }
    if (len > INI_LINE_MAX) {
        diag_add(state->diags, "%s:%u: line longer than %d bytes; the line is ignored",
                 state->file->path, state->line, INI_LINE_MAX);
        strcpy(buffer, "\n");
        return buffer;
    }
    record_section_header(state, line);
    hide_value_semicolons(line);
    if ((size_t)len < (size_t)size - 1) {
        memcpy(buffer, line, (size_t)len + 1);
    } else if (stand_in_line(state, line, buffer, (size_t)size) != 0) {
        diag_add(state->diags, "%s:%u: a section header or key longer than %d bytes",
                 state->file->path, state->line, size - 20);
        strcpy(buffer, "\n");
    }
    return buffer;
}

/* The value inih passed, with a stand-in replaced by the value it stands
 * for and ';' restored; the caller frees it. */
static char *real_value(const ini_reader_state *state, const char *value)
{
    char *copy;
    if (value[0] == LONG_VALUE_MARK && strtoul(value + 1, NULL, 10) < state->long_count)
        copy = xstrdup(state->long_values[strtoul(value + 1, NULL, 10)]);
    else
        copy = xstrdup(value);
    restore_semicolons(copy);
    return copy;
}

ini_entry *ini_file_find(const ini_file *file, const char *section, const char *key)
{
    for (size_t i = 0; i < file->entry_count; i++)
        if (strcmp(file->entries[i].section, section) == 0 &&
            strcmp(file->entries[i].key, key) == 0)
            return &file->entries[i];
    return NULL;
}

static int entry_handler(void *user, const char *section, const char *key, const char *value)
{
    ini_reader_state *state = user;
    ini_file *file = state->file;
    if (!*section) {
        diag_add(state->diags, "%s:%u: key '%s' is outside any section; put it under [sluice], "
                 "[source] or [sink]", file->path, state->line, key);
        return 1;
    }
    ini_entry *earlier = ini_file_find(file, section, key);
    char *text = real_value(state, value);
    if (earlier && state->is_continuation) {
        /* inih hands an indented continuation line as the same key again */
        size_t len = strlen(earlier->value);
        earlier->value = xrealloc(earlier->value, len + strlen(text) + 2);
        earlier->value[len] = '\n';
        strcpy(earlier->value + len + 1, text);
        free(text);
        return 1;
    }
    if (earlier) {
        diag_add(state->diags, "%s:%u: [%s] key '%s' is set twice (first at line %u)",
                 file->path, state->line, section, key, earlier->line);
        free(text);
        return 1;
    }
    xgrow((void **)&file->entries, &file->entry_capacity, file->entry_count + 1,
          sizeof *file->entries);
    ini_entry *entry = &file->entries[file->entry_count++];
    entry->section = xstrdup(section);
    entry->key = xstrdup(key);
    entry->value = text;
    entry->line = state->line;
    return 1;
}

int ini_file_load(const char *path, ini_file **out, diag_list *diags, error_report *err)
{
    FILE *stream = fopen(path, "r");
    if (!stream) {
        report_set(err, strerror(errno), "Pass the file with --config FILE.",
                   "cannot open config file %s", path);
        return -1;
    }
    ini_file *file = xcalloc(1, sizeof *file);
    file->path = xstrdup(path);
    ini_reader_state state = {.stream = stream, .file = file, .diags = diags};
    int result = ini_parse_stream(counting_reader, &state, entry_handler, &state);
    int read_failed = ferror(stream);
    fclose(stream);
    free(state.line_buffer);
    for (size_t i = 0; i < state.long_count; i++)
        free(state.long_values[i]);
    free(state.long_values);
    if (read_failed) {
        report_set(err, NULL, NULL, "cannot read config file %s", path);
        ini_file_free(file);
        return -1;
    }
    if (result > 0)
        diag_add(diags, "%s:%d: syntax error: expected [section], key = value, or a comment",
                 path, result);
    *out = file;
    return 0;
}

void ini_file_free(ini_file *file)
{
    if (!file)
        return;
    for (size_t i = 0; i < file->entry_count; i++) {
        free(file->entries[i].section);
        free(file->entries[i].key);
        free(file->entries[i].value);
    }
    for (size_t i = 0; i < file->section_count; i++)
        free(file->sections[i].name);
    free(file->entries);
    free(file->sections);
    free(file->path);
    free(file);
}

unsigned ini_file_section_line(const ini_file *file, const char *section)
{
    for (size_t i = 0; i < file->section_count; i++)
        if (strcmp(file->sections[i].name, section) == 0)
            return file->sections[i].line;
    return 0;
}
