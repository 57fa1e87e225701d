/*
 * figures.c - app_figures: authorize, read every child's records once in a snapshot, let the pure
 * domain/figures.c add them up, suppress small counts, audit the read.
 * Must not: contain SQL, or hand out a cell counted from fewer units than its figure's minimum.
 */
#include "app/figures.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"

struct feed {
    struct fig_acc *acc;
    struct arena *scratch;
};

static enum err
feed_child(void *ctx, const struct child_records *cr)
{
    struct feed *f = ctx;
    arena_reset(f->scratch);
    fig_acc_child(f->acc, cr, f->scratch);
    return OK;
}

enum err
app_figures(struct app *app, const struct fig_query *q, struct arena *a, struct fig_table *out,
            struct strbuf *why)
{
    struct fig_query scoped = *q;
    char from[DATE_BUF], to[DATE_BUF];
    memset(out, 0, sizeof(*out));
    enum err rc = app_capability(app, CAP_KEY_FIGURES, "key figures", why);
    if (rc)
        return rc;
    if (policy_team_scope(&app->who))
        scoped.team = policy_team_scope(&app->who);
    if (date_cmp(q->p.to, q->p.from) < 0)
        return why_set(why, ERR_INVALID, "kpi.to: must not be before from");
    /* Every record type the figures and the deadline rules read, but persons, relations and
     * consents. */
    uint32_t want = 0;
    for (int t = 0; t < RT__COUNT; t++)
        if (t != RT_relation && t != RT_consent && t != RT_person)
            want |= UINT32_C(1) << t;
    struct fig_acc *acc = fig_acc_new(&app->cfg, &scoped);
    struct feed f = { acc, arena_new(CHILD_SCRATCH_CAP) };
    struct arena *rows = arena_new(CHILD_SCRATCH_CAP);
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_each_child(app->store, want, rows, feed_child, &f, why);
    store_rollback(app->store); /* a read-only snapshot */
    arena_free(rows);
    arena_free(f.scratch);
    if (!rc)
        fig_acc_finish(acc, true, a, out);
    fig_acc_free(acc);
    if (rc)
        return rc;
    /* Aggregates only, but who read which figures is kept like any other read. */
    char detail[200];
    date_format(q->p.from, from);
    date_format(q->p.to, to);
    snprintf(detail, sizeof(detail), "key figures from=%s to=%s split=%s team=%s", from, to,
             fig_split_str(q->split), scoped.team ? scoped.team : "-");
    return audit_read(app, "read", NULL, 0, 0, detail, why);
}
