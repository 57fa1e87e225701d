/*
 * cmd_disposal.c - removing closed cases past their retention (kassation, S-27), by two people:
 *   trappe disposal candidates                      children whose cases all closed long enough ago
 *   trappe disposal list                            every disposal and its state
 *   trappe disposal request ID --user LOGIN --reason TEXT --archive-dir DIR
 *   trappe disposal approve N --user LOGIN --archive-dir DIR
 *   trappe disposal withdraw N --user LOGIN
 * request, approve and withdraw are done by a person, not by the operator's account: the login's
 * password and current TOTP code are read from standard input (two lines).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/str.h"

#define DISPOSAL_USAGE                                                                    \
    "usage: trappe disposal candidates | list\n"                                          \
    "       trappe disposal request CHILD --user LOGIN --reason TEXT --archive-dir DIR\n" \
    "       trappe disposal approve N --user LOGIN --archive-dir DIR\n"                   \
    "       trappe disposal withdraw N --user LOGIN"

static enum err
print_candidate(void *ctx, int64_t child, const char *closed)
{
    (void)ctx;
    printf("%lld\t%s\n", (long long)child, closed);
    return OK;
}

static enum err
print_disposal(void *ctx, const struct disposal *d)
{
    (void)ctx;
    printf("%lld\tchild %lld\t%s\trequested %s by %s\t%s%s%s%s\tarchive %s (%lld records, "
           "blake2b %s)\treason: %s\n",
           (long long)d->id, (long long)d->child_id, d->status, d->requested_at, d->requested_by,
           d->decided_at ? "decided " : "", d->decided_at ? d->decided_at : "",
           d->decided_by ? " by " : "", d->decided_by ? d->decided_by : "", d->archive,
           (long long)d->archive_records, d->archive_hash, d->reason);
    return OK;
}

/* One line from standard input, without its newline; on a terminal with a prompt (no echo for
 * secrets). */
static bool
read_secret(const char *prompt, bool hide, char *buf, size_t size)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO);
    if (tty) {
        fprintf(stderr, "%s: ", prompt);
        if (hide && tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        } else {
            hide = false;
        }
    }
    bool ok = fgets(buf, (int)size, stdin) != NULL;
    if (tty && hide) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (ok)
        buf[strcspn(buf, "\r\n")] = '\0';
    return ok;
}

/* Log the person in for this one command; the session is ended again by log_out. */
static int
log_in(struct app *app, const char *login, char token[static APP_TOKEN_LEN + 1])
{
    char password[512], code[32];
    struct strbuf why = STRBUF_INIT;
    if (!read_secret("password", true, password, sizeof(password)) ||
        !read_secret("TOTP code", false, code, sizeof(code))) {
        cli_error("--user: read the password and the current TOTP code from standard input, one "
                  "line each");
        return EXIT_USAGE;
    }
    enum err rc = app_login(app, login, password, code, NULL, token, NULL, &why);
    memset(password, 0, sizeof(password));
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        strbuf_release(&why);
        return cli_exit_code(rc);
    }
    strbuf_release(&why);
    return EXIT_OK;
}

static void
log_out(struct app *app, const char *token)
{
    struct strbuf why = STRBUF_INIT;
    if (app_logout(app, token, &why) != OK)
        cli_error("%s", strbuf_str(&why));
    strbuf_release(&why);
}

int
cmd_disposal(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    const char *sub = argc > 1 ? argv[1] : "";
    const char *user = NULL, *reason = NULL, *dir = NULL;
    int64_t id = 0;
    int i = 2;

    if (strcmp(sub, "--help") == 0) {
        printf(DISPOSAL_USAGE "\n\n"
                              "A closed case is removed (kassation) only after an archive export "
                              "and a second person's approval (S-27).\n"
                              "candidates: the children whose every case closed more than "
                              "case_retention_years ago (config/settings.jsonl).\n"
                              "request: writes everything held about the child to a new file in "
                              "DIR and records its BLAKE2b hash; --reason is the legal basis.\n"
                              "approve: another person; checks the archive in DIR and the child's "
                              "records against the hash, then removes the records.\n"
                              "--user: a team leader of the case's team or leadership; the "
                              "password and the current TOTP code are read from standard input.\n");
        return EXIT_OK;
    }
    bool lists = strcmp(sub, "candidates") == 0 || strcmp(sub, "list") == 0;
    bool acts =
        strcmp(sub, "request") == 0 || strcmp(sub, "approve") == 0 || strcmp(sub, "withdraw") == 0;
    if (!lists && !acts) {
        cli_error(DISPOSAL_USAGE);
        return EXIT_USAGE;
    }
    if (acts) {
        if (argc < 3 || parse_i64(argv[2], 1, INT64_MAX, &id)) {
            cli_error("disposal %s: %s must be an id (a whole number from 1)", sub,
                      sub[0] == 'r' ? "CHILD" : "N");
            return EXIT_USAGE;
        }
        i = 3;
    }
    for (; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--user") == 0          ? &user
                            : strcmp(argv[i], "--reason") == 0      ? &reason
                            : strcmp(argv[i], "--archive-dir") == 0 ? &dir
                                                                    : NULL;
        if (!slot || !acts || i + 1 >= argc) {
            cli_error(DISPOSAL_USAGE);
            return EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    if (acts && (!user || !*user)) {
        cli_error("--user: the login of the person who %ss", sub);
        return EXIT_USAGE;
    }
    /* Arguments first, so nobody types a password for a command that cannot run. */
    struct stat sb;
    if (strcmp(sub, "request") == 0 && (!reason || !*reason)) {
        cli_error("--reason: the legal basis of the disposal is required");
        return EXIT_USAGE;
    }
    if ((strcmp(sub, "request") == 0 || strcmp(sub, "approve") == 0) &&
        (!dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        cli_error("--archive-dir: must name an existing directory");
        return EXIT_USAGE;
    }
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    enum err rc = OK;
    if (strcmp(sub, "candidates") == 0) {
        size_t n = 0;
        rc = app_disposal_candidates(&app, print_candidate, NULL, &n, &why);
        if (!rc)
            fprintf(stderr, "%zu children may be disposed of\n", n);
    } else if (strcmp(sub, "list") == 0) {
        rc = app_disposal_list(&app, print_disposal, NULL, &why);
    } else {
        char token[APP_TOKEN_LEN + 1];
        code = log_in(&app, user, token);
        if (code) {
            app_close(&app);
            return code;
        }
        if (strcmp(sub, "request") == 0) {
            struct disposal d;
            rc = app_disposal_request(&app, id, reason, dir, &d, &why);
            if (!rc)
                printf("disposal %lld requested for child %lld; the archive (%lld records) is in "
                       "%s; it needs another person's approval\n",
                       (long long)d.id, (long long)id, (long long)d.archive_records, dir);
        } else if (strcmp(sub, "approve") == 0) {
            int64_t rows = 0;
            rc = app_disposal_approve(&app, id, dir, &rows, &why);
            if (!rc)
                printf("disposal %lld approved: %lld rows removed\n", (long long)id,
                       (long long)rows);
        } else {
            rc = app_disposal_withdraw(&app, id, &why);
            if (!rc)
                printf("disposal %lld withdrawn\n", (long long)id);
        }
        log_out(&app, token);
        memset(token, 0, sizeof(token));
    }
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}
