/*
 * cmd_kpi.c - `trappe kpi [--year Y] [--repeat N] [--fresh | --check] [--sql]`: the key figures
 * for one year with the time each took in this process (the median of N runs); or each figure as
 * kept beside the engine's computation of it; or their SQL with the year written in, for running
 * the same queries in the sqlite3 shell on the same file (scripts/bench.sh).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/str.h"

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Each figure as kept and as the engine computes it; EXIT_FAIL if any two differ. */
static int
check_figures(struct app *app, int year)
{
    struct strbuf why = STRBUF_INIT;
    int code = EXIT_OK, differ = 0;
    for (size_t k = 0; !code && k < app_kpi_count(); k++) {
        double kept = 0, engine = 0;
        enum err rc = app_kpi(app, k, year, false, &kept, &why);
        if (!rc)
            rc = app_kpi(app, k, year, true, &engine, &why);
        if (rc) {
            cli_error("%s", strbuf_str(&why));
            code = cli_exit_code(rc);
            break;
        }
        bool same = fabs(kept - engine) <= 1e-9 * fabs(engine) + 1e-12;
        differ += !same;
        printf("%-26s %14.6f %14.6f %s\n", app_kpi_name(k), kept, engine,
               same ? "same" : "DIFFERENT");
    }
    strbuf_release(&why);
    if (!code && differ) {
        cli_error("kpi: %d figures of %d differ from the engine's", differ, year);
        code = EXIT_FAIL;
    }
    return code;
}

int
cmd_kpi(struct cli *cli, int argc, char **argv)
{
    int64_t year = 2024, repeat = 5;
    bool sql = false, fresh = false, check = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe kpi [--year Y] [--repeat N] [--fresh | --check] [--sql]\n\n"
                   "Print every key figure for year Y (default 2024) with the milliseconds it "
                   "took in this process (median of N runs, default 5) and the total. Figures are "
                   "read from the totals per year that every write keeps current; --fresh "
                   "computes each one with the database engine from its SQL instead. --check "
                   "prints each figure both ways and exits 1 if any two differ. --sql prints each "
                   "figure's SQL with the year written in.\n");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--sql") == 0) {
            sql = true;
        } else if (strcmp(argv[i], "--fresh") == 0) {
            fresh = true;
        } else if (strcmp(argv[i], "--check") == 0) {
            check = true;
        } else if (strcmp(argv[i], "--year") == 0 && v) {
            if (parse_i64(argv[++i], 1900, 2200, &year)) {
                cli_error("--year: must be a year from 1900 to 2200");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--repeat") == 0 && v) {
            if (parse_i64(argv[++i], 1, 1000, &repeat)) {
                cli_error("--repeat: must be a whole number from 1 to 1000");
                return EXIT_USAGE;
            }
        } else {
            cli_error("usage: trappe kpi [--year Y] [--repeat N] [--fresh | --check] [--sql]");
            return EXIT_USAGE;
        }
    }
    if (fresh && check) {
        cli_error("--check: compares the kept figures with fresh ones; do not give --fresh too");
        return EXIT_USAGE;
    }
    if (sql) {
        struct strbuf out = STRBUF_INIT;
        for (size_t k = 0; k < app_kpi_count(); k++) {
            strbuf_reset(&out);
            if (app_kpi_sql(k, (int)year, &out) != OK) {
                strbuf_release(&out);
                cli_error("kpi: out of memory");
                return EXIT_FAIL;
            }
            printf("%s\t%s;\n", app_kpi_name(k), strbuf_str(&out));
        }
        strbuf_release(&out);
        return EXIT_OK;
    }
    struct app app;
    struct strbuf why = STRBUF_INIT;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    if (check) {
        code = check_figures(&app, (int)year);
        app_close(&app);
        return code;
    }
    double total = 0;
    double *t = calloc((size_t)repeat, sizeof(*t));
    for (size_t k = 0; t && !code && k < app_kpi_count(); k++) {
        double value = 0;
        for (int64_t r = 0; r < repeat; r++) {
            double a = now_ms();
            enum err rc = app_kpi(&app, k, (int)year, fresh, &value, &why);
            t[r] = now_ms() - a;
            if (rc) {
                cli_error("%s", strbuf_str(&why));
                code = cli_exit_code(rc);
                break;
            }
        }
        if (code)
            break;
        qsort(t, (size_t)repeat, sizeof(*t), cmp_double);
        total += t[repeat / 2];
        printf("%-26s %14.4f %10.3f ms\n", app_kpi_name(k), value, t[repeat / 2]);
    }
    if (!t)
        code = EXIT_FAIL;
    if (!code)
        printf("%-26s %14s %10.3f ms\n", "total", "", total);
    free(t);
    app_close(&app);
    strbuf_release(&why);
    return code;
}
