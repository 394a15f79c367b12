/* core_appendix.h — the user's captive_core_toml appendix, read just far
 * enough to place it in the generated stellar-core config:
 *
 * - its top-level `KEY = value` statements (they must come before any
 *   table, so they go with the generated top-level keys; a value may span
 *   lines, e.g. NODE_NAMES = [ ... ]);
 * - where its tables start (they go after the generated ones);
 * - whether it configures a quorum set: a [QUORUM_SET] or [QUORUM_SET.x]
 *   table or a [[VALIDATORS]] entry (as stellar-go decides whether an
 *   offline replay needs a made-up one-validator quorum set);
 * - that every string, array, inline table and table header is closed, so
 *   nothing written after the appendix can be swallowed by it.
 *
 * The text is the caller's and must outlive the parsed appendix. */
#ifndef CAPTIVE_CORE_APPENDIX_H
#define CAPTIVE_CORE_APPENDIX_H

#include <stddef.h>

#define APPENDIX_KEY_MAX 64

typedef struct appendix_statement {
    char key[APPENDIX_KEY_MAX];
    size_t start, end;          /* text[start, end): the statement, no newline */
    size_t value;               /* where its value starts */
} appendix_statement;

typedef struct core_appendix {
    const char *text;
    appendix_statement *top;    /* malloc'd, top_count entries */
    size_t top_count;
    size_t tables;              /* offset of the first table header (strlen: none) */
    int has_quorum_set;
} core_appendix;

/* 0, or -1 with why ("line N: ..."); out is empty after a failure. */
int core_appendix_parse(const char *text, core_appendix *out, char *why, size_t why_size);
void core_appendix_free(core_appendix *appendix);

/* The top-level statement setting key, or NULL.  NULL-safe. */
const appendix_statement *core_appendix_find(const core_appendix *appendix, const char *key);

#endif
