/*
 * cmd_ops.c - the operator's commands for keeping the data (issue 22):
 *   trappe backup --to FILE     a sealed, consistent backup while the server runs
 *   trappe restore FILE         into --db, which must not exist; verified before it is in place
 *   trappe check                every page, record, personal field and audit row, and the anchor
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int
fail(struct strbuf *why, enum err rc)
{
    cli_error("%s", strbuf_str(why));
    return cli_exit_code(rc);
}

int
cmd_backup(struct cli *cli, int argc, char **argv)
{
    const char *to = NULL;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe backup --to FILE\n\n"
               "Write a backup of the whole database to FILE, which must not exist: consistent "
               "while the server runs and writes (SQLite's backup API), with the page views the "
               "server's read log held, sealed with the key file's current key. The key is not "
               "in the backup: keep the key file apart, and back it up after every rotation. "
               "Restore with 'trappe restore FILE'.\n");
        return EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "--to") == 0 && argv[2][0])
        to = argv[2];
    if (!to) {
        cli_error("usage: trappe backup --to FILE");
        return EXIT_USAGE;
    }
    struct app app;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    struct strbuf why = STRBUF_INIT;
    struct app_backup_info info;
    enum err rc = app_backup(&app, to, &info, &why);
    if (rc)
        code = fail(&why, rc);
    else
        printf("backup %s: %lld bytes, %lld audit rows (chain to row %lld), sealed with key %d, "
               "schema %d, in %.2f s\n",
               to, (long long)info.bytes, (long long)info.audit_rows, (long long)info.head_id,
               info.key_id, info.schema, info.seconds);
    app_close(&app);
    strbuf_release(&why);
    return code;
}

static void
print_report(const struct app_check_report *r)
{
    printf("pages and indexes: %s\n", r->integrity_ok ? "ok" : "DAMAGED");
    printf("records: %lld read, %lld bad\n", (long long)r->records, (long long)r->bad_records);
    printf("audit chain: %lld rows, %s\n", (long long)r->audit_rows,
           r->chain_ok ? "intact" : "BROKEN");
    static const char *const anchor[] = { "none (not written yet, or a copy put here by hand)",
                                          "matches", "AHEAD of the chain: rows were lost",
                                          "DIFFERS from the chain", "DAMAGED" };
    printf("audit anchor: %s\n", anchor[r->anchor.state]);
    if (r->warning_rows)
        printf("warnings (%lld, recorded in the chain):\n%s", (long long)r->warning_rows,
               strbuf_str(&r->warnings));
    if (r->problems.len)
        printf("problems:\n%s", strbuf_str(&r->problems));
}

int
cmd_restore(struct cli *cli, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe --db NEW.db restore FILE\n\n"
               "Restore the backup FILE into the database --db, which must not exist (nor its "
               "-wal or -shm). The key file (NEW.db.key or $TRAPPE_KEY_FILE) must be in place "
               "first. The backup is decrypted beside the target and checked (every page, "
               "record, personal field and audit row, and the chain's head against the "
               "backup's header) before it is renamed into place; nothing is put in place if "
               "anything fails.\n");
        return EXIT_OK;
    }
    if (argc != 2 || !argv[1][0] || argv[1][0] == '-') {
        cli_error("usage: trappe --db NEW.db restore FILE");
        return EXIT_USAGE;
    }
    struct strbuf why = STRBUF_INIT;
    char actor[] = "cli:restore";
    struct app_options opt = { cli->db, cli->config, actor, false, true, NULL, 0 };
    struct app_backup_info info;
    struct app_check_report report;
    enum err rc = app_restore(&opt, argv[1], &info, &report, &why);
    int code = EXIT_OK;
    if (rc) {
        code = fail(&why, rc);
    } else {
        printf("restored %s into %s: backup taken %s, %lld audit rows (chain to row %lld), "
               "key %d\n",
               argv[1], cli->db, info.taken, (long long)info.audit_rows, (long long)info.head_id,
               info.key_id);
        print_report(&report);
    }
    strbuf_release(&report.problems);
    strbuf_release(&report.warnings);
    strbuf_release(&why);
    return code;
}

int
cmd_check(struct cli *cli, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe check\n\n"
               "Check the whole database: PRAGMA integrity_check, every record read with every "
               "personal field opened and held to its rules, the whole audit chain, and the "
               "chain against its anchor outside the file (DB-anchor), which finds a chain cut "
               "short. Losses recorded earlier (audit_chain_loss, readlog_dropped) are listed "
               "as warnings. Exit status 1 if anything is wrong. Reads every page: minutes on "
               "a national database.\n");
        return EXIT_OK;
    }
    if (argc != 1) {
        cli_error("usage: trappe check");
        return EXIT_USAGE;
    }
    struct app app;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    struct strbuf why = STRBUF_INIT;
    struct app_check_report report;
    enum err rc = app_check(&app, &report, &why);
    if (rc) {
        code = fail(&why, rc);
    } else {
        print_report(&report);
        if (!app_check_clean(&report)) {
            cli_error("check: the database has problems (above); restore it from a backup");
            code = EXIT_FAIL;
        } else {
            printf("check: ok\n");
        }
        strbuf_release(&report.problems);
        strbuf_release(&report.warnings);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}
