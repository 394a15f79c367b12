/* cmd_migrate.c — `sluice migrate [--dry-run]`: list the sink's pending
 * schema migrations and apply them (sluice_sink_ops.migrate), so that a
 * schema changes when the operator says so (see auto_migrate). */
#include "config.h"

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "engine/engine_status.h"
#include "host/instance.h"
#include "host/setup.h"

#include <stdio.h>

typedef struct migrate_listing {
    int apply;
    unsigned pending;
} migrate_listing;

static int print_migration(void *context, const sluice_migration *migration)
{
    migrate_listing *listing = context;
    listing->pending++;
    printf("%s migration %u: %s\n", listing->apply ? "applying" : "pending", migration->version,
           migration->description ? migration->description : "");
    return 0;
}

int cmd_migrate(const command_options *options)
{
    int dry_run = options->dry_run;
    if (options->positional_count) {
        fprintf(stderr, "sluice migrate: unexpected argument '%s'\n", options->positional[0]);
        return EXIT_USAGE;
    }
    sluice_setup setup;
    int result = command_load_setup(options, &setup);
    if (result != EXIT_OK) {
        setup_free(&setup);
        return result;
    }
    const sluice_sink_ops *ops = setup.sink.plugin.descriptor->sink;
    plugin_instance sink;
    error_report err;
    sluice_status status = instance_open_with(&sink, &setup.sink, setup.core.network_passphrase,
                                              SLUICE_OPEN_FOR_MIGRATE, &err);
    if (status != SLUICE_OK) {
        report_print(&err);
        result = command_exit_code(engine_status_of_open(status));
    } else if (!ops->migrate) {
        printf("sink %s has no schema to migrate\n", setup.sink.plugin.descriptor->name);
    } else {
        migrate_listing listing = {!dry_run, 0};
        status = ops->migrate(sink.handle, !dry_run, print_migration, &listing);
        if (status != SLUICE_OK) {
            instance_take_error(&sink, status, &err, "sink: migrate");
            report_print(&err);
            result = command_exit_code(engine_status_from_plugin(status));
        } else if (!listing.pending) {
            printf("the schema is up to date\n");
        } else {
            printf("%u migration%s %s\n", listing.pending, listing.pending == 1 ? "" : "s",
                   dry_run ? "pending (dry run: nothing changed)" : "applied");
        }
    }
    instance_close(&sink);
    setup_free(&setup);
    return result;
}
