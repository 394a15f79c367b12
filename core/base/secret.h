/* secret.h — keep passwords out of every message sluice prints or logs.
 *
 * Two defences, both applied by secret_scrub():
 *  - patterns: the password of a URI's user-info (scheme://user:PASSWORD@)
 *    and the value of a password keyword (password=..., key=value and URI
 *    query forms, quoted or not) are masked wherever they appear, whether
 *    the connection string is well-formed or not;
 *  - known values: the values of SECRET config keys, and the passwords found
 *    inside them, are registered once (secret_register) and every later
 *    occurrence of them is masked, so a library that quotes a fragment of a
 *    connection string (libpq's "invalid percent-encoded token") cannot leak
 *    it either.
 * report_set, diag_add and the log writer scrub what they format, so
 * plugin messages (host->error, host->log) are covered as well.
 *
 * Thread safety: secret_register runs at set-up; secret_scrub may run on
 * any thread at any time (the registry is guarded). */
#ifndef SLUICE_SECRET_H
#define SLUICE_SECRET_H

#include <stddef.h>

/* The mask that replaces a secret. */
#define SECRET_MASK "********"

/* Remember a secret value (and the passwords inside it, if it is a
 * connection string).  Values shorter than 3 bytes are only masked by the
 * patterns (masking every "ab" in every message would hide the message). */
void secret_register(const char *value);

/* Mask, in place, every secret in the NUL-terminated text held in
 * text[0..size); the result is cut to size - 1 bytes if masks lengthen it. */
void secret_scrub(char *text, size_t size);

/* Forget every registered secret (tests; end of process). */
void secret_forget_all(void);

#endif
