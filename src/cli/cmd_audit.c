/*
 * cmd_audit.c - the audit trail for operators and data-protection requests:
 *   trappe audit verify                      check the keyed hash chain; exit 1 at the first break
 *   trappe audit purge [--before DATE]       remove rows past retention (the purge is logged)
 *   trappe audit child ID [--reason TEXT]    the extract a data-subject request gets
 *   trappe export-child ID [--output FILE]   everything held about one child, as JSON Lines
 *   trappe key rotate                        a new key for the personal fields (S-25)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/str.h"

#define AUDIT_USAGE "usage: trappe audit verify | purge [--before DATE] | child ID [--reason TEXT]"

static int
fail(struct strbuf *why, enum err rc)
{
    cli_error("%s", strbuf_str(why));
    return cli_exit_code(rc);
}

static enum err
print_row(void *ctx, const struct subject_row *row)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s\n", row->at, row->what,
           row->record_type ? row->record_type->label_da : "-", row->purpose, row->by);
    return OK;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    const char *sub = argc > 1 ? argv[1] : "";
    const char *before = NULL, *reason = NULL;
    int64_t child = 0;
    int code;

    if (strcmp(sub, "--help") == 0) {
        printf(AUDIT_USAGE "\n\n"
                           "verify: recompute the keyed BLAKE2b chain over every audit row and "
                           "name the first row that does not match (exit 1).\n"
                           "purge: remove the rows older than DATE, or than the retention "
                           "setting audit_retention_months; the purge is itself an audit row.\n"
                           "child ID: every access to the child's data, oldest first: time, "
                           "what, record, purpose, and the role of who did it; staff names "
                           "only with --reason, which is recorded with the extract.\n");
        return EXIT_OK;
    }
    int i = 2;
    if (strcmp(sub, "child") == 0) {
        if (argc < 3 || parse_i64(argv[2], 1, INT64_MAX, &child)) {
            cli_error("audit child: ID must be a child's id (a whole number from 1)");
            return EXIT_USAGE;
        }
        i = 3;
    } else if (strcmp(sub, "verify") != 0 && strcmp(sub, "purge") != 0) {
        cli_error(AUDIT_USAGE);
        return EXIT_USAGE;
    }
    for (; i < argc; i++) {
        if (strcmp(sub, "purge") == 0 && strcmp(argv[i], "--before") == 0 && i + 1 < argc)
            before = argv[++i];
        else if (strcmp(sub, "child") == 0 && strcmp(argv[i], "--reason") == 0 && i + 1 < argc)
            reason = argv[++i];
        else {
            cli_error(AUDIT_USAGE);
            return EXIT_USAGE;
        }
    }
    code = cli_open(cli, &app, false);
    if (code)
        return code;
    enum err rc;
    if (strcmp(sub, "verify") == 0) {
        int64_t rows = 0, bad = 0;
        rc = app_audit_verify(&app, &rows, &bad, &why);
        struct strbuf lines = STRBUF_INIT;
        int64_t n = 0;
        if (!rc) {
            printf("audit: %lld rows verified; the chain is intact\n", (long long)rows);
            rc = app_audit_warnings(&app, &lines, &n, &why);
            if (!rc && n)
                fprintf(stderr, "warning: %lld loss%s recorded in the chain:\n%s", (long long)n,
                        n == 1 ? "" : "es", strbuf_str(&lines));
        } else if (rc == ERR_INVALID)
            cli_error("%s (%lld rows before it verified)", strbuf_str(&why), (long long)rows);
        strbuf_release(&lines);
        code = rc == ERR_INVALID ? EXIT_FAIL : rc ? fail(&why, rc) : EXIT_OK;
    } else if (strcmp(sub, "purge") == 0) {
        int64_t rows = 0;
        rc = app_audit_purge(&app, before, &rows, &why);
        if (!rc)
            printf("audit: %lld rows purged\n", (long long)rows);
        code = rc ? fail(&why, rc) : EXIT_OK;
    } else {
        struct arena *a = arena_new(0);
        rc = app_audit_child(&app, child, reason, a, print_row, NULL, &why);
        code = rc ? fail(&why, rc) : EXIT_OK;
        arena_free(a);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}

int
cmd_export_child(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    const char *path = NULL;
    int64_t child = 0;
    size_t count = 0;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe export-child ID [--output FILE]\n\nEverything held about one "
               "child as JSON Lines: the child, the persons its relations name, and every "
               "record about it. Logged before the first line is written.\n");
        return EXIT_OK;
    }
    if (argc < 2 || parse_i64(argv[1], 1, INT64_MAX, &child)) {
        cli_error("export-child: ID must be a child's id (a whole number from 1)");
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            path = argv[++i];
            continue;
        }
        cli_error("usage: trappe export-child ID [--output FILE]");
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
    enum err rc = app_export_child(&app, child, out, &count, &why);
    if (rc)
        code = fail(&why, rc);
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
cmd_key(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe key rotate | prune\n\n"
               "rotate: add a new key to the key file (DB.key, or $TRAPPE_KEY_FILE) and seal "
               "every personal field with it; older keys stay in the file for the audit rows "
               "they signed. A running server reads the key file again at its next request. "
               "Back the key file up after.\n"
               "prune: remove the keys nothing in the database uses any more (never the current "
               "one); the server must be stopped.\n");
        return EXIT_OK;
    }
    bool prune = argc == 2 && strcmp(argv[1], "prune") == 0;
    if (argc != 2 || (!prune && strcmp(argv[1], "rotate") != 0)) {
        cli_error("usage: trappe key rotate | prune");
        return EXIT_USAGE;
    }
    int lock_fd = -1;
    enum err rc = prune ? app_server_lock(cli->db, &lock_fd, &why) : OK;
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        strbuf_release(&why);
        return cli_exit_code(rc);
    }
    int code = cli_open(cli, &app, false);
    if (code) {
        if (lock_fd >= 0)
            close(lock_fd);
        strbuf_release(&why);
        return code;
    }
    int id = 0, removed[CRYPTO_MAX_KEYS], n = 0;
    rc = prune ? app_key_prune(&app, removed, &n, &why) : app_key_rotate(&app, &id, &why);
    if (rc)
        code = fail(&why, rc);
    else if (prune && n == 0)
        printf("no key to remove: every key in the key file is in use or current\n");
    else if (prune) {
        printf("removed %d key%s no longer in use:", n, n == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
            printf(" %d", removed[i]);
        printf("\n");
    } else
        printf("key %d is now current; every personal field is sealed with it\n", id);
    app_close(&app);
    if (lock_fd >= 0)
        close(lock_fd);
    strbuf_release(&why);
    return code;
}
