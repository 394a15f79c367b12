/* code_names.h — the one table of names beside codes (host->code_name and
 * host->code_names, sluice/plugin.h): operation types, transaction and
 * operation result codes, state-change categories and reasons, transfer
 * kinds and contract event types.  The XDR enums' names are read from the
 * generated codec (what `sluice decode` renders), never typed in here; the
 * row enums of sluice/rows.h are named in code_names.c.  Built once, on
 * first use, by whichever thread comes first; read-only afterwards. */
#ifndef SLUICE_CODE_NAMES_H
#define SLUICE_CODE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <sluice/plugin.h>

/* The name of code in set, or NULL (see sluice_host.code_name). */
const char *code_name(sluice_name_set set, int32_t context, int32_t code);

/* Every named code of set ordered by (context, code); *count receives how
 * many (0 and NULL for an unknown set).  Static: never freed. */
const sluice_code_name *code_names(sluice_name_set set, size_t *count);

/* The XDR enum naming the result codes of operation type op_type
 * ("PaymentResultCode"), or NULL for a type this build does not know. */
const char *code_names_result_enum(int32_t op_type);

#endif
