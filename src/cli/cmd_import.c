/*
 * cmd_import.c - `trappe import FILE.jsonl`: all records of the file or none.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int
cmd_import(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    size_t count = 0;

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe import FILE.jsonl\n\nImport JSON Lines (one record per line with a "
               "\"type\" and an \"id\"; see docs/FORMAT.md). All or nothing: the first bad line is "
               "named and nothing is written. '-' reads standard input.\n");
        return EXIT_OK;
    }
    if (argc != 2) {
        cli_error("usage: trappe import FILE.jsonl");
        return EXIT_USAGE;
    }
    const char *path = argv[1];
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *file = from_stdin ? NULL : fopen(path, "r"); /* owned */
    FILE *in = from_stdin ? stdin : file;
    if (!in) {
        cli_error("cannot read '%s': %s", path, strerror(errno));
        return EXIT_USAGE;
    }
    int code = cli_open(cli, &app, false);
    if (!code) {
        enum err rc = app_import(&app, in, from_stdin ? "stdin" : path, &count, &why);
        if (rc) {
            cli_error("%s; nothing was imported", strbuf_str(&why));
            code = cli_exit_code(rc);
        } else {
            printf("imported %zu records\n", count);
        }
        app_close(&app);
    }
    if (file)
        fclose(file);
    strbuf_release(&why);
    return code;
}
