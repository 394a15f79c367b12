/* row_format.h — the stdout sink's NDJSON: a ledger's rows as one JSON
 * object per row ("rows") or one object per ledger ("ledger"), and balance
 * changes as one object each.  Field names are the rows.h names (the
 * PostgreSQL sink's columns), each code followed by its name (the
 * PostgreSQL sink's lookup tables); value forms are in json_text.h and
 * doc/sink-stdout.md.  Every object ends with a newline. */
#ifndef SINK_STDOUT_ROW_FORMAT_H
#define SINK_STDOUT_ROW_FORMAT_H

#include <sluice/plugin.h>

#include "text_buffer.h"

typedef enum row_format {
    ROW_FORMAT_ROWS = 0,        /* one object per row, each with "type" */
    ROW_FORMAT_LEDGER = 1,      /* one object per ledger, rows nested */
} row_format;

/* Append the ledger's lines; include_frame adds "frame_xdr" (base64) to
 * the ledger object.  Codes get their names beside them ("*_name" fields)
 * from host->code_name; null when host lacks it or knows no name. */
void row_format_ledger(text_buffer *out, const sluice_host *host, const sluice_ledger *ledger,
                       row_format format, int include_frame);

/* Append one {"type":"balance",...} line per change. */
/* count changes, element_size bytes apart. */
void row_format_balances(text_buffer *out, const sluice_balance_change *changes, size_t count,
                         size_t element_size);

#endif
