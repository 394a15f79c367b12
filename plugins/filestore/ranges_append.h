/* ranges_append.h — internal to libsluice-filestore: the state file reader
 * appends the ranges it reads, checking they are in canonical form. */
#ifndef SLUICE_FILESTORE_RANGES_APPEND_H
#define SLUICE_FILESTORE_RANGES_APPEND_H

#include <sluice/filestore.h>

/* Append a range read from a file: it must lie strictly after the last
 * one and not touch it (the canonical form).  0; -1 out of memory; -2 not
 * canonical (first > last, overlap, adjacency or disorder). */
int fs_ranges_append(sluice_fs_ranges *set, uint32_t first, uint32_t last);

#endif
