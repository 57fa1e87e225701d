/*
 * figures.c - the leaders' key figures (figures.def, figures.h): each child's contribution to
 * every figure for a period, summed per split group, and the table made of the sums.
 * Must not: do I/O, read the clock, or look at any personal field (the caller reads the records
 * without opening them; a sealed field that has a value only says that it has one).
 */
#include "domain/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/ladder.h"

#define FIG_DESC(id, group, unit, better, dim, min, name, def, num, den) \
    { #id, group, unit, better, dim, min, name, def, num, den },
static const struct fig_desc descs[FIG__COUNT] = { FIGURES(FIG_DESC) };
#undef FIG_DESC

#define CAL_ID(e, id, name)   #id,
#define CAL_NAME(e, id, name) name,
static const char *const cal_ids[] = { CALIBRATION_FIGURES(CAL_ID) };
static const char *const cal_names[] = { CALIBRATION_FIGURES(CAL_NAME) };
#undef CAL_ID
#undef CAL_NAME

const struct fig_desc *
fig_desc(enum fig_id f)
{
    return f < FIG__COUNT ? &descs[f] : NULL;
}

const struct fig_desc *
fig_by_name(const char *id, enum fig_id *out)
{
    for (int f = 0; id && f < FIG__COUNT; f++)
        if (strcmp(descs[f].id, id) == 0) {
            if (out)
                *out = (enum fig_id)f;
            return &descs[f];
        }
    return NULL;
}

const char *
fig_group_da(enum fig_group g)
{
    static const char *const names[FG__COUNT] = {
        "Indsatstrappen",   "Anbringelser", "Barnets stemme", "Tidlig og hurtig hjælp",
        "Frister og sager", "Effekt",       "Udgifter",       "På tværs",
    };
    return (unsigned)g < FG__COUNT ? names[g] : "";
}

const char *
fig_unit_da(enum fig_unit u)
{
    switch (u) {
    case FU_COUNT:
        return "antal";
    case FU_SHARE:
        return "andel";
    case FU_DAYS:
        return "dage (median)";
    case FU_SCORE:
        return "point på en skala 0-10 (gennemsnit)";
    case FU_DKK:
        return "kr.";
    case FU_RATIO:
        return "pr. enhed (forhold)";
    }
    return "";
}

size_t
fig_calibration_count(void)
{
    return ARRAY_SIZE(cal_ids);
}

const char *
fig_calibration_id(size_t k)
{
    return k < ARRAY_SIZE(cal_ids) ? cal_ids[k] : NULL;
}

const char *
fig_calibration_name_da(size_t k)
{
    return k < ARRAY_SIZE(cal_names) ? cal_names[k] : NULL;
}

size_t
fig_dim_count(const struct config *cfg, enum fig_dim d)
{
    switch (d) {
    case FD_NONE:
        return 1;
    case FD_STEP:
        return cfg->nsteps;
    case FD_CLASS:
        return cfg->nclasses;
    case FD_RULE:
        return cfg->nrules;
    case FD_TYPE:
        return cfg->ncatalogue;
    }
    return 1;
}

const char *
fig_dim_code(const struct config *cfg, enum fig_dim d, size_t i, char buf[16])
{
    switch (d) {
    case FD_NONE:
        return "";
    case FD_STEP:
        snprintf(buf, 16, "%d", i < cfg->nsteps ? cfg->steps[i].step : -1);
        return buf;
    case FD_CLASS:
        return i < cfg->nclasses ? cfg->classes[i].code : "";
    case FD_RULE:
        return i < cfg->nrules ? cfg->rules[i].id : "";
    case FD_TYPE:
        return i < cfg->ncatalogue ? cfg->catalogue[i].code : "";
    }
    return "";
}

const char *
fig_dim_label_da(const struct config *cfg, enum fig_dim d, size_t i)
{
    switch (d) {
    case FD_NONE:
        return "";
    case FD_STEP:
        return i < cfg->nsteps ? cfg->steps[i].name_da : "";
    case FD_CLASS:
        return i < cfg->nclasses ? cfg->classes[i].name_da : "";
    case FD_RULE:
        return i < cfg->nrules ? cfg->rules[i].name_da : "";
    case FD_TYPE:
        return i < cfg->ncatalogue ? cfg->catalogue[i].name_da : "";
    }
    return "";
}

static const char *const split_names[FS__COUNT] = { "none", "team", "caseworker", "age", "sex" };

const char *
fig_split_str(enum fig_split s)
{
    return (unsigned)s < FS__COUNT ? split_names[s] : "none";
}

bool
fig_split_parse(const char *s, enum fig_split *out)
{
    for (int i = 0; s && i < FS__COUNT; i++)
        if (strcmp(s, split_names[i]) == 0) {
            *out = (enum fig_split)i;
            return true;
        }
    return false;
}

const char *
fig_split_da(enum fig_split s)
{
    static const char *const da[FS__COUNT] = { "I alt", "Team", "Rådgiver", "Aldersgruppe", "Køn" };
    return (unsigned)s < FS__COUNT ? da[s] : "";
}

bool
fig_indicator_find(const struct config *cfg, const char *name, enum fig_id *fig, size_t *dim)
{
    char id[64];
    const char *slash = strchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) : strlen(name);
    if (n >= sizeof(id))
        return false;
    memcpy(id, name, n);
    id[n] = '\0';
    enum fig_id f;
    const struct fig_desc *d = fig_by_name(id, &f);
    if (!d)
        return false;
    size_t k = 0, count = fig_dim_count(cfg, d->dim);
    if (slash) {
        char buf[16];
        while (k < count && strcmp(fig_dim_code(cfg, d->dim, k, buf), slash + 1) != 0)
            k++;
        if (d->dim == FD_NONE || k == count)
            return false;
    } else if (d->dim != FD_NONE) {
        return false;
    }
    if (fig)
        *fig = f;
    if (dim)
        *dim = k;
    return true;
}

struct date
fig_add_months(struct date d, int n)
{
    return calendar_add_months(d, n);
}

/* --- the accumulator ----------------------------------------------------------------------- */

struct cell {
    double num, den;
    int64_t n, n_num;
    double *values; /* FU_DAYS: for the median */
    size_t nvalues, cap;
    bool hot; /* in touched */
};

struct fig_acc {
    const struct config *cfg;
    struct fig_query q;
    int64_t from, to; /* day numbers */
    size_t offset[FIG__COUNT];
    size_t ncells;       /* per group */
    char **groups;       /* group names (0: total, NULL) */
    struct cell **cells; /* [group][ncells] */
    size_t ngroups, cap;
    int64_t *series; /* [nseries][nsteps] */
    int64_t children;
    int64_t active; /* children with any record */
    int rule_b3;    /* index of rule B3 (assessment in 4 months), or -1 */
    /* A part of a year (fig_year_new): the cells of group 0 written to, and the month ends. */
    size_t *touched, ntouched;
    struct date year_days[12];
};

struct fig_acc *
fig_acc_new(const struct config *cfg, const struct fig_query *q)
{
    struct fig_acc *acc = xcalloc(1, sizeof(*acc));
    acc->cfg = cfg;
    acc->q = *q;
    acc->from = date_to_days(q->p.from);
    acc->to = date_to_days(q->p.to);
    for (int f = 0; f < FIG__COUNT; f++) {
        acc->offset[f] = acc->ncells;
        acc->ncells += fig_dim_count(cfg, descs[f].dim);
    }
    acc->cap = 8;
    acc->groups = xcalloc(acc->cap, sizeof(*acc->groups));
    acc->cells = xcalloc(acc->cap, sizeof(*acc->cells));
    acc->cells[0] = xcalloc(acc->ncells, sizeof(struct cell));
    acc->ngroups = 1;
    if (q->nseries)
        acc->series = xcalloc(q->nseries * cfg->nsteps, sizeof(*acc->series));
    acc->rule_b3 = -1;
    for (size_t i = 0; i < cfg->nrules; i++)
        if (strcmp(cfg->rules[i].id, "B3") == 0)
            acc->rule_b3 = (int)i;
    return acc;
}

void
fig_acc_free(struct fig_acc *acc)
{
    if (!acc)
        return;
    for (size_t g = 0; g < acc->ngroups; g++) {
        for (size_t c = 0; c < acc->ncells; c++)
            free(acc->cells[g][c].values);
        free(acc->cells[g]);
        free(acc->groups[g]);
    }
    free(acc->cells);
    free(acc->groups);
    free(acc->series);
    free(acc->touched);
    free(acc);
}

static size_t
group_of(struct fig_acc *acc, const char *name)
{
    for (size_t g = 1; g < acc->ngroups; g++)
        if (strcmp(acc->groups[g], name) == 0)
            return g;
    if (acc->ngroups == acc->cap) {
        acc->cap *= 2;
        acc->groups = xrealloc(acc->groups, acc->cap * sizeof(*acc->groups));
        acc->cells = xrealloc(acc->cells, acc->cap * sizeof(*acc->cells));
    }
    size_t g = acc->ngroups++;
    size_t n = strlen(name);
    acc->groups[g] = xmalloc(n + 1);
    memcpy(acc->groups[g], name, n + 1);
    acc->cells[g] = xcalloc(acc->ncells, sizeof(struct cell));
    return g;
}

/* What one child adds: to the total and to its group. */
struct child_ctx {
    struct fig_acc *acc;
    const struct child_records *cr;
    struct arena *a;
    size_t group; /* 0: no split */
    struct ladder_segment *seg;
    size_t nseg;
};

static void
add_to(struct cell *c, double num, double den, int64_t n_num, int64_t n)
{
    c->num += num;
    c->den += den;
    c->n_num += n_num;
    c->n += n;
}

/* Cell i of the total, noted as written to in a part. */
static struct cell *
total(struct fig_acc *acc, size_t i)
{
    struct cell *c = &acc->cells[0][i];
    if (acc->touched && !c->hot) {
        c->hot = true;
        acc->touched[acc->ntouched++] = i;
    }
    return c;
}

/* A share's unit: counted in the denominator, and in the numerator when hit. */
static void
add_share(struct child_ctx *x, enum fig_id f, size_t dim, bool hit)
{
    size_t i = x->acc->offset[f] + dim;
    add_to(total(x->acc, i), hit, 1, hit, 1);
    if (x->group)
        add_to(&x->acc->cells[x->group][i], hit, 1, hit, 1);
}

/* A count (or a sum of v over n units). */
static void
add_count(struct child_ctx *x, enum fig_id f, size_t dim, double v, int64_t n)
{
    size_t i = x->acc->offset[f] + dim;
    add_to(total(x->acc, i), v, 0, 0, n);
    if (x->group)
        add_to(&x->acc->cells[x->group][i], v, 0, 0, n);
}

static void
push_value(struct cell *c, double v)
{
    if (c->nvalues == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->values = xrealloc(c->values, c->cap * sizeof(*c->values));
    }
    c->values[c->nvalues++] = v;
    c->n++;
}

/* A value for a median. */
static void
add_value(struct child_ctx *x, enum fig_id f, size_t dim, double v)
{
    size_t i = x->acc->offset[f] + dim;
    push_value(total(x->acc, i), v);
    if (x->group)
        push_value(&x->acc->cells[x->group][i], v);
}

static bool
day_of(const char *s, int64_t *out)
{
    struct date d;
    if (!s || date_parse(s, &d) != OK)
        return false;
    *out = date_to_days(d);
    return true;
}

static bool
in_period(const struct fig_acc *acc, int64_t day)
{
    return day >= acc->from && day <= acc->to;
}

static int
step_index(const struct config *cfg, int step)
{
    for (size_t i = 0; i < cfg->nsteps; i++)
        if (cfg->steps[i].step == step)
            return (int)i;
    return -1;
}

static int
type_index(const struct config *cfg, const char *code)
{
    for (size_t i = 0; code && i < cfg->ncatalogue; i++)
        if (strcmp(cfg->catalogue[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* The step on day (a day number), from the child's history. */
static int
step_on(const struct child_ctx *x, int64_t day)
{
    int step = 0;
    for (size_t i = 0; i < x->nseg && date_to_days(x->seg[i].from) <= day; i++)
        step = x->seg[i].step;
    return step;
}

/* An intervention, as the figures read it. */
struct iv {
    const struct record *r;
    int64_t start, end; /* end: INT64_MAX while open */
    int step;
    int type;   /* catalogue index, or -1 */
    int pclass; /* placement class, or -1 (not a placement) */
    bool placement;
    bool move; /* a placement that follows another (a move), not a new placement */
};

static size_t
read_ivs(struct child_ctx *x, struct iv **out)
{
    const struct config *cfg = x->acc->cfg;
    size_t n = x->cr->n[RT_intervention], k = 0;
    struct iv *ivs = arena_alloc(x->a, (n ? n : 1) * sizeof(*ivs));
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &x->cr->recs[RT_intervention][i];
        struct iv *v = &ivs[k];
        memset(v, 0, sizeof(*v));
        v->r = r;
        if (!day_of(record_get_s(r, "start"), &v->start))
            continue;
        if (!day_of(record_get_s(r, "end"), &v->end))
            v->end = INT64_MAX;
        v->step = (int)record_get_i(r, "step", 0);
        const char *code = record_get_s(r, "catalogue_code");
        v->type = type_index(cfg, code);
        const struct catalogue_entry *c = v->type >= 0 ? &cfg->catalogue[v->type] : NULL;
        v->placement = c && c->placement;
        v->pclass = config_placement_class(cfg, c, record_get_i(r, "combination", 0) != 0);
        k++;
    }
    /* A placement that starts while another of the child's runs, or within
     * placement_move_days after one ended, is a move. */
    int64_t gap = cfg->settings.placement_move_days;
    for (size_t i = 0; i < k; i++) {
        if (!ivs[i].placement)
            continue;
        for (size_t j = 0; j < k && !ivs[i].move; j++) {
            if (j == i || !ivs[j].placement)
                continue;
            bool before = ivs[j].start < ivs[i].start ||
                          (ivs[j].start == ivs[i].start && ivs[j].r->id < ivs[i].r->id);
            if (before && (ivs[j].end == INT64_MAX || ivs[i].start - ivs[j].end <= gap + 1))
                ivs[i].move = true;
        }
    }
    *out = ivs;
    return k;
}

static bool
active_on(const struct iv *v, int64_t day)
{
    return v->start <= day && v->end >= day;
}

static void
ladder_figures(struct child_ctx *x)
{
    const struct fig_acc *acc = x->acc;
    const struct config *cfg = acc->cfg;
    int s0 = step_on(x, acc->from), s1 = step_on(x, acc->to);
    bool open_case = false;
    for (size_t i = 0; i < x->cr->n[RT_case]; i++) {
        const struct record *c = &x->cr->recs[RT_case][i];
        int64_t o, e;
        if (day_of(record_get_s(c, "opened"), &o) && o <= acc->to &&
            (!day_of(record_get_s(c, "closed"), &e) || e >= acc->to))
            open_case = true;
    }
    if (open_case)
        add_count(x, FIG_open_cases, 0, 1, 1);
    int si = step_index(cfg, s1);
    if (si >= 0 && (s1 > 0 || open_case))
        add_count(x, FIG_ladder_children, (size_t)si, 1, 1);
    if (s1 > s0) {
        add_count(x, FIG_ladder_up, 0, 1, 1);
        add_count(x, FIG_ladder_net_down, 0, -1, 1);
    } else if (s1 < s0) {
        add_count(x, FIG_ladder_down, 0, 1, 1);
        add_count(x, FIG_ladder_net_down, 0, 1, 1);
    }
    for (size_t i = 0; i < x->nseg; i++) {
        int64_t from = date_to_days(x->seg[i].from);
        int step = x->seg[i].step;
        /* A stay that ended in the period: the next segment starts the day after its end. */
        if (i + 1 < x->nseg && step > 0) {
            int64_t next = date_to_days(x->seg[i + 1].from);
            int k = step_index(cfg, step);
            if (k >= 0 && in_period(acc, next - 1))
                add_value(x, FIG_ladder_median_days, (size_t)k, (double)(next - from));
        }
        /* A course begins when the child goes from step 0 onto a higher step. */
        if (step > 0 && (i == 0 || x->seg[i - 1].step == 0) && in_period(acc, from))
            add_share(x, FIG_ladder_start_low, 0, step <= 3);
    }
    for (size_t j = 0; j < acc->q.nseries; j++) {
        int k = step_index(cfg, step_on(x, date_to_days(acc->q.series[j])));
        if (k > 0)
            x->acc->series[j * cfg->nsteps + (size_t)k]++;
    }
}

static bool
ended_by_plan(const char *reason)
{
    return reason && (strcmp(reason, "goal_achieved") == 0 || strcmp(reason, "turned_18") == 0 ||
                      strcmp(reason, "stepped_down") == 0);
}

static void
placement_figures(struct child_ctx *x, const struct iv *ivs, size_t n)
{
    const struct fig_acc *acc = x->acc;
    const struct config *cfg = acc->cfg;
    /* The stock on the end date: the placement on the highest step (then the latest). */
    const struct iv *stock = NULL;
    bool placed_in_period = false, moved = false;
    for (size_t i = 0; i < n; i++) {
        const struct iv *v = &ivs[i];
        if (!v->placement)
            continue;
        if (active_on(v, acc->to) && (!stock || v->step > stock->step ||
                                      (v->step == stock->step && v->start >= stock->start)))
            stock = v;
        if (v->start <= acc->to && v->end >= acc->from)
            placed_in_period = true;
        if (in_period(acc, v->start)) {
            if (v->move) {
                moved = true;
            } else {
                for (size_t k = 0; k < cfg->nclasses; k++)
                    add_share(x, FIG_placement_new, k, v->pclass == (int)k);
                int64_t consent = record_get_i(v->r, "consent", -1);
                if (consent >= 0)
                    add_share(x, FIG_placement_no_consent, 0, consent == 0);
            }
        }
        int base = v->type >= 0 ? cfg->catalogue[v->type].pclass : -1;
        bool family = base >= 0 && (cfg->classes[base].group == PG_NETWORK ||
                                    cfg->classes[base].group == PG_FOSTER);
        if (family && v->end != INT64_MAX && in_period(acc, v->end))
            add_share(x, FIG_foster_breakdowns, 0,
                      !ended_by_plan(record_get_s(v->r, "end_reason")));
    }
    if (stock)
        for (size_t k = 0; k < cfg->nclasses; k++)
            add_share(x, FIG_placement_stock, k, stock->pclass == (int)k);
    if (placed_in_period)
        add_share(x, FIG_placement_moves, 0, moved);
}

static const struct record *
find(const struct child_records *cr, enum record_type t, int64_t id)
{
    for (size_t i = 0; i < cr->n[t]; i++)
        if (cr->recs[t][i].id == id)
            return &cr->recs[t][i];
    return NULL;
}

static void
voice_figures(struct child_ctx *x)
{
    const struct child_records *cr = x->cr;
    for (size_t i = 0; i < cr->n[RT_decision]; i++) {
        const struct record *d = &cr->recs[RT_decision][i];
        int64_t day, conv_day;
        if (!day_of(record_get_s(d, "date"), &day) || !in_period(x->acc, day))
            continue;
        const struct record *c = find(cr, RT_conversation, record_get_i(d, "conversation_id", 0));
        bool voiced = c && day_of(record_get_s(c, "date"), &conv_day) && conv_day <= day;
        add_share(x, FIG_voice_conversation, 0, voiced);
        add_share(x, FIG_voice_exception, 0,
                  !voiced && record_get_s(d, "exception_reason") != NULL);
    }
    for (size_t i = 0; i < cr->n[RT_followup]; i++) {
        const struct record *f = &cr->recs[RT_followup][i];
        int64_t day;
        const char *by = record_get_s(f, "rated_by");
        if (day_of(record_get_s(f, "date"), &day) && in_period(x->acc, day))
            add_share(x, FIG_voice_child_rated, 0, by && strcmp(by, "child") == 0);
    }
}

static void
early_figures(struct child_ctx *x, const struct iv *ivs, size_t n)
{
    const struct child_records *cr = x->cr;
    int64_t first = INT64_MAX;
    for (size_t i = 0; i < cr->n[RT_notification]; i++) {
        const struct record *r = &cr->recs[RT_notification][i];
        int64_t at, assessed;
        if (datetime_parse(record_get_s(r, "received_at"), &at) != OK)
            continue;
        int64_t day = date_to_days(calendar_cph_date(at));
        if (!in_period(x->acc, day))
            continue;
        const char *a = record_get_s(r, "assessed_at");
        add_share(x, FIG_early_assessed_24h, 0,
                  a && datetime_parse(a, &assessed) == OK && assessed - at <= 24 * 3600);
        if (day < first)
            first = day;
    }
    if (first == INT64_MAX)
        return;
    int64_t measure = INT64_MAX;
    for (size_t i = 0; i < n; i++)
        if (ivs[i].start >= first && ivs[i].start <= first + 365 && ivs[i].start < measure)
            measure = ivs[i].start;
    if (measure != INT64_MAX)
        add_value(x, FIG_early_days_to_measure, 0, (double)(measure - first));
}

static void
deadline_figures(struct child_ctx *x)
{
    const struct fig_acc *acc = x->acc;
    struct deadline *dl;
    struct asof at = { acc->q.p.to, 0, false };
    size_t n = deadlines_for_child(acc->cfg, x->cr, at, x->a, &dl);
    for (size_t i = 0; i < n; i++) {
        const struct deadline *d = &dl[i];
        if (!in_period(acc, date_to_days(d->due)))
            continue;
        if (d->status != DL_MET && d->status != DL_MET_LATE && d->status != DL_OVERDUE)
            continue;
        size_t rule = (size_t)(d->rule - acc->cfg->rules);
        add_share(x, FIG_deadlines_on_time, rule, d->status == DL_MET);
        add_share(x, FIG_deadlines_all_on_time, 0, d->status == DL_MET);
        if ((int)rule == acc->rule_b3)
            add_share(x, FIG_early_assessment_4m, 0, d->status == DL_MET);
        if (strcmp(d->rule->id, "Y1") == 0)
            add_share(x, FIG_cross_aftercare_decided, 0, d->status == DL_MET);
    }
}

/* A follow-up value on a 0-10 scale where higher is better. */
static double
normalised(const char *scale, int64_t v)
{
    if (scale && strcmp(scale, "scale_1_5") == 0)
        return (double)(v - 1) * 2.5;
    if (scale && strcmp(scale, "sdq_total") == 0)
        return (40.0 - (double)v) / 4.0;
    return (double)v;
}

static bool
top_of_scale(const char *scale, int64_t v)
{
    if (scale && strcmp(scale, "scale_1_5") == 0)
        return v >= 4;
    if (scale && strcmp(scale, "sdq_total") == 0)
        return v <= 13;
    return v >= 8;
}

/* Earlier (by date, then id) of two follow-ups. */
static bool
earlier(int64_t day_a, int64_t id_a, int64_t day_b, int64_t id_b)
{
    return day_a < day_b || (day_a == day_b && id_a < id_b);
}

static void
effect_figures(struct child_ctx *x, const struct iv *ivs, size_t n)
{
    const struct fig_acc *acc = x->acc;
    const struct child_records *cr = x->cr;
    for (size_t g = 0; g < cr->n[RT_goal]; g++) {
        const struct record *goal = &cr->recs[RT_goal][g];
        const struct record *plan = find(cr, RT_plan, record_get_i(goal, "plan_id", 0));
        int64_t plan_day;
        if (!plan || !day_of(record_get_s(plan, "date"), &plan_day))
            continue;
        /* The child's measure on the plan's date: the one on the highest step. */
        const struct iv *m = NULL;
        for (size_t i = 0; i < n; i++)
            if (active_on(&ivs[i], plan_day) && ivs[i].type >= 0 && (!m || ivs[i].step > m->step))
                m = &ivs[i];
        if (!m)
            continue;
        const struct record *first = NULL, *last = NULL, *last_in = NULL;
        int64_t first_day = 0, last_day = 0, last_in_day = 0;
        size_t count = 0;
        for (size_t i = 0; i < cr->n[RT_followup]; i++) {
            const struct record *f = &cr->recs[RT_followup][i];
            int64_t day;
            if (record_get_i(f, "goal_id", 0) != goal->id ||
                !day_of(record_get_s(f, "date"), &day) || day > acc->to)
                continue;
            count++;
            if (!first || earlier(day, f->id, first_day, first->id)) {
                first = f;
                first_day = day;
            }
            if (!last || earlier(last_day, last->id, day, f->id)) {
                last = f;
                last_day = day;
            }
            if (in_period(acc, day) &&
                (!last_in || earlier(last_in_day, last_in->id, day, f->id))) {
                last_in = f;
                last_in_day = day;
            }
        }
        if (last_in)
            add_share(
                x, FIG_effect_goals_reached, (size_t)m->type,
                top_of_scale(record_get_s(last_in, "scale"), record_get_i(last_in, "value", 0)));
        if (count >= 2 && in_period(acc, last_day))
            add_count(x, FIG_effect_score_change, (size_t)m->type,
                      normalised(record_get_s(last, "scale"), record_get_i(last, "value", 0)) -
                          normalised(record_get_s(first, "scale"), record_get_i(first, "value", 0)),
                      1);
    }
    for (size_t i = 0; i < n; i++) {
        if (ivs[i].type < 0)
            continue;
        int64_t mark = date_to_days(fig_add_months(date_from_days(ivs[i].start), 12));
        if (in_period(acc, mark))
            add_share(x, FIG_effect_step_down_12m, (size_t)ivs[i].type,
                      step_on(x, mark) < ivs[i].step);
    }
}

static void
cost_figures(struct child_ctx *x, const struct iv *ivs, size_t n)
{
    const struct fig_acc *acc = x->acc;
    const struct config *cfg = acc->cfg;
    for (size_t i = 0; i < n; i++) {
        const struct iv *v = &ivs[i];
        int64_t rate = record_get_i(v->r, "rate_dkk", -1);
        const char *unit = record_get_s(v->r, "rate_unit");
        if (rate < 0 || !unit || v->start > acc->to || v->end < acc->from)
            continue;
        int64_t a = v->start > acc->from ? v->start : acc->from;
        int64_t b = v->end < acc->to ? v->end : acc->to;
        double days = (double)(b - a + 1), cost;
        if (strcmp(unit, "year") == 0)
            cost = (double)rate * days / 365.0;
        else if (strcmp(unit, "month") == 0)
            cost = (double)rate * 12.0 * days / 365.0;
        else if (strcmp(unit, "week") == 0)
            cost = (double)rate * days / 7.0;
        else if (strcmp(unit, "day") == 0)
            cost = (double)rate * days;
        else if (strcmp(unit, "hour") == 0)
            cost = (double)rate * cfg->settings.hour_rate_hours_per_week * days / 7.0;
        else if (strcmp(unit, "once") == 0)
            cost = in_period(acc, v->start) ? (double)rate : 0;
        else
            continue;
        if (cost == 0)
            continue;
        int k = step_index(cfg, v->step);
        if (k >= 0)
            add_count(x, FIG_cost_by_step, (size_t)k, cost, 1);
        if (v->type >= 0)
            add_count(x, FIG_cost_by_type, (size_t)v->type, cost, 1);
    }
}

/* The case the child is attributed to: open on the end date (the latest opened), else the
 * latest open during the period; NULL if none. */
static const struct record *
attributed_case(const struct fig_acc *acc, const struct child_records *cr)
{
    const struct record *open = NULL, *during = NULL;
    int64_t open_o = 0, during_o = 0;
    for (size_t i = 0; i < cr->n[RT_case]; i++) {
        const struct record *c = &cr->recs[RT_case][i];
        int64_t o, e;
        if (!day_of(record_get_s(c, "opened"), &o) || o > acc->to)
            continue;
        bool closed = day_of(record_get_s(c, "closed"), &e);
        if (!closed || e >= acc->to) {
            if (!open || o >= open_o) {
                open = c;
                open_o = o;
            }
        } else if (e >= acc->from && (!during || o >= during_o)) {
            during = c;
            during_o = o;
        }
    }
    return open ? open : during;
}

static const char *
age_band(const struct fig_acc *acc, const struct record *child)
{
    struct date b;
    if (!child_birth_date(child, &b))
        return "Alder ukendt";
    struct date t = acc->q.p.to;
    int age = t.y - b.y - (t.m < b.m || (t.m == b.m && t.d < b.d));
    if (age < 0)
        return "Ufødt";
    if (age <= 5)
        return "0-5 år";
    if (age <= 11)
        return "6-11 år";
    if (age <= 14)
        return "12-14 år";
    if (age <= 17)
        return "15-17 år";
    if (age <= 22)
        return "18-22 år";
    return "23 år og derover";
}

static const char *
sex_da(const char *sex)
{
    if (sex && strcmp(sex, "female") == 0)
        return "Pige";
    if (sex && strcmp(sex, "male") == 0)
        return "Dreng";
    return "Køn ukendt";
}

/* A ratio's units: num to the numerator, den to the denominator (each counted as units). */
static void
add_ratio(struct child_ctx *x, enum fig_id f, double num, double den)
{
    size_t i = x->acc->offset[f];
    add_to(total(x->acc, i), num, den, (int64_t)num, (int64_t)den);
    if (x->group)
        add_to(&x->acc->cells[x->group][i], num, den, (int64_t)num, (int64_t)den);
}

static bool
day_in(const struct fig_acc *acc, const char *s, int64_t *day)
{
    return day_of(s, day) && in_period(acc, *day);
}

/* Working across sectors (issue 23): partners' inquiries and step-1 courses, the task force,
 * support after 18. */
static void
cross_figures(struct child_ctx *x)
{
    const struct child_records *cr = x->cr;
    const struct fig_acc *acc = x->acc;
    int64_t day;
    double inquiries = 0, courses = 0;
    for (size_t i = 0; i < cr->n[RT_inquiry]; i++) {
        int64_t at;
        const struct record *q = &cr->recs[RT_inquiry][i];
        const char *kind = record_get_s(q, "kind");
        if (kind && strcmp(kind, "concern") == 0 &&
            datetime_parse(record_get_s(q, "filed_at"), &at) == OK &&
            in_period(acc, date_to_days(calendar_cph_date(at))))
            inquiries++;
    }
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = &cr->recs[RT_intervention][i];
        if (record_get_i(iv, "step", 0) != 1)
            continue;
        if (day_in(acc, record_get_s(iv, "start"), &day))
            courses++;
        int64_t end;
        if (!day_of(record_get_s(iv, "end"), &end))
            continue;
        int64_t window = date_to_days(fig_add_months(date_from_days(end), 12));
        if (!in_period(acc, window))
            continue;
        bool notified = false;
        for (size_t k = 0; k < cr->n[RT_notification]; k++) {
            int64_t at;
            if (datetime_parse(record_get_s(&cr->recs[RT_notification][k], "received_at"), &at) !=
                OK)
                continue;
            int64_t d = date_to_days(calendar_cph_date(at));
            notified = notified || (d > end && d <= window);
        }
        add_share(x, FIG_cross_step1_no_notification, 0, !notified);
    }
    if (inquiries || courses)
        add_ratio(x, FIG_cross_inquiries_per_course, inquiries, courses);
    for (size_t t = 0; t < cr->n[RT_taskforce]; t++) {
        const struct record *tf = &cr->recs[RT_taskforce][t];
        if (!day_in(acc, record_get_s(tf, "end"), &day))
            continue;
        bool on_time = true;
        for (size_t i = 0; i < cr->n[RT_taskforce_action]; i++) {
            const struct record *a = &cr->recs[RT_taskforce_action][i];
            const char *due = record_get_s(a, "due"), *done = record_get_s(a, "done");
            if (record_get_i(a, "taskforce_id", 0) == tf->id)
                on_time = on_time && done && due && strcmp(done, due) <= 0;
        }
        add_share(x, FIG_cross_taskforce_on_time, 0, on_time);
    }
    /* The young person's latest contact in the period, if 18-22 on the end date. */
    struct date to = date_from_days(acc->to);
    const char *born = record_get_s(cr->child, "birth_date");
    struct date b;
    if (!born || date_parse(born, &b) != OK)
        return;
    int age = to.y - b.y - (to.m < b.m || (to.m == b.m && to.d < b.d));
    const char *latest = NULL, *status = NULL;
    for (size_t i = 0; age >= 18 && age <= 22 && i < cr->n[RT_aftercare_contact]; i++) {
        const struct record *c = &cr->recs[RT_aftercare_contact][i];
        const char *d = record_get_s(c, "date"), *st = record_get_s(c, "status");
        if (st && day_in(acc, d, &day) && (!latest || strcmp(d, latest) >= 0)) {
            latest = d;
            status = st;
        }
    }
    if (status)
        add_share(x, FIG_cross_18_22_education_work, 0, strcmp(status, "neither") != 0);
}

void
fig_acc_child(struct fig_acc *acc, const struct child_records *cr, struct arena *scratch)
{
    const struct record *c = NULL;
    if (acc->q.split == FS_TEAM || acc->q.split == FS_CASEWORKER || acc->q.team)
        c = attributed_case(acc, cr);
    if (acc->q.team) {
        const char *team = c ? record_get_s(c, "team") : NULL;
        if (!team || strcmp(team, acc->q.team) != 0)
            return;
    }
    struct child_ctx x = { acc, cr, scratch, 0, NULL, 0 };
    const char *group = NULL;
    switch (acc->q.split) {
    case FS_NONE:
        break;
    case FS_TEAM:
        group = !c ? "Ingen sag" : record_get_s(c, "team") ? record_get_s(c, "team") : "Uden team";
        break;
    case FS_CASEWORKER:
        group = c ? record_get_s(c, "caseworker") : "Ingen sag";
        break;
    case FS_AGE:
        group = age_band(acc, cr->child);
        break;
    case FS_SEX:
        group = sex_da(record_get_s(cr->child, "sex"));
        break;
    }
    acc->children++;
    /* Children with no intervention, case or event in any record add nothing: skip the work. */
    size_t records = 0;
    for (int t = 0; t < RT__COUNT; t++)
        records += cr->n[t];
    if (!records)
        return;
    acc->active++;
    if (group)
        x.group = group_of(acc, group);
    /* The history up to the day after the period, so that a stay ending on its last day ends. */
    x.nseg = ladder_history(cr, date_from_days(acc->to + 1), scratch, &x.seg);
    struct iv *ivs;
    size_t n = read_ivs(&x, &ivs);
    ladder_figures(&x);
    placement_figures(&x, ivs, n);
    voice_figures(&x);
    early_figures(&x, ivs, n);
    deadline_figures(&x);
    effect_figures(&x, ivs, n);
    cost_figures(&x, ivs, n);
    cross_figures(&x);
}

/* The k-th smallest of v[0..n) (k < n), with v reordered so that no value before k is larger
 * and none after it smaller (Wirth's selection, Algorithms + Data Structures = Programs, 2.3.3):
 * a median without a sort. */
static double
select_kth(double *v, size_t n, size_t k)
{
    ptrdiff_t l = 0, r = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (l < r) {
        double x = v[kk];
        ptrdiff_t i = l, j = r;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk)
            l = i;
        if (kk < i)
            r = j;
    }
    return v[k];
}

static void
finish_cell(const struct fig_desc *d, struct cell *c, bool suppress, struct fig_value *v)
{
    memset(v, 0, sizeof(*v));
    v->num = c->num;
    v->den = c->den;
    v->n = c->n;
    v->n_num = c->n_num;
    switch (d->unit) {
    case FU_SHARE:
        v->empty = c->den == 0;
        v->value = v->empty ? 0 : c->num / c->den;
        break;
    case FU_COUNT:
    case FU_DKK:
        v->empty = c->n == 0;
        v->value = c->num;
        break;
    case FU_SCORE:
        v->empty = c->n == 0;
        v->value = c->n ? c->num / (double)c->n : 0;
        break;
    case FU_RATIO:
        v->empty = c->den == 0;
        v->value = v->empty ? 0 : c->num / c->den;
        break;
    case FU_DAYS:
        v->empty = c->nvalues == 0;
        if (c->nvalues) {
            size_t m = c->nvalues / 2;
            double hi = select_kth(c->values, c->nvalues, m);
            /* The lower middle of an even count is the largest below position m. */
            double lo = hi;
            if (c->nvalues % 2 == 0) {
                lo = c->values[0];
                for (size_t i = 1; i < m; i++)
                    if (c->values[i] > lo)
                        lo = c->values[i];
            }
            v->value = c->nvalues % 2 ? hi : (lo + hi) / 2;
            v->num = v->value;
        }
        break;
    }
    if (!suppress || v->empty)
        return;
    int64_t lo = 1, hi = d->min_count - 1;
    /* A count below the minimum, or a share whose numerator or denominator is one, could point
     * out a child: such a cell is not shown (its complement of a small denominator too). */
    bool pair = d->unit == FU_SHARE || d->unit == FU_RATIO;
    bool small = (v->n >= lo && v->n <= hi) || (pair && v->n_num >= lo && v->n_num <= hi);
    if (small) {
        v->suppressed = true;
        v->value = v->num = v->den = 0;
        v->n = v->n_num = 0;
    }
}

void
fig_acc_finish(struct fig_acc *acc, bool suppress, struct arena *a, struct fig_table *out)
{
    const struct config *cfg = acc->cfg;
    memset(out, 0, sizeof(*out));
    out->p = acc->q.p;
    out->split = acc->q.split;
    out->children = acc->children;
    /* Groups other than the total, by name. */
    size_t *order = arena_alloc(a, acc->ngroups * sizeof(*order));
    for (size_t g = 0; g < acc->ngroups; g++)
        order[g] = g;
    for (size_t i = 2; i < acc->ngroups; i++)
        for (size_t j = i; j > 1 && strcmp(acc->groups[order[j]], acc->groups[order[j - 1]]) < 0;
             j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    out->ngroups = acc->ngroups;
    out->groups = arena_alloc(a, acc->ngroups * sizeof(*out->groups));
    for (size_t g = 0; g < acc->ngroups; g++)
        out->groups[g] = order[g] ? arena_strdup(a, acc->groups[order[g]]) : NULL;
    out->ncolumns = acc->ncells;
    out->columns = arena_alloc(a, acc->ncells * sizeof(*out->columns));
    for (int f = 0; f < FIG__COUNT; f++)
        for (size_t k = 0; k < fig_dim_count(cfg, descs[f].dim); k++)
            out->columns[acc->offset[f] + k] = (struct fig_column){ (enum fig_id)f, k };
    out->v = arena_alloc(a, acc->ngroups * acc->ncells * sizeof(*out->v));
    for (size_t g = 0; g < acc->ngroups; g++)
        for (size_t c = 0; c < acc->ncells; c++) {
            struct fig_value *v = &out->v[g * acc->ncells + c];
            finish_cell(&descs[out->columns[c].fig], &acc->cells[order[g]][c], suppress, v);
            out->suppressed = out->suppressed || v->suppressed;
        }
    out->nsteps = cfg->nsteps;
    out->nseries = acc->q.nseries;
    if (acc->q.nseries) {
        out->series_days = arena_alloc(a, acc->q.nseries * sizeof(*out->series_days));
        memcpy(out->series_days, acc->q.series, acc->q.nseries * sizeof(*out->series_days));
        out->series = arena_alloc(a, acc->q.nseries * cfg->nsteps * sizeof(*out->series));
        memcpy(out->series, acc->series, acc->q.nseries * cfg->nsteps * sizeof(*out->series));
        /* The series are counts too: a step with 1-4 children on a day is not shown. */
        for (size_t i = 0; suppress && i < acc->q.nseries * cfg->nsteps; i++)
            if (out->series[i] >= 1 && out->series[i] <= 4) {
                out->series[i] = -1;
                out->suppressed = true;
            }
    }
}

int
fig_column_of(const struct fig_table *t, enum fig_id f, size_t dim)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (t->columns[c].fig == f && t->columns[c].dim == dim)
            return (int)c;
    return -1;
}

const struct fig_value *
fig_cell(const struct fig_table *t, size_t g, size_t c)
{
    return &t->v[g * t->ncolumns + c];
}

/* --- a calendar year kept in parts ------------------------------------------------------------ */

struct fig_acc *
fig_year_new(const struct config *cfg, int year)
{
    struct fig_query q = { { { year, 1, 1 }, { year, 12, 31 } }, FS_NONE, NULL, NULL, 12 };
    struct fig_acc *acc = fig_acc_new(cfg, &q);
    for (int m = 1; m <= 12; m++)
        acc->year_days[m - 1] = (struct date){ year, m, date_days_in_month(year, m) };
    acc->q.series = acc->year_days;
    acc->touched = xmalloc(acc->ncells * sizeof(*acc->touched));
    return acc;
}

void
fig_acc_reset(struct fig_acc *acc)
{
    for (size_t k = 0; k < acc->ntouched; k++) {
        struct cell *c = &acc->cells[0][acc->touched[k]];
        c->num = c->den = 0;
        c->n = c->n_num = 0;
        c->nvalues = 0;
        c->hot = false;
    }
    acc->ntouched = 0;
    memset(acc->series, 0, acc->q.nseries * acc->cfg->nsteps * sizeof(*acc->series));
    acc->children = acc->active = 0;
}

bool
fig_query_year(const struct fig_query *q, int *year)
{
    struct date f = q->p.from, t = q->p.to;
    if (f.y != t.y || f.m != 1 || f.d != 1 || t.m != 12 || t.d != 31)
        return false;
    for (size_t j = 0; j < q->nseries; j++) {
        struct date d = q->series[j];
        /* A team's children are those attributed to it in the period: other years' parts
         * attribute them by their own year. */
        if (d.d != date_days_in_month(d.y, d.m) || (q->team && d.y != f.y))
            return false;
    }
    *year = f.y;
    return true;
}

int
fig_acc_family(const struct fig_acc *acc)
{
    return acc->q.split == FS_CASEWORKER ? 0 : acc->q.split == FS_AGE ? 1 : 2;
}

void
fig_acc_keys(const struct fig_acc *acc, const struct child_records *cr,
             struct strbuf keys[FIG_FAMILIES])
{
    const struct record *c = attributed_case(acc, cr);
    const char *team = c ? record_get_s(c, "team") : NULL;
    const char *cw = c ? record_get_s(c, "caseworker") : NULL;
    for (int f = 0; f < FIG_FAMILIES; f++) {
        strbuf_reset(&keys[f]);
        strbuf_addch(&keys[f], !c ? 'n' : team ? 't' : 'u');
        strbuf_addf(&keys[f], "%s\x1f", team ? team : "");
    }
    strbuf_addch(&keys[0], c && cw ? '=' : '-');
    strbuf_addstr(&keys[0], c && cw ? cw : "");
    strbuf_addstr(&keys[1], age_band(acc, cr->child));
    strbuf_addstr(&keys[2], sex_da(record_get_s(cr->child, "sex")));
}

/* The encoding: little-endian, every count checked on the way back. */
#define PART_FORMAT 1

static void
put_u64(struct strbuf *b, uint64_t v)
{
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    strbuf_add(b, x, 8);
}

static void
put_f64(struct strbuf *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    put_u64(b, u);
}

static bool
cell_empty(const struct cell *c)
{
    return c->num == 0 && c->den == 0 && c->n == 0 && c->n_num == 0 && c->nvalues == 0;
}

void
fig_acc_encode(const struct fig_acc *acc, struct strbuf *out)
{
    size_t nseries = acc->q.nseries * acc->cfg->nsteps, k = 0, m = 0;
    strbuf_reset(out);
    put_u64(out, PART_FORMAT);
    put_u64(out, acc->ncells);
    put_u64(out, nseries);
    put_u64(out, (uint64_t)acc->children);
    put_u64(out, (uint64_t)acc->active);
    for (size_t i = 0; i < nseries; i++)
        k += acc->series[i] != 0;
    put_u64(out, k);
    for (size_t i = 0; i < nseries; i++)
        if (acc->series[i]) {
            put_u64(out, i);
            put_u64(out, (uint64_t)acc->series[i]);
        }
    for (size_t i = 0; i < acc->ncells; i++)
        m += !cell_empty(&acc->cells[0][i]);
    put_u64(out, m);
    for (size_t i = 0; i < acc->ncells; i++) {
        const struct cell *c = &acc->cells[0][i];
        if (cell_empty(c))
            continue;
        put_u64(out, i);
        put_f64(out, c->num);
        put_f64(out, c->den);
        put_u64(out, (uint64_t)c->n);
        put_u64(out, (uint64_t)c->n_num);
        put_u64(out, c->nvalues);
        for (size_t v = 0; v < c->nvalues; v++)
            put_f64(out, c->values[v]);
    }
}

struct reader {
    const unsigned char *p, *end;
    bool bad;
};

static uint64_t
get_u64(struct reader *r)
{
    if (r->bad || r->end - r->p < 8) {
        r->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

static double
get_f64(struct reader *r)
{
    uint64_t u = get_u64(r);
    double v;
    memcpy(&v, &u, sizeof(v));
    return v;
}

static bool
remove_value(struct cell *c, double v)
{
    for (size_t i = c->nvalues; i-- > 0;)
        if (c->values[i] == v) {
            c->values[i] = c->values[--c->nvalues];
            return true;
        }
    return false;
}

static void
append_value(struct cell *c, double v)
{
    if (c->nvalues == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->values = xrealloc(c->values, c->cap * sizeof(*c->values));
    }
    c->values[c->nvalues++] = v;
}

/* Add (sign 1) or take away (sign -1) one cell's encoding in r into c. */
static bool
add_cell(struct reader *r, struct cell *c, int sign)
{
    double num = get_f64(r), den = get_f64(r);
    int64_t n = (int64_t)get_u64(r), n_num = (int64_t)get_u64(r);
    uint64_t nv = get_u64(r);
    if (r->bad || nv > (uint64_t)(r->end - r->p) / 8)
        return false;
    if (c) {
        c->num += sign * num;
        c->den += sign * den;
        c->n += sign * n;
        c->n_num += sign * n_num;
    }
    for (uint64_t v = 0; v < nv; v++) {
        double x = get_f64(r);
        if (!c)
            continue;
        if (sign > 0)
            append_value(c, x);
        else if (!remove_value(c, x))
            return false;
    }
    /* Sums of money come back to zero with what was added: no rounding left behind. */
    if (c && c->n == 0 && c->n_num == 0 && c->nvalues == 0)
        c->num = c->den = 0;
    return !r->bad;
}

/* The header of an encoding, checked against acc's layout; series entries left in r. */
static bool
read_header(struct reader *r, const struct fig_acc *acc, size_t part_series, int64_t *children,
            int64_t *active)
{
    if (get_u64(r) != PART_FORMAT || get_u64(r) != acc->ncells || get_u64(r) != part_series)
        return false;
    *children = (int64_t)get_u64(r);
    *active = (int64_t)get_u64(r);
    return !r->bad;
}

bool
fig_acc_add_encoded(struct fig_acc *acc, const void *part, size_t len, int sign)
{
    struct reader r = { part, (const unsigned char *)part + len, false };
    size_t nseries = acc->q.nseries * acc->cfg->nsteps;
    int64_t children, active;
    if (!read_header(&r, acc, nseries, &children, &active))
        return false;
    acc->children += sign * children;
    acc->active += sign * active;
    uint64_t k = get_u64(&r);
    for (uint64_t i = 0; i < k && !r.bad; i++) {
        uint64_t at = get_u64(&r);
        int64_t v = (int64_t)get_u64(&r);
        if (at >= nseries)
            return false;
        acc->series[at] += sign * v;
    }
    uint64_t m = get_u64(&r);
    for (uint64_t i = 0; i < m && !r.bad; i++) {
        uint64_t at = get_u64(&r);
        if (at >= acc->ncells || !add_cell(&r, total(acc, (size_t)at), sign))
            return false;
    }
    return !r.bad && r.p == r.end;
}

void
fig_acc_add_acc(struct fig_acc *dst, const struct fig_acc *src)
{
    dst->children += src->children;
    dst->active += src->active;
    for (size_t i = 0; i < src->q.nseries * src->cfg->nsteps; i++)
        dst->series[i] += src->series[i];
    for (size_t k = 0; k < src->ntouched; k++) {
        size_t i = src->touched[k];
        const struct cell *s = &src->cells[0][i];
        struct cell *d = total(dst, i);
        add_to(d, s->num, s->den, s->n_num, s->n);
        for (size_t v = 0; v < s->nvalues; v++)
            append_value(d, s->values[v]);
    }
}

bool
fig_acc_empty(const struct fig_acc *acc)
{
    return acc->children == 0;
}

bool
fig_acc_fold(struct fig_acc *acc, int year, const char *key, const void *part, size_t len)
{
    bool cells = year == acc->q.p.to.y;
    const char *sep = strchr(key, '\x1f');
    if (!sep || (*key != 'n' && *key != 'u' && *key != 't'))
        return false;
    char kind = *key;
    size_t team_len = (size_t)(sep - key - 1);
    const char *rest = sep + 1;
    if (acc->q.team &&
        (kind != 't' || strlen(acc->q.team) != team_len || memcmp(acc->q.team, key + 1, team_len)))
        return true; /* another team's */
    struct reader r = { part, (const unsigned char *)part + len, false };
    int64_t children, active;
    if (!read_header(&r, acc, 12 * acc->cfg->nsteps, &children, &active))
        return false;
    size_t g = 0;
    if (cells) {
        acc->children += children;
        char name[FIG_KEY_MAX];
        const char *group = NULL;
        switch (acc->q.split) {
        case FS_NONE:
            break;
        case FS_TEAM:
            if (kind == 'n')
                group = "Ingen sag";
            else if (kind == 'u')
                group = "Uden team";
            else if (team_len < sizeof(name)) {
                memcpy(name, key + 1, team_len);
                name[team_len] = '\0';
                group = name;
            }
            break;
        case FS_CASEWORKER:
            group = kind == 'n' ? "Ingen sag" : *rest == '=' ? rest + 1 : NULL;
            break;
        case FS_AGE:
        case FS_SEX:
            group = rest;
            break;
        }
        if (group && active > 0)
            g = group_of(acc, group);
    }
    uint64_t k = get_u64(&r);
    for (uint64_t i = 0; i < k && !r.bad; i++) {
        uint64_t at = get_u64(&r);
        int64_t v = (int64_t)get_u64(&r);
        size_t ns = acc->cfg->nsteps;
        if (at >= 12 * ns)
            return false;
        int month = (int)(at / ns) + 1;
        for (size_t j = 0; j < acc->q.nseries; j++) {
            struct date d = acc->q.series[j];
            if (d.y == year && d.m == month)
                acc->series[j * ns + at % ns] += v;
        }
    }
    uint64_t m = get_u64(&r);
    for (uint64_t i = 0; i < m && !r.bad; i++) {
        uint64_t at = get_u64(&r);
        if (at >= acc->ncells)
            return false;
        if (!cells) {
            if (!add_cell(&r, NULL, 1))
                return false;
            continue;
        }
        const unsigned char *start = r.p;
        if (!add_cell(&r, &acc->cells[0][at], 1))
            return false;
        if (g) {
            r.p = start;
            if (!add_cell(&r, &acc->cells[g][at], 1))
                return false;
        }
    }
    return !r.bad && r.p == r.end;
}

bool
fig_acc_fits(const struct fig_acc *acc, const struct arena *a, size_t *groups)
{
    size_t bytes = acc->ngroups * (sizeof(size_t) + sizeof(char *)) +
                   acc->ncells * sizeof(struct fig_column) +
                   acc->ngroups * acc->ncells * sizeof(struct fig_value) +
                   acc->q.nseries * (sizeof(struct date) + acc->cfg->nsteps * sizeof(int64_t));
    for (size_t g = 1; g < acc->ngroups; g++)
        bytes += strlen(acc->groups[g]) + 1;
    *groups = acc->ngroups - 1;
    return arena_fits(a, bytes, acc->ngroups + 6);
}
