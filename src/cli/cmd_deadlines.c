/*
 * cmd_deadlines.c - `trappe deadlines [--at DATE] [--caseworker ID | --team ID | --child ID]
 * [--all] [--json]`: the worklist of statutory deadlines, overdue first, then by due date.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/str.h"
#include "domain/calendar.h"
#include "json/json.h"

static int
usage(void)
{
    cli_error("usage: trappe deadlines [--at DATE|TIME] [--caseworker ID | --team ID | --child ID] "
              "[--all] [--json]");
    return EXIT_USAGE;
}

int
cmd_deadlines(struct cli *cli, int argc, char **argv)
{
    struct deadline_query q;
    bool json = false, have_at = false;
    int scopes = 0;
    memset(&q, 0, sizeof(q));

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--help") == 0) {
            printf("usage: trappe deadlines [--at DATE|TIME] [--caseworker ID | --team ID | "
                   "--child ID] [--all] [--json]\n\n"
                   "The statutory deadlines of the children with an open case (of a caseworker or "
                   "a team), with their status as of DATE (default today): overdue first, then by "
                   "due date. --at YYYY-MM-DD is that whole day in Copenhagen; "
                   "--at YYYY-MM-DDTHH:MM:SSZ an exact moment. --all adds met and not-applicable "
                   "deadlines. Rules: config/deadlines.jsonl ('trappe config rules').\n");
            return EXIT_OK;
        } else if (strcmp(opt, "--json") == 0) {
            json = true;
        } else if (strcmp(opt, "--all") == 0) {
            q.all = true;
        } else if (strcmp(opt, "--at") == 0 && val) {
            int64_t t;
            i++;
            if (date_parse(val, &q.at.d) == OK) {
                q.at.has_time = false;
            } else if (datetime_parse(val, &t) == OK) {
                q.at.has_time = true;
                q.at.t = t;
                q.at.d = calendar_cph_date(t);
            } else {
                cli_error("--at: must be a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ");
                return EXIT_USAGE;
            }
            have_at = true;
        } else if (strcmp(opt, "--caseworker") == 0 && val && val[0]) {
            q.caseworker = argv[++i];
            scopes++;
        } else if (strcmp(opt, "--team") == 0 && val && val[0]) {
            q.team = argv[++i];
            scopes++;
        } else if (strcmp(opt, "--child") == 0 && val) {
            i++;
            if (parse_i64(val, 1, INT64_MAX, &q.child)) {
                cli_error("--child: must be an id (a positive whole number)");
                return EXIT_USAGE;
            }
            scopes++;
        } else {
            return usage();
        }
    }
    if (scopes > 1) {
        cli_error("--caseworker, --team and --child: give at most one");
        return EXIT_USAGE;
    }
    if (!have_at)
        q.at.d = calendar_cph_date((int64_t)time(NULL));

    struct app app;
    struct strbuf why = STRBUF_INIT, line = STRBUF_INIT;
    struct deadline_list list;
    struct arena *a = arena_new(0), *text_a = arena_new(0); /* text_a: one line's text */
    int code = cli_open(cli, &app, false);
    if (code)
        goto out;
    enum err rc = app_deadlines(&app, &q, a, &list, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
        goto close;
    }
    for (size_t i = 0; i < list.n; i++) {
        const struct deadline *d = &list.items[i];
        arena_reset(text_a);
        const char *text = deadline_explain_da(d, q.at, text_a);
        if (json) {
            strbuf_reset(&line);
            if (json_deadline_encode(d, text, &line) == OK)
                puts(strbuf_str(&line));
        } else {
            char due[DATE_BUF];
            date_format(d->due, due);
            printf("%-12s %s  barn %-6lld %-4s %s\n", deadline_status_da(d->status), due,
                   (long long)d->child_id, d->rule->id, text);
        }
    }
    if (!json)
        fprintf(stderr, "%zu deadlines for %zu children\n", list.n, list.children);
close:
    app_close(&app);
out:
    strbuf_release(&why);
    strbuf_release(&line);
    arena_free(a);
    arena_free(text_a);
    return code;
}
