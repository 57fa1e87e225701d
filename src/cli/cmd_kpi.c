/*
 * cmd_kpi.c - the key figures.
 *   `trappe kpi --from D --to D | --at D | --year Y [--by SPLIT] [--team T] [--json]`: the
 *   leaders' figures (domain/figures.def) for a period, suppressed as they leave the system.
 *   `trappe kpi --definitions`: their registry as JSON.
 *   `trappe kpi [--year Y] [--repeat N] [--fresh | --check] [--sql]`: the calibration figures for
 *   one year with the time each took in this process (the median of N runs); or each figure as
 *   kept beside the engine's computation of it; or their SQL with the year written in, for
 *   running the same queries in the sqlite3 shell on the same file (scripts/bench.sh).
 * Must not: compute or suppress a figure itself (app/figures.c and domain/figures.c do).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/figures.h"
#include "cli/cli.h"
#include "core/str.h"
#include "domain/date.h"
#include "json/json.h"

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

/* A leaders' figure as text: "value (num/den)", "<5", or "-". */
static void
print_value(const struct fig_desc *d, const struct fig_value *v)
{
    if (v->suppressed)
        printf("%12s %15s", "<5", "");
    else if (v->empty)
        printf("%12s %15s", "-", "");
    else if (d->unit == FU_SHARE)
        printf("%12.4f %7.0f/%-7.0f", v->value, v->num, v->den);
    else if (d->unit == FU_COUNT || d->unit == FU_DKK)
        printf("%12.0f %15s", v->value, "");
    else
        printf("%12.2f %15lld", v->value, (long long)v->n);
}

static int
leaders_figures(struct cli *cli, const struct fig_query *q, bool json, bool fresh, int64_t repeat)
{
    struct app app;
    struct strbuf why = STRBUF_INIT, out = STRBUF_INIT;
    struct fig_table t;
    char buf[16];
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    struct arena *a = arena_new(0);
    app.figures_afresh = fresh;
    enum err rc = app_figures(&app, q, a, &t, &why);
    if (repeat > 0) {
        /* The operation alone, as the engine's own timer measures SQL: read, add up, finish. */
        double *ms = xcalloc((size_t)repeat, sizeof(*ms));
        struct arena *ra = arena_new(0);
        struct fig_table rt;
        for (int64_t r = 0; !rc && r < repeat; r++) {
            arena_reset(ra);
            double t0 = now_ms();
            rc = app_figures(&app, q, ra, &rt, &why);
            ms[r] = now_ms() - t0;
        }
        arena_free(ra);
        qsort(ms, (size_t)repeat, sizeof(*ms), cmp_double);
        if (!rc)
            fprintf(stderr, "kpi: the figures in %.3f ms (median of %lld runs in this process)\n",
                    ms[repeat / 2], (long long)repeat);
        free(ms);
    }
    if (!rc && json) {
        rc = json_figures_encode(&app.cfg, &t, &out);
        if (!rc)
            printf("%s\n", strbuf_str(&out));
    } else if (!rc) {
        for (size_t c = 0; c < t.ncolumns; c++) {
            const struct fig_desc *d = fig_desc(t.columns[c].fig);
            const char *dim = fig_dim_code(&app.cfg, d->dim, t.columns[c].dim, buf);
            for (size_t g = 0; g < t.ngroups; g++) {
                printf("%s%s%-*s ", d->id, *dim ? "/" : "", (int)(34 - strlen(d->id) - (*dim != 0)),
                       dim);
                print_value(d, fig_cell(&t, g, c));
                printf("  %s%s%s\n", g ? t.groups[g] : d->name_da,
                       g      ? ""
                       : *dim ? ": "
                              : "",
                       g ? "" : fig_dim_label_da(&app.cfg, d->dim, t.columns[c].dim));
            }
        }
        if (t.suppressed)
            printf("%s\n", FIG_SUPPRESSION_NOTE_DA);
    }
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    }
    arena_free(a);
    strbuf_release(&why);
    strbuf_release(&out);
    app_close(&app);
    return code;
}

static bool
date_arg(const char *name, const char *v, struct date *out)
{
    if (v && date_parse(v, out) == OK)
        return true;
    cli_error("%s: must be a date YYYY-MM-DD", name);
    return false;
}

int
cmd_kpi(struct cli *cli, int argc, char **argv)
{
    int64_t year = 2024, repeat = 5;
    bool repeat_given = false;
    bool sql = false, fresh = false, check = false, json = false, period = false,
         year_given = false;
    struct fig_query q;
    memset(&q, 0, sizeof(q));
    bool has_from = false, has_to = false, has_at = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe kpi --from DATE --to DATE | --at DATE | --year Y [--by SPLIT] "
                   "[--team T] [--json] [--fresh] [--repeat N]\n"
                   "       trappe kpi --definitions\n"
                   "       trappe kpi [--year Y] [--repeat N] [--fresh | --check] [--sql]\n\n"
                   "With a period (--from and --to, both days included; --at for one day; or "
                   "--year with --json), print the leaders' key figures: each with its count "
                   "beside the ratio, split by team, caseworker, age or sex (--by), for one team "
                   "(--team); counts below 5 are suppressed. A calendar year is read from its "
                   "parts kept in the database (built by the first reader, kept current by every "
                   "write); --fresh computes it from every child's records instead; --repeat N "
                   "times the figures N more times in the process (median on stderr). "
                   "--definitions prints what each figure means (JSON).\n\n"
                   "Otherwise print every calibration figure for year Y (default 2024) with the "
                   "milliseconds it took in this process (median of N runs, default 5) and the "
                   "total. Those are read from the totals per year that every write keeps current; "
                   "--fresh computes each one with the database engine from its SQL instead. "
                   "--check prints each figure both ways and exits 1 if any two differ. --sql "
                   "prints each figure's SQL with the year written in.\n");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--definitions") == 0) {
            struct strbuf out = STRBUF_INIT;
            if (json_figure_definitions(&out) != OK) {
                strbuf_release(&out);
                cli_error("kpi: out of memory");
                return EXIT_FAIL;
            }
            printf("%s\n", strbuf_str(&out));
            strbuf_release(&out);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--from") == 0 && v) {
            if (!date_arg("--from", argv[++i], &q.p.from))
                return EXIT_USAGE;
            has_from = period = true;
        } else if (strcmp(argv[i], "--to") == 0 && v) {
            if (!date_arg("--to", argv[++i], &q.p.to))
                return EXIT_USAGE;
            has_to = period = true;
        } else if (strcmp(argv[i], "--at") == 0 && v) {
            if (!date_arg("--at", argv[++i], &q.p.to))
                return EXIT_USAGE;
            q.p.from = q.p.to;
            has_at = period = true;
        } else if (strcmp(argv[i], "--by") == 0 && v) {
            if (!fig_split_parse(argv[++i], &q.split) || q.split == FS_NONE) {
                cli_error("--by: must be one of team, caseworker, age, sex");
                return EXIT_USAGE;
            }
            period = true;
        } else if (strcmp(argv[i], "--team") == 0 && v) {
            q.team = argv[++i];
            if (!*q.team || strlen(q.team) > 64) {
                cli_error("--team: must be 1 to 64 characters");
                return EXIT_USAGE;
            }
            period = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = period = true;
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
            year_given = true;
        } else if (strcmp(argv[i], "--repeat") == 0 && v) {
            repeat_given = true;
            if (parse_i64(argv[++i], 1, 1000, &repeat)) {
                cli_error("--repeat: must be a whole number from 1 to 1000");
                return EXIT_USAGE;
            }
        } else {
            cli_error("usage: trappe kpi --from DATE --to DATE | --at DATE | --year Y [--by "
                      "SPLIT] [--team T] [--json], or trappe kpi [--year Y] [--fresh | --check] "
                      "[--sql]");
            return EXIT_USAGE;
        }
    }
    if (period) {
        if (sql || check) {
            cli_error("--sql and --check are for the calibration figures of one year, not for a "
                      "period");
            return EXIT_USAGE;
        }
        if (has_at && (has_from || has_to)) {
            cli_error("--at: one day; do not give --from or --to too");
            return EXIT_USAGE;
        }
        if (!has_at && has_from != has_to) {
            cli_error(has_from ? "--to: needed with --from" : "--from: needed with --to");
            return EXIT_USAGE;
        }
        if (!has_at && !has_from) {
            if (!year_given) {
                cli_error("--from and --to, --at or --year: the period is needed");
                return EXIT_USAGE;
            }
            q.p.from = (struct date){ (int)year, 1, 1 };
            q.p.to = (struct date){ (int)year, 12, 31 };
        } else if (year_given) {
            cli_error("--year: give either a year or --from/--to/--at, not both");
            return EXIT_USAGE;
        }
        if (date_cmp(q.p.to, q.p.from) < 0) {
            cli_error("--to: must not be before --from");
            return EXIT_USAGE;
        }
        return leaders_figures(cli, &q, json, fresh, repeat_given ? repeat : 0);
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
