/*
 * cmd_user.c - `trappe user add --login NAME --role ROLE [--name TEXT] [--team TEAM] [--demo]`:
 * a local account. The password is read from standard input (one line); the TOTP secret is
 * printed once, with an otpauth:// URI and, on a terminal, its QR code.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/qr.h"

static int
user_admin(struct cli *cli, const char *what, const char *login)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    int64_t n = 0;
    enum err rc;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    if (strcmp(what, "end-sessions") == 0) {
        rc = app_sessions_end(&app, strcmp(login, "--all") == 0 ? NULL : login, &n, &why);
        if (!rc)
            printf("ended %lld sessions\n", (long long)n);
    } else {
        rc = app_user_disable(&app, login, strcmp(what, "disable") == 0, &why);
        if (!rc)
            printf("user %s %sd\n", login, what);
    }
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = rc == ERR_NOT_FOUND ? EXIT_USAGE : cli_exit_code(rc);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
    const char *login = NULL, *role = NULL, *name = NULL, *team = NULL;
    bool demo = false;
    char password[300];
    char secret[33];
    struct strbuf why = STRBUF_INIT;
    struct app app;

    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        printf(
            "usage: trappe user add --login NAME --role ROLE [--name TEXT] [--team TEAM] "
            "[--demo] < password\n       trappe user disable|enable LOGIN\n"
            "       trappe user end-sessions LOGIN|--all\n\nRoles: caseworker, team_leader, leadership, partner, "
            "taskforce, analyst, admin. The password (12-256 characters) is read from standard "
            "input. The TOTP secret for the authenticator app is printed once.\n");
        return EXIT_OK;
    }
    if (argc == 3 && (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0 ||
                      strcmp(argv[1], "end-sessions") == 0))
        return user_admin(cli, argv[1], argv[2]);
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        cli_error("usage: trappe user add --login NAME --role ROLE [--name TEXT] [--team TEAM]");
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--demo") == 0) {
            demo = true;
            continue;
        }
        if (!v) {
            cli_error("option '%s' needs a value", argv[i]);
            return EXIT_USAGE;
        }
        if (strcmp(argv[i], "--login") == 0)
            login = v;
        else if (strcmp(argv[i], "--role") == 0)
            role = v;
        else if (strcmp(argv[i], "--name") == 0)
            name = v;
        else if (strcmp(argv[i], "--team") == 0)
            team = v;
        else {
            cli_error("user: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        }
        i++;
    }
    if (!login || !role) {
        cli_error("user.%s: is required", login ? "role" : "login");
        return EXIT_USAGE;
    }
    if (!fgets(password, sizeof(password), stdin)) {
        cli_error("user.password: read it from standard input (one line)");
        return EXIT_USAGE;
    }
    password[strcspn(password, "\r\n")] = '\0';
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    enum err rc =
        app_user_add(&app, login, name ? name : login, role, team, password, demo, secret, &why);
    memset(password, 0, sizeof(password));
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = rc == ERR_CONFLICT ? EXIT_USAGE : cli_exit_code(rc);
    } else {
        struct strbuf uri = STRBUF_INIT, qr = STRBUF_INIT;
        strbuf_addf(&uri, "otpauth://totp/trappe:%s?secret=%s&issuer=trappe", login, secret);
        printf("user %s added (role %s%s%s)\n", login, role, team ? ", team " : "",
               team ? team : "");
        printf("totp secret: %s\n", secret);
        printf("totp uri: %s\n", strbuf_str(&uri));
        if (isatty(STDOUT_FILENO) && qr_text(strbuf_str(&uri), &qr) == OK)
            fputs(strbuf_str(&qr), stdout);
        strbuf_release(&uri);
        strbuf_release(&qr);
    }
    memset(secret, 0, sizeof(secret));
    app_close(&app);
    strbuf_release(&why);
    return code;
}
