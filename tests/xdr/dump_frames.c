/* dump_frames.c — prints every real fixture frame as "TYPE NAME BASE64",
 * one per line, so script tests (the stellar-xdr-json conformance test)
 * see exactly the frames the C tests see.  usage: dump_frames DIR */
#include <stdio.h>

#include "xdr/sx_input.h"
#include "xdr_fixtures.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: dump_frames FIXTURES_DIR\n");
        return 2;
    }
    xf_set set;
    char why[512];
    if (xf_load(argv[1], &set, why, sizeof(why))) {
        fprintf(stderr, "dump_frames: %s\n", why);
        return 1;
    }
    sx_buf line;
    sx_buf_init(&line);
    int rc = 0;
    for (size_t i = 0; i < set.count && rc == 0; i++) {
        line.len = 0;
        if (sx_base64_encode(set.frames[i].data, set.frames[i].len, &line)) {
            rc = 1;
            break;
        }
        printf("%s %s %.*s\n", set.frames[i].type, set.frames[i].name, (int)line.len,
               (const char *)line.data);
    }
    sx_buf_free(&line);
    xf_free(&set);
    return rc;
}
