/*
 * figures.c - app_figures: authorize, read every child's records once in a snapshot, let the pure
 * domain/figures.c add them up, suppress small counts, audit the read.
 * Must not: contain SQL, or hand out a cell counted from fewer units than its figure's minimum.
 */
#include "app/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/log.h"

/* --- the years kept in parts ------------------------------------------------------------------ */

/* What the parts were made under: the figures' code (FIG_PARTS_VERSION) and the configuration. */
static void
parts_digest(const struct app *app, char out[40])
{
    snprintf(out, 40, "p%d-%016llx", FIG_PARTS_VERSION, (unsigned long long)app->cfg.digest);
}

/* The parts of one year and family as they are built in a pass: key -> sum of its children. */
struct builder {
    char *key;
    struct fig_acc *acc;
};

struct bmap {
    struct builder *slots;
    size_t cap, n;
};

static uint64_t
key_hash(const char *k)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * UINT64_C(1099511628211);
    return h;
}

static struct fig_acc *
bmap_get(struct bmap *m, const char *key, const struct config *cfg, int year)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        struct builder *slots = xcalloc(cap, sizeof(*slots));
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].key)
                continue;
            size_t j = key_hash(m->slots[i].key) & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t j = key_hash(key) & (m->cap - 1);
    while (m->slots[j].key && strcmp(m->slots[j].key, key) != 0)
        j = (j + 1) & (m->cap - 1);
    if (!m->slots[j].key) {
        m->slots[j].key = xstrdup(key);
        m->slots[j].acc = fig_year_new(cfg, year);
        m->n++;
    }
    return m->slots[j].acc;
}

static void
bmap_free(struct bmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            free(m->slots[i].key);
            fig_acc_free(m->slots[i].acc);
        }
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

/* A year a query needs: kept and current in the store, or built in this pass. */
struct year {
    int year;
    bool current;
    struct fig_acc *part; /* one child's part, while building */
    struct bmap map[FIG_FAMILIES];
};

struct years {
    struct year *y;
    size_t n;
    int64_t version;
    char digest[40];
};

static struct year *
year_of(struct years *ys, int year)
{
    for (size_t i = 0; i < ys->n; i++)
        if (ys->y[i].year == year)
            return &ys->y[i];
    return NULL;
}

static void
years_free(struct years *ys)
{
    for (size_t j = 0; j < ys->n; j++) {
        fig_acc_free(ys->y[j].part);
        for (int k = 0; k < FIG_FAMILIES; k++)
            bmap_free(&ys->y[j].map[k]);
    }
}

static enum err
note_current(void *ctx, int year, int64_t version, const char *digest)
{
    struct years *ys = ctx;
    struct year *y = year_of(ys, year);
    if (y && version == ys->version && digest && strcmp(digest, ys->digest) == 0)
        y->current = true;
    return OK;
}

struct feed {
    struct fig_acc **acc; /* the queries answered by the pass (NULL: from parts) */
    size_t n;
    struct years *ys;
    const struct config *cfg;
    struct arena *scratch;
    struct strbuf keys[FIG_FAMILIES];
};

static enum err
feed_child(void *ctx, const struct child_records *cr)
{
    struct feed *f = ctx;
    for (size_t i = 0; i < f->n; i++) {
        if (!f->acc[i])
            continue;
        arena_reset(f->scratch);
        fig_acc_child(f->acc[i], cr, f->scratch);
    }
    for (size_t i = 0; i < f->ys->n; i++) {
        struct year *y = &f->ys->y[i];
        if (y->current)
            continue;
        arena_reset(f->scratch);
        fig_acc_reset(y->part);
        fig_acc_child(y->part, cr, f->scratch);
        fig_acc_keys(y->part, cr, f->keys);
        for (int k = 0; k < FIG_FAMILIES; k++)
            fig_acc_add_acc(bmap_get(&y->map[k], strbuf_str(&f->keys[k]), f->cfg, y->year),
                            y->part);
    }
    for (int k = 0; k < FIG_FAMILIES; k++)
        if (strbuf_error(&f->keys[k]))
            return ERR_TOO_LARGE;
    return OK;
}

struct fold {
    struct fig_acc *acc;
    int year;
    bool ok;
};

static enum err
fold_part(void *ctx, const char *key, const void *part, size_t len)
{
    struct fold *f = ctx;
    if (f->ok && !fig_acc_fold(f->acc, f->year, key, part, len))
        f->ok = false;
    return OK;
}

/* Add year y's parts of acc's family into acc: from the store, or as built. */
static enum err
fold_year(struct app *app, struct fig_acc *acc, struct year *y, bool *ok, struct strbuf *why)
{
    struct fold f = { acc, y->year, true };
    int family = fig_acc_family(acc);
    enum err rc = OK;
    if (y->current) {
        rc = store_figure_parts(app->store, y->year, family, fold_part, &f, why);
    } else {
        struct strbuf b = STRBUF_INIT;
        struct bmap *m = &y->map[family];
        for (size_t i = 0; !rc && i < m->cap; i++) {
            if (!m->slots[i].key)
                continue;
            fig_acc_encode(m->slots[i].acc, &b);
            rc = strbuf_error(&b);
            if (!rc)
                rc = fold_part(&f, m->slots[i].key, b.buf, b.len);
        }
        strbuf_release(&b);
    }
    *ok = *ok && f.ok;
    return rc;
}

/* Keep the years built in this pass, if nothing has changed a record since it read them. A
 * failure here loses nothing: the next reader builds them again. */
static void
keep_built(struct app *app, struct years *ys)
{
    struct strbuf why = STRBUF_INIT, b = STRBUF_INIT;
    size_t built = 0;
    for (size_t i = 0; i < ys->n; i++)
        built += !ys->y[i].current;
    if (!built)
        return;
    int64_t now = -1;
    enum err rc = store_begin(app->store, &why);
    if (rc) {
        strbuf_release(&why);
        return;
    }
    rc = store_figure_version(app->store, &now, &why);
    for (size_t i = 0; !rc && now == ys->version && i < ys->n; i++) {
        struct year *y = &ys->y[i];
        if (y->current)
            continue;
        rc = store_figure_year_clear(app->store, y->year, &why);
        for (int k = 0; !rc && k < FIG_FAMILIES; k++)
            for (size_t j = 0; !rc && j < y->map[k].cap; j++) {
                struct builder *e = &y->map[k].slots[j];
                if (!e->key)
                    continue;
                fig_acc_encode(e->acc, &b);
                rc = strbuf_error(&b);
                if (!rc)
                    rc = store_figure_part_put(app->store, y->year, k, e->key, b.buf, b.len, &why);
            }
        if (!rc)
            rc = store_figure_year_set(app->store, y->year, ys->version, ys->digest, &why);
    }
    if (!rc && now == ys->version)
        rc = store_commit(app->store, &why);
    else
        store_rollback(app->store);
    if (rc)
        LOG(LOG_WARN, "figures: the years built were not kept: %s", strbuf_str(&why));
    strbuf_release(&b);
    strbuf_release(&why);
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
    size_t qn = n ? n : 1;
    struct fig_query *scoped = arena_alloc(a, qn * sizeof(*scoped));
    int *qyear = arena_alloc(a, qn * sizeof(*qyear));
    bool *from_parts = arena_alloc(a, qn * sizeof(*from_parts));
    size_t maxyears = 0;
    for (size_t i = 0; i < n; i++) {
        scoped[i] = qs[i];
        if (policy_team_scope(&app->who))
            scoped[i].team = policy_team_scope(&app->who);
        if (date_cmp(qs[i].p.to, qs[i].p.from) < 0)
            return why_set(why, ERR_INVALID, "kpi.to: must not be before from");
        from_parts[i] = !app->figures_afresh && fig_query_year(&scoped[i], &qyear[i]);
        maxyears += 1 + scoped[i].nseries;
    }
    /* The years the queries answered from parts need: their own and their series' days'. */
    struct years ys = { arena_alloc(a, (maxyears ? maxyears : 1) * sizeof(struct year)), 0, -1,
                        "" };
    parts_digest(app, ys.digest);
    for (size_t i = 0; i < n; i++) {
        if (!from_parts[i])
            continue;
        for (size_t j = 0; j <= scoped[i].nseries; j++) {
            int y = j == 0 ? qyear[i] : scoped[i].series[j - 1].y;
            if (!year_of(&ys, y)) {
                memset(&ys.y[ys.n], 0, sizeof(ys.y[ys.n]));
                ys.y[ys.n++].year = y;
            }
        }
    }
    /* Every record type the figures and the deadline rules read, but persons, relations and
     * consents. */
    uint32_t want = 0;
    for (int t = 0; t < RT__COUNT; t++)
        if (t != RT_relation && t != RT_consent && t != RT_person)
            want |= UINT32_C(1) << t;
    struct fig_acc **acc = arena_alloc(a, qn * sizeof(*acc));
    struct feed f = { acc,
                      n,
                      &ys,
                      &app->cfg,
                      arena_new(CHILD_SCRATCH_CAP),
                      { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT } };
    struct arena *rows = arena_new(CHILD_SCRATCH_CAP);
    bool pass = false, retry = false;
    rc = store_begin_read(app->store, why);
    if (!rc && ys.n)
        rc = store_figure_version(app->store, &ys.version, why);
    if (!rc && ys.n)
        rc = store_figure_years(app->store, note_current, &ys, why);
    for (size_t i = 0; i < n; i++) {
        acc[i] = from_parts[i] ? NULL : fig_acc_new(&app->cfg, &scoped[i]);
        pass = pass || !from_parts[i];
    }
    for (size_t i = 0; i < ys.n; i++)
        if (!ys.y[i].current) {
            ys.y[i].part = fig_year_new(&app->cfg, ys.y[i].year);
            pass = true;
        }
    /* One pass over the children feeds every query and every year built: reading them is most
     * of the work. */
    if (!rc && pass)
        rc = store_each_child(app->store, want, rows, feed_child, &f, why);
    for (size_t i = 0; !rc && i < n; i++) {
        if (!from_parts[i])
            continue;
        acc[i] = fig_acc_new(&app->cfg, &scoped[i]);
        bool ok = true;
        for (size_t j = 0; !rc && j < ys.n; j++) {
            bool needed = ys.y[j].year == qyear[i];
            for (size_t k = 0; k < scoped[i].nseries; k++)
                needed = needed || scoped[i].series[k].y == ys.y[j].year;
            if (needed)
                rc = fold_year(app, acc[i], &ys.y[j], &ok, why);
        }
        if (!ok) {
            /* A damaged part: this query is answered afresh, and its years built again. */
            LOG(LOG_WARN, "figures: a kept part of %d does not read; computed afresh", qyear[i]);
            fig_acc_free(acc[i]);
            acc[i] = NULL;
            retry = true;
        }
    }
    store_rollback(app->store); /* a read-only snapshot */
    arena_free(rows);
    arena_free(f.scratch);
    for (int k = 0; k < FIG_FAMILIES; k++)
        strbuf_release(&f.keys[k]);
    if (!rc && !retry)
        keep_built(app, &ys);
    if (!rc && retry) {
        /* Mark the years as not current (their version cannot match), then answer afresh. */
        struct strbuf ignore = STRBUF_INIT;
        if (store_begin(app->store, &ignore) == OK) {
            enum err c = OK;
            for (size_t j = 0; !c && j < ys.n; j++)
                c = store_figure_year_clear(app->store, ys.y[j].year, &ignore);
            if (!c)
                c = store_commit(app->store, &ignore);
            if (c)
                store_rollback(app->store);
        }
        strbuf_release(&ignore);
        bool afresh = app->figures_afresh;
        app->figures_afresh = true;
        struct fig_table *t = arena_alloc(a, qn * sizeof(*t));
        rc = app_figures_many(app, qs, n, a, t, why);
        app->figures_afresh = afresh;
        for (size_t i = 0; i < n; i++)
            fig_acc_free(acc[i]);
        years_free(&ys);
        if (!rc)
            memcpy(out, t, n * sizeof(*out));
        return rc;
    }
    years_free(&ys);
    /* A split into thousands of groups (every caseworker of the country) is refused whole,
     * naming the field, before it would go over what one answer may hold. */
    for (size_t i = 0; !rc && i < n; i++) {
        size_t groups;
        if (!fig_acc_fits(acc[i], a, &groups))
            rc = why_set(why, ERR_TOO_LARGE,
                         "kpi.by: %zu groups are more than one answer holds; choose one team or "
                         "another split",
                         groups);
    }
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

/* --- keeping the years current with a write ----------------------------------------------------
 */

/* One child's records as the pass over every child reads them (no personal field opened; no
 * persons, relations or consents); found false if there is no such child (yet, or any more). */
static enum err
child_as_read(struct app *app, int64_t child, struct arena *a, struct child_records *cr,
              bool *found, struct strbuf *why)
{
    struct store_open none;
    struct strbuf own = STRBUF_INIT;
    memset(&none, 0, sizeof(none));
    *found = false;
    if (child <= 0)
        return OK;
    enum err rc = load_child_records(app, child, &none, a, cr, &own);
    if (rc == ERR_NOT_FOUND)
        rc = OK;
    else if (rc)
        why_set(why, rc, "%s", strbuf_str(&own));
    else
        *found = true;
    strbuf_release(&own);
    if (*found)
        cr->n[RT_relation] = cr->n[RT_consent] = cr->n[RT_person] = 0;
    return rc;
}

struct kept_part {
    bool had;
    char *part;
    size_t len;
    char *key[FIG_FAMILIES];
};

/* The child's part of each year in k, into parts (arena a). */
static enum err
child_parts(struct app *app, int64_t child, struct figure_keep *k, struct arena *a,
            struct kept_part *parts, struct strbuf *why)
{
    struct child_records cr;
    bool found;
    struct arena *scratch = arena_new(CHILD_SCRATCH_CAP);
    enum err rc = child_as_read(app, child, a, &cr, &found, why);
    struct strbuf keys[FIG_FAMILIES] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT }, b = STRBUF_INIT;
    for (size_t i = 0; !rc && i < k->n; i++) {
        memset(&parts[i], 0, sizeof(parts[i]));
        if (!found)
            continue;
        struct fig_acc *part = fig_year_new(&app->cfg, k->years[i]);
        arena_reset(scratch);
        fig_acc_child(part, &cr, scratch);
        fig_acc_keys(part, &cr, keys);
        fig_acc_encode(part, &b);
        fig_acc_free(part);
        rc = strbuf_error(&b);
        for (int f = 0; !rc && f < FIG_FAMILIES; f++)
            rc = strbuf_error(&keys[f]);
        if (rc)
            break;
        parts[i].had = true;
        parts[i].len = b.len;
        parts[i].part = arena_alloc(a, b.len ? b.len : 1);
        memcpy(parts[i].part, b.buf, b.len);
        for (int f = 0; f < FIG_FAMILIES; f++)
            parts[i].key[f] = arena_strdup(a, strbuf_str(&keys[f]));
    }
    for (int f = 0; f < FIG_FAMILIES; f++)
        strbuf_release(&keys[f]);
    strbuf_release(&b);
    arena_free(scratch);
    return rc;
}

struct current_years {
    struct figure_keep *k;
    struct arena *a;
    size_t cap;
    const char *digest;
};

static enum err
note_kept(void *ctx, int year, int64_t version, const char *digest)
{
    struct current_years *c = ctx;
    if (version != c->k->version || !digest || strcmp(digest, c->digest) != 0)
        return OK;
    if (c->k->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        int *y = arena_alloc(c->a, cap * sizeof(*y));
        if (c->k->n)
            memcpy(y, c->k->years, c->k->n * sizeof(*y));
        c->k->years = y;
        c->cap = cap;
    }
    c->k->years[c->k->n++] = year;
    return OK;
}

enum err
figures_keep_begin(struct app *app, int64_t child, struct arena *a, struct figure_keep *k,
                   struct strbuf *why)
{
    char digest[40];
    memset(k, 0, sizeof(*k));
    parts_digest(app, digest);
    enum err rc = store_figure_version(app->store, &k->version, why);
    struct current_years c = { k, a, 0, digest };
    if (!rc)
        rc = store_figure_years(app->store, note_kept, &c, why);
    if (rc || !k->n)
        return rc;
    k->before = arena_alloc(a, k->n * sizeof(struct kept_part));
    return child_parts(app, child, k, a, k->before, why);
}

/* Add (sign 1) or take away (-1) a child's part in the part of key; ok false if the two do not
 * fit together (the year is then built again by its next reader). */
static enum err
part_apply(struct app *app, int year, int family, const char *key, const char *part, size_t len,
           int sign, struct fig_acc *row, struct strbuf *b, bool *ok, struct strbuf *why)
{
    bool found;
    enum err rc = store_figure_part_get(app->store, year, family, key, b, &found, why);
    if (rc)
        return rc;
    fig_acc_reset(row);
    if ((found && !fig_acc_add_encoded(row, b->buf, b->len, 1)) ||
        !fig_acc_add_encoded(row, part, len, sign)) {
        *ok = false;
        return OK;
    }
    if (fig_acc_empty(row))
        return store_figure_part_put(app->store, year, family, key, NULL, 0, why);
    fig_acc_encode(row, b);
    rc = strbuf_error(b);
    return rc ? rc : store_figure_part_put(app->store, year, family, key, b->buf, b->len, why);
}

enum err
figures_keep_end(struct app *app, int64_t child, struct figure_keep *k, struct arena *a,
                 struct strbuf *why)
{
    if (!k->n)
        return OK;
    char digest[40];
    int64_t version;
    parts_digest(app, digest);
    struct kept_part *after = arena_alloc(a, k->n * sizeof(*after));
    enum err rc = store_figure_version(app->store, &version, why);
    if (!rc)
        rc = child_parts(app, child, k, a, after, why);
    struct strbuf b = STRBUF_INIT;
    for (size_t i = 0; !rc && i < k->n; i++) {
        const struct kept_part *was = &k->before[i], *now = &after[i];
        struct fig_acc *row = fig_year_new(&app->cfg, k->years[i]);
        bool ok = true;
        for (int f = 0; !rc && ok && f < FIG_FAMILIES; f++) {
            if (was->had && now->had && strcmp(was->key[f], now->key[f]) == 0 &&
                was->len == now->len && memcmp(was->part, now->part, was->len) == 0)
                continue;
            if (was->had)
                rc = part_apply(app, k->years[i], f, was->key[f], was->part, was->len, -1, row, &b,
                                &ok, why);
            if (!rc && ok && now->had)
                rc = part_apply(app, k->years[i], f, now->key[f], now->part, now->len, 1, row, &b,
                                &ok, why);
        }
        fig_acc_free(row);
        if (rc)
            break;
        if (!ok)
            LOG(LOG_WARN,
                "figures: the parts kept of %d did not fit a write; built again when "
                "next read",
                k->years[i]);
        rc = ok ? store_figure_year_set(app->store, k->years[i], version, digest, why)
                : store_figure_year_clear(app->store, k->years[i], why);
    }
    strbuf_release(&b);
    return rc;
}
