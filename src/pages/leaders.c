/*
 * leaders.c - GET /ledelse ("Ledelsesoverblik"): the leaders' key figures for a period (?fra=,
 * ?til=, ?opdeling=, and for leadership ?team=): the ladder over time and its flows, placements
 * against their targets, the child's voice and early help, deadlines by rule and by caseworker,
 * caseload, effect, cost and the strategy's indicators; each chart above a table of its numbers,
 * each section downloadable as CSV or XLSX (GET /ledelse/data). Aggregates only: no child, name
 * or case shows here; counts below 5 are suppressed (app/figures.c). A team leader sees the own
 * team's figures.
 */
#include "pages/leaders.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/figures.h"
#include "app/strategy.h"
#include "core/str.h"
#include "html/chart.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"
#include "report/format.h"

#define SERIES_MONTHS 24

/* --- the query ------------------------------------------------------------------------------ */

static bool
date_param(struct req *req, const char *name, struct date *out)
{
    const char *v = req_query(req, name);
    if (!v || !*v)
        return true;
    return date_parse(v, out) == OK;
}

bool
leaders_query_or_respond(struct req *req, struct app *app, struct leaders_query *lq)
{
    struct date today = calendar_cph_date(app->now());
    memset(lq, 0, sizeof(*lq));
    lq->q.p.from = (struct date){ today.y, 1, 1 };
    lq->q.p.to = today;
    lq->q.split = policy_team_scope(&app->who) ? FS_CASEWORKER : FS_TEAM;
    if (!date_param(req, "fra", &lq->q.p.from)) {
        web_error(req, 400, MSG_LEAD_ERR_FROM);
        return false;
    }
    if (!date_param(req, "til", &lq->q.p.to)) {
        web_error(req, 400, MSG_LEAD_ERR_TO);
        return false;
    }
    if (date_cmp(lq->q.p.to, lq->q.p.from) < 0) {
        web_error(req, 400, MSG_LEAD_ERR_ORDER);
        return false;
    }
    const char *split = req_query(req, "opdeling");
    if (split && *split && (!fig_split_parse(split, &lq->q.split))) {
        web_error(req, 400, MSG_LEAD_ERR_SPLIT);
        return false;
    }
    const char *team = req_query(req, "team");
    if (team && *team) {
        if (strlen(team) > 64) {
            web_error(req, 400, MSG_LEAD_ERR_TEAM);
            return false;
        }
        lq->q.team = team; /* a team leader's own team replaces it (app_figures) */
    }
    return true;
}

/* The query's parameters for a link: "fra=...&til=...&opdeling=..." (escaped by the caller). */
static void
query_string(struct strbuf *b, const struct leaders_query *lq)
{
    char from[DATE_BUF], to[DATE_BUF];
    date_format(lq->q.p.from, from);
    date_format(lq->q.p.to, to);
    strbuf_addstr(b, "fra=");
    strbuf_addstr(b, from);
    strbuf_addstr(b, "&til=");
    strbuf_addstr(b, to);
    strbuf_addstr(b, "&opdeling=");
    strbuf_addstr(b, fig_split_str(lq->q.split));
}

/* --- numbers as text ---------------------------------------------------------------------- */

void
leaders_value(struct strbuf *b, const struct fig_desc *d, const struct fig_value *v)
{
    char buf[FIG_TEXT_BUF];
    html_text(b, fig_value_text(buf, d, v));
}

/* "12 af 40" beside a share; the count beside a median or mean. */
static void
value_count(struct strbuf *b, const struct fig_desc *d, const struct fig_value *v)
{
    char buf[FIG_TEXT_BUF];
    html_text(b, fig_count_text(buf, d, v));
}

static const struct fig_value *
cell(const struct fig_table *t, size_t g, enum fig_id f, size_t dim)
{
    int c = fig_column_of(t, f, dim);
    return c >= 0 ? fig_cell(t, g, (size_t)c) : NULL;
}

static const char *
group_name(const struct fig_table *t, size_t g)
{
    return g ? t->groups[g] : MSG_LEAD_TOTAL;
}

/* The text of a value, in the arena (for chart bars: the chart escapes it). */
static const char *
value_text(struct arena *a, const struct fig_desc *d, const struct fig_value *v)
{
    char buf[FIG_TEXT_BUF];
    return arena_strdup(a, fig_value_text(buf, d, v));
}

/* --- tables ------------------------------------------------------------------------------- */

struct col {
    enum fig_id fig;
    size_t dim;
    const char *head; /* NULL: the figure's name */
};

/* Rows: the split groups (the total first); columns: cols. */
static void
table_by_group(struct strbuf *b, const struct fig_table *t, const struct col *cols, size_t n,
               const char *caption)
{
    HTML_LIT(b, "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>");
    html_text(b, caption);
    HTML_LIT(b, "</caption>\n<thead><tr><th scope=\"col\">");
    html_text(b, fig_split_da(t->split));
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < n; k++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, cols[k].head ? cols[k].head : fig_desc(cols[k].fig)->name_da);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
    for (size_t g = 0; g < t->ngroups; g++) {
        bool any = g == 0; /* a group with nothing in these columns is left out */
        for (size_t k = 0; !any && k < n; k++) {
            const struct fig_value *v = cell(t, g, cols[k].fig, cols[k].dim);
            any = v && (!v->empty || v->suppressed);
        }
        if (!any)
            continue;
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, group_name(t, g));
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < n; k++) {
            const struct fig_desc *d = fig_desc(cols[k].fig);
            const struct fig_value *v = cell(t, g, cols[k].fig, cols[k].dim);
            HTML_LIT(b, "<td class=\"num\">");
            if (v) {
                leaders_value(b, d, v);
                if (!v->suppressed && !v->empty && d->unit == FU_SHARE) {
                    HTML_LIT(b, " <span class=\"count\">(");
                    value_count(b, d, v);
                    HTML_LIT(b, ")</span>");
                }
            }
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table></div>\n");
}

/* Rows: the values of a dimension (those with anything in them, unless all); columns: figures
 * of that dimension, for the total. */
static void
table_by_dim(struct strbuf *b, const struct config *cfg, const struct fig_table *t,
             const enum fig_id *figs, size_t n, const char *first_head, const char *caption,
             bool all)
{
    enum fig_dim dim = fig_desc(figs[0])->dim;
    HTML_LIT(b, "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>");
    html_text(b, caption);
    HTML_LIT(b, "</caption>\n<thead><tr><th scope=\"col\">");
    html_text(b, first_head);
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < n; k++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, fig_desc(figs[k])->name_da);
        HTML_LIT(b, "</th>");
        if (fig_desc(figs[k])->unit != FU_COUNT) {
            HTML_LIT(b, "<th scope=\"col\">");
            html_text(b, fig_desc(figs[k])->unit == FU_SHARE ? MSG_LEAD_COUNT_OF : MSG_LEAD_COUNT);
            HTML_LIT(b, "</th>");
        }
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
    size_t shown = 0;
    for (size_t i = 0; i < fig_dim_count(cfg, dim); i++) {
        bool any = all;
        for (size_t k = 0; !any && k < n; k++) {
            const struct fig_value *v = cell(t, 0, figs[k], i);
            any = v && (!v->empty || v->suppressed);
        }
        if (!any)
            continue;
        shown++;
        HTML_LIT(b, "<tr><th scope=\"row\">");
        if (dim == FD_STEP) {
            render_step(b, cfg, cfg->steps[i].step);
        } else if (dim == FD_TYPE) {
            html_text(b, fig_dim_label_da(cfg, dim, i));
            HTML_LIT(b, " <span class=\"para\">(" MSG_STEP_WORD " ");
            html_int(b, cfg->catalogue[i].step);
            HTML_LIT(b, ")</span>");
        } else {
            html_text(b, fig_dim_label_da(cfg, dim, i));
            if (dim == FD_RULE && cfg->rules[i].conf == CONF_U)
                HTML_LIT(b, " <span class=\"unverified\">" MSG_UNVERIFIED "</span>");
        }
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < n; k++) {
            const struct fig_desc *d = fig_desc(figs[k]);
            const struct fig_value *v = cell(t, 0, figs[k], i);
            HTML_LIT(b, "<td class=\"num\">");
            if (v)
                leaders_value(b, d, v);
            HTML_LIT(b, "</td>");
            if (d->unit != FU_COUNT) {
                HTML_LIT(b, "<td class=\"num\">");
                if (v)
                    value_count(b, d, v);
                HTML_LIT(b, "</td>");
            }
        }
        HTML_LIT(b, "</tr>\n");
    }
    if (!shown) {
        HTML_LIT(b, "<tr><td colspan=\"");
        html_int(b, (long long)(1 + 2 * n));
        HTML_LIT(b, "\">" MSG_LEAD_NO_DATA "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table></div>\n");
}

static void
downloads(struct strbuf *b, const struct leaders_query *lq, const char *section)
{
    static const char *const formats[][2] = { { "csv", "CSV" }, { "xlsx", "Excel (XLSX)" } };
    HTML_LIT(b, "<p class=\"downloads\">" MSG_LEAD_DOWNLOAD ":");
    for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
        struct strbuf href = STRBUF_INIT;
        strbuf_addstr(&href, "/ledelse/data?");
        query_string(&href, lq);
        strbuf_addstr(&href, "&afsnit=");
        strbuf_addstr(&href, section);
        strbuf_addstr(&href, "&format=");
        strbuf_addstr(&href, formats[i][0]);
        HTML_LIT(b, " <a href=\"");
        html_text(b, strbuf_str(&href));
        HTML_LIT(b, "\">");
        html_text(b, formats[i][1]);
        HTML_LIT(b, "</a>");
        strbuf_release(&href);
    }
    HTML_LIT(b, "</p>\n");
}

/* --- sections ----------------------------------------------------------------------------- */

static void
section_begin(struct strbuf *b, const char *id, const char *title, const char *intro)
{
    HTML_LIT(b, "<section class=\"lead-section\" aria-labelledby=\"h-");
    html_text(b, id);
    HTML_LIT(b, "\">\n<h2 id=\"h-");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, title);
    HTML_LIT(b, "</h2>\n");
    if (intro) {
        HTML_LIT(b, "<p>");
        html_text(b, intro);
        HTML_LIT(b, "</p>\n");
    }
}

static void
ladder_section(struct req *req, const struct config *cfg, const struct leaders_query *lq,
               const struct fig_table *t)
{
    struct strbuf *b = &req->body;
    section_begin(b, "trappe", MSG_LEAD_LADDER, MSG_LEAD_LADDER_INTRO);
    /* Children on steps 1.. over the months: lines, and the table of the same numbers. */
    size_t ns = t->nsteps > 1 ? t->nsteps - 1 : 0, nshown = 0;
    struct chart_series *s = arena_alloc(req->arena, (ns ? ns : 1) * sizeof(*s));
    struct chart_series *shown = arena_alloc(req->arena, (ns ? ns : 1) * sizeof(*shown));
    for (size_t k = 0; k < ns; k++) {
        double *y = arena_alloc(req->arena, (t->nseries ? t->nseries : 1) * sizeof(*y));
        bool any = false;
        for (size_t j = 0; j < t->nseries; j++) {
            int64_t n = t->series[j * t->nsteps + k + 1];
            y[j] = n < 0 ? NAN : (double)n;
            any = any || n != 0;
        }
        s[k].label =
            arena_printf(req->arena, "%d %s", cfg->steps[k + 1].step, cfg->steps[k + 1].name_da);
        s[k].y = y;
        if (any) /* a step nobody stood on is a line along the axis: it stays in the table */
            shown[nshown++] = s[k];
    }
    HTML_LIT(b, "<figure>\n");
    const char *what = lq->step_months == 12  ? MSG_LEAD_LADDER_CHART_Y
                       : lq->step_months == 6 ? MSG_LEAD_LADDER_CHART_H
                       : lq->step_months == 3 ? MSG_LEAD_LADDER_CHART_Q
                                              : MSG_LEAD_LADDER_CHART;
    chart_lines(b, what, t->series_days, t->nseries, shown, nshown, MSG_LEAD_CHILDREN);
    HTML_LIT(b, "<figcaption>");
    html_text(b, what);
    HTML_LIT(b, "</figcaption>\n</figure>\n");
    HTML_LIT(
        b,
        "<details><summary>" MSG_LEAD_LADDER_TABLE "</summary>\n"
        "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>" MSG_LEAD_LADDER_TABLE
        "</caption>\n<thead><tr><th scope=\"col\">" MSG_LEAD_DATE "</th>");
    for (size_t k = 0; k < ns; k++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, s[k].label);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
    for (size_t j = 0; j < t->nseries; j++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        render_date_da(b, t->series_days[j]);
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < ns; k++) {
            int64_t n = t->series[j * t->nsteps + k + 1];
            HTML_LIT(b, "<td class=\"num\">");
            if (n < 0)
                HTML_LIT(b, "&lt;5");
            else
                html_int(b, (long long)n);
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table></div>\n</details>\n");
    const struct col flows[] = {
        { FIG_ladder_up, 0, MSG_LEAD_UP },
        { FIG_ladder_down, 0, MSG_LEAD_DOWN },
        { FIG_ladder_net_down, 0, MSG_LEAD_NET },
        { FIG_ladder_start_low, 0, NULL },
    };
    table_by_group(b, t, flows, ARRAY_SIZE(flows), MSG_LEAD_FLOWS);

    const enum fig_id steps[] = { FIG_ladder_children, FIG_ladder_median_days };

    table_by_dim(b, cfg, t, steps, ARRAY_SIZE(steps), MSG_COL_STEP, MSG_LEAD_STEPS, true);
    downloads(b, lq, "ladder");
    HTML_LIT(b, "</section>\n");
}

/* The target an objective of the strategy sets for figure f's value dim, or NULL. */
static const struct strategy_objective *
target_of(const struct config *cfg, const struct strategy_data *sd, enum fig_id f, size_t dim)
{
    for (size_t i = 0; i < sd->nobjectives; i++) {
        const struct strategy_objective *o = &sd->objectives[i];
        enum fig_id g;
        size_t k;
        if (o->has_target && o->indicator && fig_indicator_find(cfg, o->indicator, &g, &k) &&
            g == f && k == dim)
            return o;
    }
    return NULL;
}

static void
placement_section(struct req *req, const struct config *cfg, const struct leaders_query *lq,
                  const struct fig_table *t, const struct strategy_data *sd)
{
    struct strbuf *b = &req->body;
    section_begin(b, "anbringelser", MSG_LEAD_PLACEMENTS, MSG_LEAD_PLACEMENTS_INTRO);
    struct chart_bar *bars =
        arena_alloc(req->arena, (cfg->nclasses ? cfg->nclasses : 1) * sizeof(*bars));
    for (size_t k = 0; k < cfg->nclasses; k++) {
        const struct fig_value *v = cell(t, 0, FIG_placement_stock, k);
        const struct strategy_objective *target = target_of(cfg, sd, FIG_placement_stock, k);
        bars[k].label = cfg->classes[k].name_da;
        bars[k].missing = !v || v->suppressed || v->empty;
        bars[k].value = v ? v->value : 0;
        bars[k].text = v ? value_text(req->arena, fig_desc(FIG_placement_stock), v) : "";
        bars[k].target = target ? target->target : NAN;
    }
    HTML_LIT(b, "<figure>\n");
    chart_bars(b, MSG_LEAD_MIX_CHART, bars, cfg->nclasses, 0, MSG_LEAD_SHARE_OF_PLACED, true);
    HTML_LIT(b, "<figcaption>" MSG_LEAD_MIX_CHART "</figcaption>\n</figure>\n");
    /* The classes with their stock, new placements and target. */
    HTML_LIT(
        b,
        "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>" MSG_LEAD_MIX_TABLE
        "</caption>\n<thead><tr><th scope=\"col\">" MSG_LEAD_CLASS
        "</th><th scope=\"col\">" MSG_LEAD_STOCK "</th><th scope=\"col\">" MSG_LEAD_NEW
        "</th><th scope=\"col\">" MSG_LEAD_TARGET "</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < cfg->nclasses; k++) {
        const struct fig_value *st = cell(t, 0, FIG_placement_stock, k);
        const struct fig_value *nw = cell(t, 0, FIG_placement_new, k);
        const struct strategy_objective *target = target_of(cfg, sd, FIG_placement_stock, k);
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, cfg->classes[k].name_da);
        HTML_LIT(b, "</th><td class=\"num\">");
        leaders_value(b, fig_desc(FIG_placement_stock), st);
        if (!st->suppressed && !st->empty) {
            HTML_LIT(b, " <span class=\"count\">(");
            value_count(b, fig_desc(FIG_placement_stock), st);
            HTML_LIT(b, ")</span>");
        }
        HTML_LIT(b, "</td><td class=\"num\">");
        leaders_value(b, fig_desc(FIG_placement_new), nw);
        if (!nw->suppressed && !nw->empty) {
            HTML_LIT(b, " <span class=\"count\">(");
            value_count(b, fig_desc(FIG_placement_new), nw);
            HTML_LIT(b, ")</span>");
        }
        HTML_LIT(b, "</td><td>");
        if (target) {
            if (target->better && strcmp(target->better, "higher") == 0)
                HTML_LIT(b, MSG_LEAD_AT_LEAST " ");
            else
                HTML_LIT(b, MSG_LEAD_AT_MOST " ");
            chart_percent(b, target->target);
            if (target->target_note) {
                HTML_LIT(b, " <span class=\"unverified\">");
                html_text(b, target->target_note);
                HTML_LIT(b, "</span>");
            }
        }
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table></div>\n");
    const struct col more[] = {
        { FIG_placement_moves, 0, NULL },
        { FIG_foster_breakdowns, 0, NULL },
        { FIG_placement_no_consent, 0, NULL },
    };
    table_by_group(b, t, more, ARRAY_SIZE(more), MSG_LEAD_PLACEMENT_QUALITY);
    downloads(b, lq, "placement");
    HTML_LIT(b, "</section>\n");
}

static void
voice_section(struct req *req, const struct leaders_query *lq, const struct fig_table *t)
{
    struct strbuf *b = &req->body;
    section_begin(b, "stemme", MSG_LEAD_VOICE, MSG_LEAD_VOICE_INTRO);
    const struct col cols[] = {
        { FIG_voice_conversation, 0, NULL },  { FIG_voice_exception, 0, NULL },
        { FIG_voice_child_rated, 0, NULL },   { FIG_early_assessed_24h, 0, NULL },
        { FIG_early_assessment_4m, 0, NULL }, { FIG_early_days_to_measure, 0, NULL },
    };
    table_by_group(b, t, cols, ARRAY_SIZE(cols), MSG_LEAD_VOICE);
    downloads(b, lq, "voice");
    HTML_LIT(b, "</section>\n");
}

/* Working across sectors (issue 23): partners' inquiries and step-1 courses, the task force,
 * support after 18. */
static void
cross_section(struct req *req, const struct leaders_query *lq, const struct fig_table *t)
{
    struct strbuf *b = &req->body;
    section_begin(b, "tvaers", MSG_LEAD_CROSS, MSG_LEAD_CROSS_INTRO);
    const struct col cols[] = {
        { FIG_cross_inquiries_per_course, 0, NULL }, { FIG_cross_step1_no_notification, 0, NULL },
        { FIG_cross_taskforce_on_time, 0, NULL },    { FIG_cross_aftercare_decided, 0, NULL },
        { FIG_cross_18_22_education_work, 0, NULL },
    };
    table_by_group(b, t, cols, ARRAY_SIZE(cols), MSG_LEAD_CROSS);
    downloads(b, lq, "cross");
    HTML_LIT(b, "</section>\n");
}

static void
deadline_section(struct req *req, const struct config *cfg, const struct leaders_query *lq,
                 const struct fig_table *t, const struct fig_table *by_cw)
{
    struct strbuf *b = &req->body;
    section_begin(b, "frister", MSG_LEAD_DEADLINES, MSG_LEAD_DEADLINES_INTRO);
    /* Compliance per group of the split, then per caseworker with the caseload. */
    struct chart_bar *bars = arena_alloc(req->arena, t->ngroups * sizeof(*bars));
    for (size_t g = 0; g < t->ngroups; g++) {
        const struct fig_value *v = cell(t, g, FIG_deadlines_all_on_time, 0);
        bars[g].label = group_name(t, g);
        bars[g].missing = v->suppressed || v->empty;
        bars[g].value = v->value;
        bars[g].text = value_text(req->arena, fig_desc(FIG_deadlines_all_on_time), v);
        bars[g].target = NAN;
    }
    HTML_LIT(b, "<figure>\n");
    chart_bars(b, MSG_LEAD_COMPLIANCE_CHART, bars, t->ngroups, 1, MSG_LEAD_ON_TIME_AXIS, true);
    HTML_LIT(b, "<figcaption>" MSG_LEAD_COMPLIANCE_CHART "</figcaption>\n</figure>\n");

    const enum fig_id rules[] = { FIG_deadlines_on_time };

    table_by_dim(b, cfg, t, rules, 1, MSG_COL_RULE, MSG_LEAD_BY_RULE, false);
    const struct col cw[] = {
        { FIG_open_cases, 0, MSG_LEAD_CASELOAD },
        { FIG_deadlines_all_on_time, 0, NULL },
    };
    if (!by_cw->ngroups) {
        HTML_LIT(b, "<p class=\"note\">" MSG_LEAD_TOO_MANY_CASEWORKERS "</p>\n");
        downloads(b, lq, "deadlines");
        HTML_LIT(b, "</section>\n");
        return;
    }
    table_by_group(b, by_cw, cw, ARRAY_SIZE(cw), MSG_LEAD_BY_CASEWORKER);
    /* Caseload per caseworker as bars too. */
    struct chart_bar *load = arena_alloc(req->arena, by_cw->ngroups * sizeof(*load));
    size_t nl = 0;
    for (size_t g = 1; g < by_cw->ngroups; g++) {
        const struct fig_value *v = cell(by_cw, g, FIG_open_cases, 0);
        load[nl].label = group_name(by_cw, g);
        load[nl].missing = v->suppressed || v->empty;
        load[nl].value = v->value;
        load[nl].text = value_text(req->arena, fig_desc(FIG_open_cases), v);
        load[nl].target = NAN;
        nl++;
    }
    HTML_LIT(b, "<figure>\n");
    chart_bars(b, MSG_LEAD_CASELOAD_CHART, load, nl, 0, MSG_LEAD_CHILDREN, false);
    HTML_LIT(b, "<figcaption>" MSG_LEAD_CASELOAD_CHART "</figcaption>\n</figure>\n");
    downloads(b, lq, "deadlines");
    HTML_LIT(b, "</section>\n");
}

static void
effect_section(struct req *req, const struct config *cfg, const struct leaders_query *lq,
               const struct fig_table *t)
{
    struct strbuf *b = &req->body;
    section_begin(b, "effekt", MSG_LEAD_EFFECT, MSG_LEAD_EFFECT_INTRO);

    const enum fig_id figs[] = { FIG_effect_goals_reached, FIG_effect_score_change,
                                 FIG_effect_step_down_12m };

    table_by_dim(b, cfg, t, figs, ARRAY_SIZE(figs), MSG_LEAD_TYPE, MSG_LEAD_EFFECT, false);
    downloads(b, lq, "effect");
    HTML_LIT(b, "</section>\n");
}

static void
cost_section(struct req *req, const struct config *cfg, const struct leaders_query *lq,
             const struct fig_table *t)
{
    struct strbuf *b = &req->body;
    section_begin(b, "udgifter", MSG_LEAD_COST, MSG_LEAD_COST_INTRO);
    struct chart_bar *bars = arena_alloc(req->arena, cfg->nsteps * sizeof(*bars));
    size_t n = 0;
    for (size_t k = 1; k < cfg->nsteps; k++) {
        const struct fig_value *v = cell(t, 0, FIG_cost_by_step, k);
        bars[n].label =
            arena_printf(req->arena, "%d %s", cfg->steps[k].step, cfg->steps[k].name_da);
        bars[n].missing = v->suppressed || v->empty;
        bars[n].value = v->value;
        bars[n].text = value_text(req->arena, fig_desc(FIG_cost_by_step), v);
        bars[n].target = NAN;
        n++;
    }
    HTML_LIT(b, "<figure>\n");
    chart_bars(b, MSG_LEAD_COST_CHART, bars, n, 0, MSG_LEAD_KR, false);
    HTML_LIT(b, "<figcaption>" MSG_LEAD_COST_CHART "</figcaption>\n</figure>\n");

    const enum fig_id by_step[] = { FIG_cost_by_step };

    table_by_dim(b, cfg, t, by_step, 1, MSG_COL_STEP, MSG_LEAD_COST_BY_STEP, false);

    const enum fig_id by_type[] = { FIG_cost_by_type };

    table_by_dim(b, cfg, t, by_type, 1, MSG_LEAD_TYPE, MSG_LEAD_COST_BY_TYPE, false);
    downloads(b, lq, "cost");
    HTML_LIT(b, "</section>\n");
}

static void
strategy_section(struct req *req, const struct app *app, const struct fig_table *t,
                 const struct strategy_data *sd)
{
    struct strbuf *b = &req->body;
    section_begin(b, "strategi", MSG_LEAD_STRATEGY, MSG_LEAD_STRATEGY_INTRO);
    strategy_tree(b, &app->cfg, sd, t, false);
    if (policy_may(&app->who, CAP_STRATEGY_EDIT))
        HTML_LIT(b, "<p><a href=\"/strategi\">" MSG_LEAD_STRATEGY_EDIT "</a></p>\n");
    HTML_LIT(b, "</section>\n");
}

static void
definitions(struct strbuf *b)
{
    HTML_LIT(
        b,
        "<section class=\"lead-section\" aria-labelledby=\"h-def\">\n<h2 id=\"h-def\">" MSG_LEAD_DEFINITIONS
        "</h2>\n<p>" FIG_SUPPRESSION_NOTE_DA "</p>\n<dl class=\"definitions\">\n");
    for (int f = 0; f < FIG__COUNT; f++) {
        const struct fig_desc *d = fig_desc((enum fig_id)f);
        HTML_LIT(b, "<dt>");
        html_text(b, d->name_da);
        HTML_LIT(b, "</dt><dd>");
        html_text(b, d->definition_da);
        if (d->numerator_da && d->denominator_da) {
            HTML_LIT(b, " <span class=\"para\">" MSG_LEAD_NUMERATOR ": ");
            html_text(b, d->numerator_da);
            HTML_LIT(b, ". " MSG_LEAD_DENOMINATOR ": ");
            html_text(b, d->denominator_da);
            HTML_LIT(b, ".</span>");
        }
        HTML_LIT(b, "</dd>\n");
    }
    HTML_LIT(b, "</dl>\n</section>\n");
}

/* The form that picks the period and the split. */
static void
period_form(struct strbuf *b, const struct app *app, const struct leaders_query *lq)
{
    char from[DATE_BUF], to[DATE_BUF];
    date_format(lq->q.p.from, from);
    date_format(lq->q.p.to, to);
    HTML_LIT(b, "<form method=\"get\" action=\"/ledelse\" class=\"lead-form\">\n"
                "<div class=\"form-group\"><label class=\"form-label\" for=\"fra\">" MSG_LEAD_FROM
                "</label><span class=\"form-hint\" id=\"fra-hint\">" MSG_LEAD_DATE_HINT
                "</span><input class=\"form-input\" type=\"date\" id=\"fra\" name=\"fra\" "
                "aria-describedby=\"fra-hint\" value=\"");
    html_text(b, from);
    HTML_LIT(
        b,
        "\"></div>\n<div class=\"form-group\"><label class=\"form-label\" for=\"til\">" MSG_LEAD_TO
        "</label><span class=\"form-hint\" id=\"til-hint\">" MSG_LEAD_DATE_HINT
        "</span><input class=\"form-input\" type=\"date\" id=\"til\" name=\"til\" "
        "aria-describedby=\"til-hint\" value=\"");
    html_text(b, to);
    HTML_LIT(
        b,
        "\"></div>\n<div class=\"form-group\"><label class=\"form-label\" for=\"opdeling\">" MSG_LEAD_SPLIT
        "</label><select class=\"form-select\" id=\"opdeling\" name=\"opdeling\">\n");
    for (int s = 0; s < FS__COUNT; s++) {
        if (s == FS_TEAM && policy_team_scope(&app->who))
            continue; /* one team: nothing to split by team */
        HTML_LIT(b, "<option value=\"");
        html_text(b, fig_split_str((enum fig_split)s));
        HTML_LIT(b, "\"");
        if (lq->q.split == (enum fig_split)s)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, s == FS_NONE ? MSG_LEAD_NO_SPLIT : fig_split_da((enum fig_split)s));
        HTML_LIT(b, "</option>\n");
    }
    HTML_LIT(
        b, "</select></div>\n<button type=\"submit\" class=\"button button-primary\">" MSG_LEAD_SHOW
           "</button>\n</form>\n");
}

void
page_leaders(struct req *req)
{
    struct app *app = web_user(req);
    struct leaders_query lq;
    struct fig_table t, by_cw;
    struct strategy_data sd;
    if (!app || !leaders_query_or_respond(req, app, &lq))
        return;
    /* The ladder over the last SERIES_MONTHS month ends up to the end date; over a longer
     * period, at most SERIES_MONTHS points from its start: quarters, half-years or years. */
    int months = (lq.q.p.to.y - lq.q.p.from.y) * 12 + (lq.q.p.to.m - lq.q.p.from.m);
    int step = months < SERIES_MONTHS       ? 1
               : months < 3 * SERIES_MONTHS ? 3
               : months < 6 * SERIES_MONTHS ? 6
                                            : 12;
    int npoints = step == 1 ? SERIES_MONTHS : months / step + 1;
    if (npoints > SERIES_MONTHS + 1)
        npoints = SERIES_MONTHS + 1;
    struct date *days = arena_alloc(req->arena, (size_t)npoints * sizeof(*days));
    for (int i = 0; i < npoints; i++) {
        struct date d = fig_add_months(lq.q.p.to, (i - (npoints - 1)) * step);
        if (i < npoints - 1)
            d.d = date_days_in_month(d.y, d.m);
        days[i] = d;
    }
    lq.q.series = days;
    lq.q.nseries = (size_t)npoints;
    lq.step_months = step;
    /* The split asked for, and by caseworker for the caseload: one pass over the children. */
    struct fig_query qs[2] = { lq.q, lq.q };
    qs[1].split = FS_CASEWORKER;
    qs[1].series = NULL;
    qs[1].nseries = 0;
    size_t nq = lq.q.split == FS_CASEWORKER ? 1 : 2;
    struct fig_table both[2];
    enum err rc = app_figures_many(app, qs, nq, req->arena, both, NULL);
    if (rc == ERR_TOO_LARGE && nq == 2) {
        /* Too many caseworkers for one page (a country's): the page without them. */
        rc = app_figures_many(app, qs, 1, req->arena, both, NULL);
        memset(&both[1], 0, sizeof(both[1]));
        nq = 2;
    }
    t = both[0];
    by_cw = both[nq - 1];
    if (!rc)
        rc = app_strategy_read(app, req->arena, &sd, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    const struct config *cfg = &app->cfg;
    const char *team = policy_team_scope(&app->who);
    struct strbuf *b = &req->body;
    web_page_begin(req, app, team ? MSG_LEAD_TEAM_TITLE : MSG_LEAD_TITLE, "/ledelse");
    if (team) {
        HTML_LIT(b, "<p class=\"lead-team\">");
        html_text(b, team);
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p>" MSG_LEAD_INTRO " ");
    render_date_da(b, lq.q.p.from);
    HTML_LIT(b, " – ");
    render_date_da(b, lq.q.p.to);
    HTML_LIT(b, ".</p>\n");
    period_form(b, app, &lq);
    /* The committee's papers for last year, made from the same data. */
    int last = calendar_cph_date(app->now()).y - 1;
    HTML_LIT(b, "<p class=\"downloads\"><strong>" MSG_LEAD_NOTE " ");
    html_int(b, last);
    HTML_LIT(b, ":</strong> " MSG_LEAD_NOTE_STATUS);
    static const char *const docs[][3] = { { "status", "html", "HTML" },
                                           { "status", "pdf", "PDF" },
                                           { "dagsorden", "html", MSG_LEAD_NOTE_AGENDA " (HTML)" },
                                           { "dagsorden", "pdf", MSG_LEAD_NOTE_AGENDA " (PDF)" } };
    for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
        HTML_LIT(b, " <a href=\"/ledelse/notat?aar=");
        html_int(b, last);
        HTML_LIT(b, "&amp;dokument=");
        html_text(b, docs[i][0]);
        HTML_LIT(b, "&amp;format=");
        html_text(b, docs[i][1]);
        HTML_LIT(b, "\">");
        html_text(b, docs[i][2]);
        HTML_LIT(b, "</a>");
    }
    HTML_LIT(b, "</p>\n");
    HTML_LIT(b, "<nav aria-label=\"" MSG_LEAD_SECTIONS "\" class=\"lead-nav\"><ul>"
                "<li><a href=\"#h-trappe\">" MSG_LEAD_LADDER "</a></li>"
                "<li><a href=\"#h-anbringelser\">" MSG_LEAD_PLACEMENTS "</a></li>"
                "<li><a href=\"#h-stemme\">" MSG_LEAD_VOICE "</a></li>"
                "<li><a href=\"#h-frister\">" MSG_LEAD_DEADLINES "</a></li>"
                "<li><a href=\"#h-effekt\">" MSG_LEAD_EFFECT "</a></li>"
                "<li><a href=\"#h-udgifter\">" MSG_LEAD_COST "</a></li>"
                "<li><a href=\"#h-tvaers\">" MSG_LEAD_CROSS "</a></li>"
                "<li><a href=\"#h-strategi\">" MSG_LEAD_STRATEGY "</a></li>"
                "<li><a href=\"#h-def\">" MSG_LEAD_DEFINITIONS "</a></li></ul></nav>\n");
    if (t.suppressed)
        HTML_LIT(b, "<p class=\"note\">" FIG_SUPPRESSION_NOTE_DA "</p>\n");
    ladder_section(req, cfg, &lq, &t);
    placement_section(req, cfg, &lq, &t, &sd);
    voice_section(req, &lq, &t);
    deadline_section(req, cfg, &lq, &t, &by_cw);
    effect_section(req, cfg, &lq, &t);
    cost_section(req, cfg, &lq, &t);
    cross_section(req, &lq, &t);
    strategy_section(req, app, &t, &sd);
    definitions(b);
    web_page_end(req);
}
