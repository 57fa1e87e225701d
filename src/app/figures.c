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
    struct fig_acc **acc;
    size_t n;
    struct arena *scratch;
};

static enum err
feed_child(void *ctx, const struct child_records *cr)
{
    struct feed *f = ctx;
    for (size_t i = 0; i < f->n; i++) {
        arena_reset(f->scratch);
        fig_acc_child(f->acc[i], cr, f->scratch);
    }
    return OK;
}

enum err
app_figures_many(struct app *app, const struct fig_query *qs, size_t n, struct arena *a,
                 struct fig_table *out, struct strbuf *why)
{
    char from[DATE_BUF], to[DATE_BUF];
    memset(out, 0, n * sizeof(*out));
    enum err rc = app_capability(app, CAP_KEY_FIGURES, "key figures", why);
    if (rc)
        return rc;
    struct fig_query *scoped = arena_alloc(a, (n ? n : 1) * sizeof(*scoped));
    for (size_t i = 0; i < n; i++) {
        scoped[i] = qs[i];
        if (policy_team_scope(&app->who))
            scoped[i].team = policy_team_scope(&app->who);
        if (date_cmp(qs[i].p.to, qs[i].p.from) < 0)
            return why_set(why, ERR_INVALID, "kpi.to: must not be before from");
    }
    /* Every record type the figures and the deadline rules read, but persons, relations and
     * consents. */
    uint32_t want = 0;
    for (int t = 0; t < RT__COUNT; t++)
        if (t != RT_relation && t != RT_consent && t != RT_person)
            want |= UINT32_C(1) << t;
    /* One pass over the children feeds every query: reading them is most of the work. */
    struct fig_acc **acc = arena_alloc(a, (n ? n : 1) * sizeof(*acc));
    for (size_t i = 0; i < n; i++)
        acc[i] = fig_acc_new(&app->cfg, &scoped[i]);
    struct feed f = { acc, n, arena_new(CHILD_SCRATCH_CAP) };
    struct arena *rows = arena_new(CHILD_SCRATCH_CAP);
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_each_child(app->store, want, rows, feed_child, &f, why);
    store_rollback(app->store); /* a read-only snapshot */
    arena_free(rows);
    arena_free(f.scratch);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            fig_acc_finish(acc[i], true, a, &out[i]);
        fig_acc_free(acc[i]);
    }
    /* Aggregates only, but who read which figures is kept like any other read. */
    for (size_t i = 0; !rc && i < n; i++) {
        char detail[200];
        date_format(qs[i].p.from, from);
        date_format(qs[i].p.to, to);
        snprintf(detail, sizeof(detail), "key figures from=%s to=%s split=%s team=%s", from, to,
                 fig_split_str(qs[i].split), scoped[i].team ? scoped[i].team : "-");
        rc = audit_read(app, "read", NULL, 0, 0, detail, why);
    }
    return rc;
}

enum err
app_figures(struct app *app, const struct fig_query *q, struct arena *a, struct fig_table *out,
            struct strbuf *why)
{
    return app_figures_many(app, q, 1, a, out, why);
}
