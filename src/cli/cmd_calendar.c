/*
 * cmd_calendar.c - `trappe calendar holidays YEAR | add-workdays DATE N | is-workday DATE`: the
 * Danish working-day calendar (public holidays, plus the closed days of config/calendar.jsonl).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/str.h"
#include "domain/calendar.h"
#include "json/json.h"

static int
usage(void)
{
    cli_error("usage: trappe calendar holidays YEAR | add-workdays DATE N | is-workday DATE");
    return EXIT_USAGE;
}

static int
parse_day(const char *s, const char *what, struct date *d)
{
    if (date_parse(s, d) != OK) {
        cli_error("%s: must be a date YYYY-MM-DD between %d and %d", what, DATE_MIN_YEAR,
                  DATE_MAX_YEAR);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int
cmd_calendar(struct cli *cli, int argc, char **argv)
{
    struct config cfg;
    struct strbuf why = STRBUF_INIT;
    struct date d;
    int64_t n;
    char buf[DATE_BUF];

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: trappe calendar holidays YEAR\n"
               "       trappe calendar add-workdays DATE N\n"
               "       trappe calendar is-workday DATE\n\n"
               "holidays prints the public holidays of YEAR (1900-2200), one 'YYYY-MM-DD name' a "
               "line.\nadd-workdays prints the N-th working day after DATE (DATE not counted).\n"
               "is-workday exits 0 for a working day, 1 for a weekend, holiday or closed day "
               "(config/calendar.jsonl).\n");
        return EXIT_OK;
    }
    if (argc < 3)
        return usage();
    const char *what = argv[1];
    int code = EXIT_OK;
    if (strcmp(what, "holidays") == 0 && argc == 3) {
        if (parse_i64(argv[2], DATE_MIN_YEAR, DATE_MAX_YEAR, &n)) {
            cli_error("YEAR: must be a year from %d to %d", DATE_MIN_YEAR, DATE_MAX_YEAR);
            return EXIT_USAGE;
        }
    } else if (strcmp(what, "add-workdays") == 0 && argc == 4) {
        code = parse_day(argv[2], "DATE", &d);
        if (!code && parse_i64(argv[3], 0, 10000, &n)) {
            cli_error("N: must be a whole number of working days from 0 to 10000");
            code = EXIT_USAGE;
        }
    } else if (strcmp(what, "is-workday") == 0 && argc == 3) {
        code = parse_day(argv[2], "DATE", &d);
    } else {
        return usage();
    }
    if (code)
        return code;

    /* Holidays are law; closed days come from the configuration. */
    if (strcmp(what, "holidays") == 0) {
        struct holiday h[CALENDAR_MAX_HOLIDAYS];
        size_t count = calendar_holidays((int)n, h);
        for (size_t i = 0; i < count; i++) {
            date_format(h[i].date, buf);
            printf("%s %s\n", buf, h[i].name_da);
        }
        return EXIT_OK;
    }
    if (config_load(&cfg, cli->config, &why) != OK) {
        cli_error("%s", strbuf_str(&why));
        strbuf_release(&why);
        return EXIT_USAGE;
    }
    strbuf_release(&why);
    if (strcmp(what, "add-workdays") == 0) {
        struct date r = calendar_add_workdays(&cfg.calendar, d, (int)n);
        if (r.y > DATE_MAX_YEAR) {
            cli_error("N: the result is after %d", DATE_MAX_YEAR);
            code = EXIT_USAGE;
        } else {
            date_format(r, buf);
            printf("%s\n", buf);
        }
    } else {
        code = calendar_is_workday(&cfg.calendar, d) ? EXIT_OK : EXIT_FAIL;
    }
    config_release(&cfg);
    return code;
}
