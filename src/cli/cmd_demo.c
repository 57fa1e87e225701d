/*
 * cmd_demo.c - `trappe demo [--scale municipality] [--seed N]` fills an empty database with
 * synthetic case histories; `trappe demo --check [--year Y]` compares the database's ratios with
 * shared/CALIBRATION.md §7 (exit 1 if any is outside its tolerance).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/str.h"
#include "domain/calendar.h"
#include "domain/date.h"

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
    bool check = false;
    const char *scale = "municipality";
    int64_t seed = 1, year = 0;
    struct date until = calendar_cph_date((int64_t)time(NULL));
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe demo [--scale municipality|national] [--seed N] [--until DATE]\n"
                   "       trappe demo --check [--scale municipality|national] [--year Y]\n\n"
                   "Synthetic, deterministic case histories of the twelve years up to DATE "
                   "(default today: the year of DATE and the eleven before it; twelve more are "
                   "simulated before them, and the history of the children still in a case when "
                   "the record begins is kept) of a Norddjurs-sized "
                   "municipality (about 6,700 children aged 0-17) or of 98 municipalities (about "
                   "1.16 million), imported through the validated path in one transaction, with "
                   "the strategy's example (config/strategy_example.jsonl). Nothing is dated "
                   "after DATE. The same seed and DATE give the same database. --check prints "
                   "each calibration ratio for the single year Y (default: last year) with its "
                   "target, its tolerance (the national one plus three standard errors of the "
                   "sample it rests on, shown) and whether it is within; exit 1 if one is not.\n");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--check") == 0) {
            check = true;
        } else if (strcmp(argv[i], "--scale") == 0 && v) {
            scale = argv[++i];
        } else if (strcmp(argv[i], "--seed") == 0 && v) {
            if (parse_i64(argv[++i], 0, INT64_MAX, &seed)) {
                cli_error("--seed: must be a whole number from 0");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--year") == 0 && v) {
            if (parse_i64(argv[++i], 1910, 2200, &year)) {
                cli_error("--year: must be a year from 1910 to 2200");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--until") == 0 && v) {
            if (date_parse(argv[++i], &until) != OK || until.y < 1930 || until.y > 2199) {
                cli_error("--until: must be a date YYYY-MM-DD from 1930 to 2199");
                return EXIT_USAGE;
            }
        } else {
            cli_error("usage: trappe demo [--scale municipality|national] [--seed N] [--until "
                      "DATE] | --check [--year Y]");
            return EXIT_USAGE;
        }
    }
    bool municipal = strcmp(scale, "municipality") == 0;
    if (!municipal && strcmp(scale, "national") != 0) {
        cli_error("--scale: must be municipality or national");
        return EXIT_USAGE;
    }
    struct app app;
    struct strbuf why = STRBUF_INIT;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    if (check) {
        struct demo_check c[24];
        size_t n = 0;
        if (!year) /* the last whole year */
            year = calendar_cph_date((int64_t)time(NULL)).y - 1;
        enum err rc = app_demo_check(&app, (int)year, municipal, c, &n, &why);
        if (rc) {
            cli_error("%s", strbuf_str(&why));
            code = cli_exit_code(rc);
        }
        if (!rc)
            printf("%-4s %-56s %4s %10s  %-27s %8s\n", "", "figure", "year", "value",
                   "target ± tolerance", "sample");
        for (size_t i = 0; !rc && i < n; i++) {
            printf("%-4s %-56s %4d %10.4f  target %8.4f ± %-9.4f %8.0f  %s\n", c[i].id, c[i].what,
                   c[i].year, c[i].value, c[i].target, c[i].tolerance, c[i].base,
                   c[i].ok ? "ok" : "OUTSIDE");
            if (!c[i].ok)
                code = EXIT_FAIL;
        }
    } else {
        struct arena *a = arena_new(0);
        struct demo_options opt = { (uint64_t)seed, until, !municipal, a };
        struct demo_result res;
        enum err rc = app_demo(&app, &opt, &res, &why);
        if (rc) {
            cli_error("%s", strbuf_str(&why));
            code = cli_exit_code(rc);
        } else {
            printf("demo: %zu synthetic records: %zu children in %zu municipalities, %zu "
                   "caseworkers (rg-01 ...), seed %lld\n",
                   res.records, res.children, res.municipalities, res.caseworkers, (long long)seed);
        }
        arena_free(a);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}
