/*
 * cli.h - the command-line interface: `trappe [--db FILE] [--config DIR] <command> ...`.
 * Commands are dispatched from a table (cli/main.c); each only translates arguments into app/
 * operations and results into text. Exit status: 0 success, 1 failure, 2 usage or bad input.
 */
#ifndef TRAPPE_CLI_CLI_H
#define TRAPPE_CLI_CLI_H

#include "app/app.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
    const char *db;     /* --db, default ./trappe.db */
    const char *config; /* --config, default $TRAPPE_CONFIG or ./config */
    const char *name;   /* the command name as typed */
    bool check;         /* run the integrity gate when opening (serve) */
};

struct cli_command {
    const char *name;                                   /* e.g. "import" */
    int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the command name */
    const char *args;                                   /* synopsis of the arguments */
    const char *help;                                   /* one line */
};

/* Print "error: ..." to stderr. */
void cli_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* The exit status for an error from app/. */
int cli_exit_code(enum err e);
/* Open the app for this invocation; prints the error and returns an exit status on failure. */
int cli_open(struct cli *cli, struct app *app, bool create);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_record(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_calendar(struct cli *cli, int argc, char **argv);
int cmd_deadlines(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_kpi(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_export_child(struct cli *cli, int argc, char **argv);
int cmd_key(struct cli *cli, int argc, char **argv);
int cmd_disposal(struct cli *cli, int argc, char **argv);
int cmd_extract(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);

int cli_main(int argc, char **argv);

#endif
