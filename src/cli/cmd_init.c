/*
 * cmd_init.c - `trappe init`: create the database, or apply pending migrations to it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int
cmd_init(struct cli *cli, int argc, char **argv)
{
    struct app app;
    (void)argv;
    if (argc > 1) {
        if (strcmp(argv[1], "--help") == 0) {
            printf("usage: trappe [--db FILE] init\n\nCreate the database (WAL, synchronous=FULL) "
                   "or bring its schema up to date.\n");
            return EXIT_OK;
        }
        cli_error("init takes no arguments");
        return EXIT_USAGE;
    }
    int code = cli_open(cli, &app, true);
    if (code)
        return code;
    printf("database %s at schema version %d\n", cli->db, app_schema_version(&app));
    app_close(&app);
    return EXIT_OK;
}
