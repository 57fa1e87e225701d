/*
 * cmd_kpi.c - `trappe kpi [--year Y] [--repeat N] [--fresh] [--sql]`: the key figures for one year
 * with the time each took in this process (the median of N runs), or their SQL with the year
 * written in, for running the same queries in the sqlite3 shell on the same file
 * (scripts/bench.sh).
 */
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

int
cmd_kpi(struct cli *cli, int argc, char **argv)
{
    int64_t year = 2024, repeat = 5;
    bool sql = false, fresh = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe kpi [--year Y] [--repeat N] [--fresh] [--sql]\n\n"
                   "Compute every key figure for year Y (default 2024) and print it with the "
                   "milliseconds it took in this process (median of N runs, default 5) and the "
                   "total. A figure is read from the cache while the data has not changed since "
                   "it was computed; --fresh computes every one. --sql prints each figure's SQL "
                   "with the year written in instead.\n");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--sql") == 0) {
            sql = true;
        } else if (strcmp(argv[i], "--fresh") == 0) {
            fresh = true;
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
            cli_error("usage: trappe kpi [--year Y] [--repeat N] [--fresh] [--sql]");
            return EXIT_USAGE;
        }
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
