/* ini_file.c — INI parsing with line numbers (see ini_file.h).
 *
 * inih's handler is not told the line number, so the file is fed to
 * ini_parse_stream() through a reader that counts lines: when the handler
 * runs, the count is the line just read.  The reader also records section
 * headers (inih reports only sections that hold keys) and flags lines
 * longer than inih's buffer instead of letting them be split silently.
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

typedef struct ini_reader_state {
    FILE *stream;
    ini_file *file;
    diag_list *diags;
    unsigned line;
    int in_overlong_line; /* the previous chunk did not end with '\n' */
    int is_continuation;  /* the current line starts with white space */
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

static char *counting_reader(char *buffer, int size, void *stream)
{
    ini_reader_state *state = stream;
    if (!fgets(buffer, size, state->stream))
        return NULL;
    size_t len = strlen(buffer);
    int complete = len > 0 && buffer[len - 1] == '\n';
    if (!state->in_overlong_line) {
        state->line++;
        state->is_continuation = buffer[0] == ' ' || buffer[0] == '\t';
        record_section_header(state, buffer);
    }
    if (!complete && !feof(state->stream)) {
        if (!state->in_overlong_line)
            diag_add(state->diags, "%s:%u: line longer than %d characters", state->file->path,
                     state->line, size - 3);
        state->in_overlong_line = 1;
        buffer[0] = '\0'; /* drop the chunk: an overlong line is never half-used */
        return buffer;
    }
    if (state->in_overlong_line) {
        state->in_overlong_line = 0;
        buffer[0] = '\0';
    }
    hide_value_semicolons(buffer);
    return buffer;
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
    if (earlier && state->is_continuation) {
        /* inih hands an indented continuation line as the same key again */
        size_t len = strlen(earlier->value);
        earlier->value = xrealloc(earlier->value, len + strlen(value) + 2);
        earlier->value[len] = '\n';
        strcpy(earlier->value + len + 1, value);
        restore_semicolons(earlier->value);
        return 1;
    }
    if (earlier) {
        diag_add(state->diags, "%s:%u: [%s] key '%s' is set twice (first at line %u)",
                 file->path, state->line, section, key, earlier->line);
        return 1;
    }
    xgrow((void **)&file->entries, &file->entry_capacity, file->entry_count + 1,
          sizeof *file->entries);
    ini_entry *entry = &file->entries[file->entry_count++];
    entry->section = xstrdup(section);
    entry->key = xstrdup(key);
    entry->value = xstrdup(value);
    restore_semicolons(entry->value);
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
