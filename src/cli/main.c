/*
 * main.c - global options, the command table and the generated help.
 * Must not: touch the store or the configuration directly (through app/ only).
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/crypto.h"
#include "core/strbuf.h"

static const struct cli_command commands[] = {
    { "init", cmd_init, "", "create the database (or bring its schema up to date)" },
    { "import", cmd_import, "FILE.jsonl", "import records from JSON Lines, all or nothing" },
    { "export", cmd_export, "[--output FILE]", "write every record as JSON Lines" },
    { "config", cmd_config, "check|ladder|catalogue|rules", "check or show the configuration" },
    { "calendar", cmd_calendar, "holidays|add-workdays|is-workday ...",
      "the Danish working-day calendar" },
    { "deadlines", cmd_deadlines, "[--at DATE] [--caseworker ID|--team ID|--child ID] [--json]",
      "the worklist of statutory deadlines" },
    { "demo", cmd_demo, "[--seed N] | --check",
      "synthetic case histories, and calibration checks" },
    { "audit", cmd_audit, "verify | purge [--before DATE] | child ID [--reason TEXT]",
      "the audit trail: chain check, retention, a data-subject extract" },
    { "export-child", cmd_export_child, "ID [--output FILE]",
      "everything held about one child, as JSON Lines" },
    { "extract", cmd_extract, "[--output FILE]",
      "the pseudonymised extract for analysts, as JSON Lines" },
    { "key", cmd_key, "rotate | prune",
      "a new key for the personal fields and the audit chain; remove keys no longer used" },
    { "backup", cmd_backup, "--to FILE", "a sealed, consistent backup, also while serving" },
    { "restore", cmd_restore, "FILE", "restore a backup into --db (must not exist), verified" },
    { "check", cmd_check, "", "check every page, record, personal field and the audit chain" },
    { "disposal", cmd_disposal, "candidates | list | request | approve | withdraw ...",
      "remove a closed case past its retention: archive first, two people" },
    { "kpi", cmd_kpi, "--from DATE --to DATE [--by SPLIT] [--json] | --year Y [--sql]",
      "the leaders' key figures for a period; the calibration figures of a year" },
    { "report", cmd_report, "status|agenda-item [--year Y] [--format html|pdf] --output FILE",
      "the committee's status note or agenda item, from live data" },
    { "user", cmd_user, "add --login NAME --role ROLE ...",
      "add a local account (password from stdin)" },
    { "serve", cmd_serve, "[--listen ADDR:PORT] [--threads N]", "start the web server" },
    { "child", cmd_record, "add|show|list|update ...", "children (barn / ung)" },
    { "person", cmd_record, "add|show|list|update ...", "parents and network persons" },
    { "relation", cmd_record, "add|show|list|update ...",
      "relations between a child and a person" },
    { "case", cmd_record, "add|show|list|update ...",
      "cases (sag): caseworker, team, opened, closed" },
    { "notification", cmd_record, "add|show|list|update ...", "notifications (underretninger)" },
    { "screening", cmd_record, "add|show|list|update ...", "screenings of notifications" },
    { "assessment", cmd_record, "add|show|list|update ...",
      "child assessments (børnefaglige undersøgelser)" },
    { "conversation", cmd_record, "add|show|list|update ...",
      "conversations with the child (børnesamtaler)" },
    { "decision", cmd_record, "add|show|list|update ...", "decisions (afgørelser)" },
    { "intervention", cmd_record, "add|show|list|update ...",
      "interventions (indsatser), placements included" },
    { "placement", cmd_record, "add|show|list|update ...",
      "placements (anbringelser): interventions of a placement type" },
    { "plan", cmd_record, "add|show|list|update ...", "plans (barnets plan, ungeplan)" },
    { "goal", cmd_record, "add|show|list|update ...", "goals of a plan" },
    { "followup", cmd_record, "add|show|list|update ...", "follow-up measurements of a goal" },
    { "supervision", cmd_record, "add|show|list|update ...",
      "supervision visits to a placed child (tilsyn)" },
    { "consent", cmd_record, "add|show|list|update|history ...",
      "consents to share with a partner or the task force (samtykke)" },
    { "inquiry", cmd_record, "add|show|list|update ...",
      "partners' concerns and formal notifications (henvendelser)" },
    { "taskforce", cmd_record, "add|show|list|update ...",
      "task forces around a young person of 15-23" },
    { "taskforce-member", cmd_record, "add|show|list|update ...", "members of a task force" },
    { "taskforce-action", cmd_record, "add|show|list|update ...",
      "actions of a task force's plan (owner, due date, done)" },
    { "taskforce-meeting", cmd_record, "add|show|list|update ...", "task-force meeting notes" },
    { "aftercare-contact", cmd_record, "add|show|list|update ...",
      "the guidance centre's contacts with young people 18+" },
};

static void
usage(FILE *out)
{
    fprintf(out,
            "usage: trappe [--db FILE] [--config DIR] <command> [<args>]\n\n"
            "trappe: case and outcome system for children and youth in vulnerable positions\n\n"
            "options:\n"
            "  --db FILE      database file (default ./trappe.db)\n"
            "  --config DIR   configuration directory (default $TRAPPE_CONFIG or ./config)\n"
            "  --help         this text; 'trappe <command> --help' for a command\n\n"
            "commands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        char left[64];
        snprintf(left, sizeof(left), "%s %s", commands[i].name, commands[i].args);
        fprintf(out, "  %-40s %s\n", left, commands[i].help);
    }
    fprintf(out, "\nexit status: 0 success, 1 failure, 2 usage error or bad input\n");
}

void
cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int
cli_exit_code(enum err e)
{
    switch (e) {
    case OK:
        return EXIT_OK;
    case ERR_INVALID:
    case ERR_TOO_LARGE:
        return EXIT_USAGE;
    default:
        return EXIT_FAIL;
    }
}

static const char *
actor_name(char *buf, size_t size)
{
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && pw->pw_name[0])
        snprintf(buf, size, "cli:%s", pw->pw_name);
    else
        snprintf(buf, size, "cli:uid%u", (unsigned)geteuid());
    return buf;
}

int
cli_open(struct cli *cli, struct app *app, bool create)
{
    struct strbuf why = STRBUF_INIT;
    char actor[96];
    struct app_options opt = { cli->db, cli->config,          actor_name(actor, sizeof(actor)),
                               create,  create || cli->check, NULL,
                               0 };
    enum err rc = app_open(app, &opt, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        strbuf_release(&why);
        return rc == ERR_INVALID ? EXIT_USAGE : EXIT_FAIL;
    }
    strbuf_release(&why);
    return EXIT_OK;
}

int
cli_main(int argc, char **argv)
{
    struct cli cli = { "trappe.db", NULL, NULL, false };
    int i = 1;

    if (crypto_init() != OK) {
        cli_error("cannot initialise the cryptography library");
        return EXIT_FAIL;
    }
    cli.config = getenv("TRAPPE_CONFIG");
    if (!cli.config || !*cli.config)
        cli.config = "config";
    while (i < argc && argv[i][0] == '-') {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(opt, "--db") == 0 || strcmp(opt, "--config") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                cli_error("option '%s' needs a value", opt);
                return EXIT_USAGE;
            }
            if (opt[2] == 'd')
                cli.db = argv[i + 1];
            else
                cli.config = argv[i + 1];
            i += 2;
            continue;
        }
        cli_error("unknown option '%s' (see 'trappe --help')", opt);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
        if (strcmp(argv[i], commands[k].name) == 0) {
            cli.name = commands[k].name;
            return commands[k].run(&cli, argc - i, argv + i);
        }
    }
    cli_error("unknown command '%s' (see 'trappe --help')", argv[i]);
    return EXIT_USAGE;
}
