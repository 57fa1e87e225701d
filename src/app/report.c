/*
 * report.c - the data of the committee's status note (report.h).
 * Must not: render; report/note.c builds the document and doc_html.c / doc_pdf.c write it.
 */
#include "app/report.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "domain/calendar.h"

enum err
app_note_data(struct app *app, int year, struct arena *a, struct note_data *out, struct strbuf *why)
{
    memset(out, 0, sizeof(*out));
    if (year < 1901 || year > 2200)
        return why_set(why, ERR_INVALID, "report.year: must be a year from 1901 to 2200");
    struct fig_table *yt = arena_alloc(a, sizeof(*yt)), *bt = arena_alloc(a, sizeof(*bt));
    struct strategy_data *s = arena_alloc(a, sizeof(*s));
    out->cfg = &app->cfg;
    out->year = year;
    out->year_t = yt;
    out->before_t = bt;
    out->s = s;
    out->made = calendar_cph_date(app->now());
    out->team = policy_team_scope(&app->who);
    struct date *months = arena_alloc(a, 12 * sizeof(*months));
    for (int m = 1; m <= 12; m++)
        months[m - 1] = (struct date){ year, m, date_days_in_month(year, m) };
    struct fig_query q[2] = {
        { { { year, 1, 1 }, { year, 12, 31 } }, FS_NONE, NULL, months, 12 },
        { { { year - 1, 1, 1 }, { year - 1, 12, 31 } }, FS_NONE, NULL, NULL, 0 },
    };
    struct fig_table *both = arena_alloc(a, 2 * sizeof(*both));
    enum err rc = app_figures_many(app, q, 2, a, both, why);
    *yt = both[0];
    *bt = both[1];
    if (!rc)
        rc = app_strategy_read(app, a, s, why);
    return rc;
}
