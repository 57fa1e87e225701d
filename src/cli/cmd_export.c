/*
 * cmd_export.c - `trappe export [--output FILE]`: every record as JSON Lines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int
cmd_export(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    const char *path = NULL;
    size_t count = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe export [--output FILE]\n\nWrite every record as JSON Lines in "
                   "export order (references point backwards), to standard output by default.\n");
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            path = argv[++i];
            continue;
        }
        cli_error("usage: trappe export [--output FILE]");
        return EXIT_USAGE;
    }
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    FILE *out = path ? fopen(path, "w") : stdout;
    if (!out) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        app_close(&app);
        return EXIT_FAIL;
    }
    enum err rc = app_export(&app, out, &count, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    }
    if (path && fclose(out) != 0 && !code) {
        cli_error("cannot write '%s'", path);
        code = EXIT_FAIL;
    }
    if (path && !code)
        fprintf(stderr, "exported %zu records to %s\n", count, path);
    app_close(&app);
    strbuf_release(&why);
    return code;
}

int
cmd_extract(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT, out = STRBUF_INIT;
    const char *path = NULL, *purpose = NULL;
    size_t children = 0, records = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe extract --purpose TEXT [--output FILE]\n\nThe pseudonymised "
                   "extract for analysts as JSON Lines: no ids, names, CPR numbers, free text or "
                   "references; each child as a keyed pseudonym (the same in every extract), "
                   "dates of birth as the year. Audited with its purpose (one line of 10 to 300 "
                   "characters: what the extract is for).\n");
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            path = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--purpose") == 0 && i + 1 < argc) {
            purpose = argv[++i];
            continue;
        }
        cli_error("usage: trappe extract --purpose TEXT [--output FILE]");
        return EXIT_USAGE;
    }
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    enum err rc = app_extract_pseudonymised(&app, purpose, &out, &children, &records, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    } else {
        FILE *f = path ? fopen(path, "w") : stdout;
        if (!f || fwrite(strbuf_str(&out), 1, out.len, f) != out.len || fflush(f) != 0) {
            cli_error("cannot write '%s'", path ? path : "standard output");
            code = EXIT_FAIL;
        }
        if (path && f && fclose(f) != 0 && !code) {
            cli_error("cannot write '%s'", path);
            code = EXIT_FAIL;
        }
        if (!code)
            fprintf(stderr, "extracted %zu records about %zu children\n", records, children);
    }
    app_close(&app);
    strbuf_release(&out);
    strbuf_release(&why);
    return code;
}
