/* ini_file.h — read an INI file (through inih) into a list of
 * section/key/value entries that remember their line numbers, so every
 * later validation message can name file and line. */
#ifndef SLUICE_INI_FILE_H
#define SLUICE_INI_FILE_H

#include <stddef.h>

#include "base/report.h"

typedef struct ini_entry {
    char *section;
    char *key;
    char *value;
    unsigned line;
} ini_entry;

typedef struct ini_section {
    char *name;
    unsigned line;     /* line of the [header] */
} ini_section;

typedef struct ini_file {
    char *path;
    ini_entry *entries;
    size_t entry_count, entry_capacity;
    ini_section *sections;
    size_t section_count, section_capacity;
} ini_file;

/* Parse path.  Syntax errors (lines inih rejects, overlong lines, keys
 * outside a section, a key set twice) go to diags as "FILE:LINE: ...";
 * failure to open or read the file fills err and returns -1.  On success
 * (even with diagnostics) *out owns the result. */
int ini_file_load(const char *path, ini_file **out, diag_list *diags, error_report *err);
void ini_file_free(ini_file *file);

/* The entry for section/key, or NULL. */
ini_entry *ini_file_find(const ini_file *file, const char *section, const char *key);

/* The header line of a section, or 0 when the file has no such section. */
unsigned ini_file_section_line(const ini_file *file, const char *section);

#endif
