/*
 * note.c - the committee's status note and agenda item as documents (note.h), in the order of
 * the municipality's own papers (shared/seeds/001 and 002): the fixed text of config/note.jsonl,
 * the table of themes, content and status from the strategy's follow-up, and the year's key
 * figures beside last year's, with charts and their definitions.
 * Must not: compute a figure, or show a suppressed one.
 */
#include "report/note.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "report/format.h"

static const char *const months_da[] = { "januar",    "februar", "marts",    "april",
                                         "maj",       "juni",    "juli",     "august",
                                         "september", "oktober", "november", "december" };

static const char *
date_da(struct arena *a, struct date d)
{
    return arena_printf(a, "%d. %s %d", d.d, months_da[(d.m - 1) % 12], d.y);
}

/* Every text of part, in order. */
static size_t
parts(const struct config *cfg, const char *part, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->nnote && n < max; i++)
        if (strcmp(cfg->note[i].part, part) == 0)
            out[n++] = cfg->note[i].text_da;
    return n;
}

static void
paras(struct doc *d, const struct config *cfg, const char *part)
{
    const char *t[16];
    size_t n = parts(cfg, part, t, 16);
    for (size_t i = 0; i < n; i++)
        doc_add(d, B_PARA, t[i]);
}

static void
list(struct doc *d, const struct config *cfg, const char *part, enum block_kind kind)
{
    const char *t[16];
    size_t n = parts(cfg, part, t, 16);
    if (n)
        doc_list(d, kind, t, n);
}

static const struct fig_value *
cell(const struct fig_table *t, enum fig_id f, size_t dim)
{
    int c = fig_column_of(t, f, dim);
    return c >= 0 ? fig_cell(t, 0, (size_t)c) : NULL;
}

/* "42 % (12 af 40)" or "214 dage (107)". */
static const char *
value_with_count(struct arena *a, const struct fig_table *t, enum fig_id f, size_t dim)
{
    char v[FIG_TEXT_BUF], c[FIG_TEXT_BUF];
    const struct fig_value *x = cell(t, f, dim);
    if (!x)
        return "–";
    fig_value_text(v, fig_desc(f), x);
    fig_count_text(c, fig_desc(f), x);
    return *c ? arena_printf(a, "%s (%s)", v, c) : arena_strdup(a, v);
}

/* A table of figures (one value of each) for the year and the year before. */
static void
compare_table(struct doc *d, const struct note_data *n, const char *caption, const enum fig_id *f,
              const size_t *dims, size_t count)
{
    const char *heads[3] = { "Nøgletal", arena_printf(d->a, "%d", n->year),
                             arena_printf(d->a, "%d", n->year - 1) };
    struct block *t = doc_table(d, caption, heads, 3);
    for (size_t i = 0; i < count; i++) {
        const struct fig_desc *fd = fig_desc(f[i]);
        const char *name = fd->name_da;
        if (fd->dim != FD_NONE)
            name = arena_printf(d->a, "%s: %s", fd->name_da,
                                fig_dim_label_da(n->cfg, fd->dim, dims ? dims[i] : 0));
        const char *row[3] = { name, value_with_count(d->a, n->year_t, f[i], dims ? dims[i] : 0),
                               value_with_count(d->a, n->before_t, f[i], dims ? dims[i] : 0) };
        doc_row(d, t, row);
    }
}

/* The action's status as of the end of the year: its latest follow-up up to then. */
static const char *
status_at_year_end(struct arena *a, const struct strategy_data *s, const struct strategy_action *x,
                   int year)
{
    char end[16];
    snprintf(end, sizeof(end), "%04u-H2", (unsigned)year % 10000u);
    const struct strategy_followup *last = NULL;
    for (size_t i = 0; i < s->nfollowups; i++)
        if (s->followups[i].action_id == x->id && strcmp(s->followups[i].period, end) <= 0)
            last = &s->followups[i];
    if (!last)
        return "Ikke fulgt op i året.";
    return arena_printf(a, "%s (opfølgning %s%s): %s", strategy_status_da(last->status),
                        last->period, last->example ? ", syntetisk eksempel" : "",
                        last->status_text);
}

static const struct strategy_objective *
objective_for(const struct strategy_data *s, const struct config *cfg, enum fig_id f, size_t dim)
{
    for (size_t i = 0; i < s->nobjectives; i++) {
        const struct strategy_objective *o = &s->objectives[i];
        enum fig_id g;
        size_t k;
        if (o->has_target && o->indicator && fig_indicator_find(cfg, o->indicator, &g, &k) &&
            g == f && k == dim)
            return o;
    }
    return NULL;
}

static const char *
target_text(struct arena *a, const struct config *cfg, const struct strategy_objective *o)
{
    enum fig_id f;
    char n[FMT_NUMBER_DA_BUF];
    if (!o->has_target)
        return "Ikke fastsat";
    bool share = fig_indicator_find(cfg, o->indicator, &f, NULL) && fig_desc(f)->unit == FU_SHARE;
    fmt_number_da(n, share ? o->target * 100 : o->target, 0);
    return arena_printf(
        a, "%s %s%s%s%s", o->better && strcmp(o->better, "higher") == 0 ? "mindst" : "højst", n,
        share ? " %" : "", o->target_note ? " – " : "", o->target_note ? o->target_note : "");
}

static void
ladder_figures(struct doc *d, const struct note_data *n)
{
    const struct config *cfg = n->cfg;
    const struct fig_table *t = n->year_t;
    doc_add(d, B_SUBHEADING, "Indsatstrappen");
    /* Children on steps 1.. at each month's end. */
    size_t ns = 0;
    const char **labels = arena_alloc(d->a, cfg->nsteps * sizeof(*labels));
    double *y = arena_alloc(d->a, cfg->nsteps * (t->nseries ? t->nseries : 1) * sizeof(*y));
    for (size_t k = 1; k < cfg->nsteps; k++) {
        bool any = false;
        for (size_t j = 0; j < t->nseries; j++) {
            int64_t v = t->series[j * t->nsteps + k];
            y[ns * t->nseries + j] = v < 0 ? NAN : (double)v;
            any = any || v != 0;
        }
        if (!any)
            continue;
        labels[ns++] = arena_printf(d->a, "%d %s", cfg->steps[k].step, cfg->steps[k].name_da);
    }
    struct block *b =
        doc_add(d, B_LINES,
                arena_printf(d->a, "Børn på trin 1-6 ved udgangen af hver måned i %d", n->year));
    b->x = t->series_days;
    b->nx = t->nseries;
    b->ns = ns;
    b->series_labels = labels;
    b->y = y;
    b->axis = "Børn";
    const char *heads[] = { "Trin", arena_printf(d->a, "31. december %d", n->year),
                            arena_printf(d->a, "31. december %d", n->year - 1),
                            arena_printf(d->a, "Mediantid på trinnet %d", n->year) };
    struct block *tb = doc_table(d, "Børn på hvert trin og tid på trinnet", heads, 4);
    for (size_t k = 0; k < cfg->nsteps; k++) {
        const char *row[4] = {
            arena_printf(d->a, "%d %s", cfg->steps[k].step, cfg->steps[k].name_da),
            value_with_count(d->a, t, FIG_ladder_children, k),
            value_with_count(d->a, n->before_t, FIG_ladder_children, k),
            value_with_count(d->a, t, FIG_ladder_median_days, k),
        };
        doc_row(d, tb, row);
    }

    const enum fig_id flows[] = { FIG_ladder_up, FIG_ladder_down, FIG_ladder_net_down,
                                  FIG_ladder_start_low };

    compare_table(d, n, "Bevægelser på trappen i året", flows, NULL, ARRAY_SIZE(flows));
}

static void
placement_figures(struct doc *d, const struct note_data *n)
{
    const struct config *cfg = n->cfg;
    doc_add(d, B_SUBHEADING, "Anbringelser");
    struct block *b = doc_add(d, B_BARS,
                              arena_printf(d->a,
                                           "Anbragte børn efter anbringelsesform 31. december "
                                           "%d (◆ = mål fra strategiens målsætninger)",
                                           n->year));
    b->bars = arena_alloc(d->a, (cfg->nclasses ? cfg->nclasses : 1) * sizeof(*b->bars));
    b->nbars = cfg->nclasses;
    b->percent = true;
    b->axis = "Andel af de anbragte";
    const char *heads[] = { "Anbringelsesform", "Anbragte 31. december", "Nye anbringelser i året",
                            "Mål" };
    for (size_t k = 0; k < cfg->nclasses; k++) {
        const struct fig_value *v = cell(n->year_t, FIG_placement_stock, k);
        const struct strategy_objective *o = objective_for(n->s, cfg, FIG_placement_stock, k);
        char buf[FIG_TEXT_BUF];
        b->bars[k].label = cfg->classes[k].name_da;
        b->bars[k].missing = !v || v->suppressed || v->empty;
        b->bars[k].value = v ? v->value : 0;
        b->bars[k].text =
            v ? arena_strdup(d->a, fig_value_text(buf, fig_desc(FIG_placement_stock), v)) : "";
        b->bars[k].target = o ? o->target : NAN;
    }
    struct block *t = doc_table(d, "Anbringelsesformer", heads, 4);
    for (size_t k = 0; k < cfg->nclasses; k++) {
        const struct strategy_objective *o = objective_for(n->s, cfg, FIG_placement_stock, k);
        const char *row[4] = { cfg->classes[k].name_da,
                               value_with_count(d->a, n->year_t, FIG_placement_stock, k),
                               value_with_count(d->a, n->year_t, FIG_placement_new, k),
                               o ? target_text(d->a, cfg, o) : "" };
        doc_row(d, t, row);
    }

    const enum fig_id more[] = { FIG_placement_moves, FIG_foster_breakdowns,
                                 FIG_placement_no_consent };

    compare_table(d, n, "Skift, sammenbrud og samtykke", more, NULL, ARRAY_SIZE(more));
}

static void
other_figures(struct doc *d, const struct note_data *n)
{
    const struct config *cfg = n->cfg;
    doc_add(d, B_SUBHEADING, "Barnets stemme og tidlig hjælp");

    const enum fig_id voice[] = { FIG_voice_conversation,  FIG_voice_exception,
                                  FIG_voice_child_rated,   FIG_early_assessed_24h,
                                  FIG_early_assessment_4m, FIG_early_days_to_measure };

    compare_table(d, n, "Barnets stemme og tidlig hjælp", voice, NULL, ARRAY_SIZE(voice));

    doc_add(d, B_SUBHEADING, "Frister");
    const char *fh[] = { "Regel", arena_printf(d->a, "Overholdt til tiden %d", n->year),
                         arena_printf(d->a, "%d", n->year - 1) };
    struct block *ft = doc_table(d, "Lovpligtige frister med forfald i året", fh, 3);
    const char *all[3] = { "Alle frister",
                           value_with_count(d->a, n->year_t, FIG_deadlines_all_on_time, 0),
                           value_with_count(d->a, n->before_t, FIG_deadlines_all_on_time, 0) };
    doc_row(d, ft, all);
    for (size_t r = 0; r < cfg->nrules; r++) {
        const struct fig_value *v = cell(n->year_t, FIG_deadlines_on_time, r);
        if (!v || (v->empty && !v->suppressed))
            continue;
        const char *row[3] = {
            arena_printf(d->a, "%s (%s)%s", cfg->rules[r].name_da, cfg->rules[r].paragraph,
                         cfg->rules[r].conf == CONF_U ? " – ikke verificeret" : ""),
            value_with_count(d->a, n->year_t, FIG_deadlines_on_time, r),
            value_with_count(d->a, n->before_t, FIG_deadlines_on_time, r),
        };
        doc_row(d, ft, row);
    }

    doc_add(d, B_SUBHEADING, "Effekt");
    const char *eh[] = { "Indsatstype (trin)", "Mål nået", "Fremgang i vurderingen (0-10)",
                         "Lavere trin efter 12 måneder" };
    struct block *et =
        doc_table(d, arena_printf(d->a, "Effekt efter indsatstype i %d", n->year), eh, 4);
    for (size_t k = 0; k < cfg->ncatalogue; k++) {
        const struct fig_value *a = cell(n->year_t, FIG_effect_goals_reached, k);
        const struct fig_value *b = cell(n->year_t, FIG_effect_step_down_12m, k);
        if ((a->empty && !a->suppressed) && (b->empty && !b->suppressed))
            continue;
        const char *row[4] = {
            arena_printf(d->a, "%s (trin %d)", cfg->catalogue[k].name_da, cfg->catalogue[k].step),
            value_with_count(d->a, n->year_t, FIG_effect_goals_reached, k),
            value_with_count(d->a, n->year_t, FIG_effect_score_change, k),
            value_with_count(d->a, n->year_t, FIG_effect_step_down_12m, k),
        };
        doc_row(d, et, row);
    }

    doc_add(d, B_SUBHEADING, "Udgifter");
    struct block *b =
        doc_add(d, B_BARS, arena_printf(d->a, "Udgift til indsatser i %d efter trin", n->year));
    b->bars = arena_alloc(d->a, cfg->nsteps * sizeof(*b->bars));
    b->axis = "Kroner";
    const char *ch[] = { "Trin", arena_printf(d->a, "%d", n->year),
                         arena_printf(d->a, "%d", n->year - 1) };
    struct block *ct = NULL;
    for (size_t k = 1; k < cfg->nsteps; k++) {
        const struct fig_value *v = cell(n->year_t, FIG_cost_by_step, k);
        char buf[FIG_TEXT_BUF];
        struct doc_bar *bar = &b->bars[b->nbars++];
        bar->label = arena_printf(d->a, "%d %s", cfg->steps[k].step, cfg->steps[k].name_da);
        bar->missing = v->suppressed || v->empty;
        bar->value = v->value;
        bar->text = arena_strdup(d->a, fig_value_text(buf, fig_desc(FIG_cost_by_step), v));
        bar->target = NAN;
    }
    ct = doc_table(d, "Udgift efter trin (antal indsatser med takst i parentes)", ch, 3);
    for (size_t k = 1; k < cfg->nsteps; k++) {
        const char *row[3] = { arena_printf(d->a, "%d %s", cfg->steps[k].step,
                                            cfg->steps[k].name_da),
                               value_with_count(d->a, n->year_t, FIG_cost_by_step, k),
                               value_with_count(d->a, n->before_t, FIG_cost_by_step, k) };
        doc_row(d, ct, row);
    }

    doc_add(d, B_SUBHEADING, "Strategiens målsætninger");
    const char *oh[] = { "Målsætning", "Nøgletal", arena_printf(d->a, "%d", n->year), "Mål" };
    struct block *ot = doc_table(d, "Målsætningerne og deres nøgletal", oh, 4);
    for (size_t i = 0; i < n->s->nobjectives; i++) {
        const struct strategy_objective *o = &n->s->objectives[i];
        enum fig_id f;
        size_t dim;
        bool known = o->indicator && fig_indicator_find(cfg, o->indicator, &f, &dim);
        const char *row[4] = {
            arena_printf(d->a, "%s · %s%s", o->parent_code, o->title,
                         o->example ? " (syntetisk eksempel)" : ""),
            !known ? "–"
            : fig_desc(f)->dim == FD_NONE
                ? fig_desc(f)->name_da
                : arena_printf(d->a, "%s: %s", fig_desc(f)->name_da,
                               fig_dim_label_da(cfg, fig_desc(f)->dim, dim)),
            known ? value_with_count(d->a, n->year_t, f, dim) : "–",
            target_text(d->a, cfg, o),
        };
        doc_row(d, ot, row);
    }
}

static void
definitions(struct doc *d)
{
    doc_add(d, B_HEADING, "Sådan er tallene beregnet");
    const char *items[FIG__COUNT];
    for (int f = 0; f < FIG__COUNT; f++) {
        const struct fig_desc *x = fig_desc((enum fig_id)f);
        items[f] = x->numerator_da && x->denominator_da
                       ? arena_printf(d->a, "%s: %s Tæller: %s. Nævner: %s.", x->name_da,
                                      x->definition_da, x->numerator_da, x->denominator_da)
                       : arena_printf(d->a, "%s: %s", x->name_da, x->definition_da);
    }
    doc_list(d, B_LIST, items, FIG__COUNT);
    doc_add(d, B_SMALL, FIG_SUPPRESSION_NOTE_DA);
}

static const char *
title_of(struct arena *a, const struct config *cfg, const struct note_data *n)
{
    const char *t = config_note(cfg, "title");
    return arena_printf(a, "%s %d%s%s", t ? t : "Status", n->year, n->team ? " – " : "",
                        n->team ? n->team : "");
}

void
note_status_doc(const struct note_data *n, struct arena *a, struct doc *d)
{
    const struct config *cfg = n->cfg;
    doc_init(d, a, title_of(a, cfg, n));
    d->footer = arena_printf(a,
                             "Udarbejdet %s af trappe ud fra sagernes data. Tal under 5 er "
                             "udeladt.",
                             date_da(a, n->made));
    doc_add(d, B_SMALL, "Notat");
    doc_add(d, B_TITLE, d->title);
    paras(d, cfg, "intro");
    paras(d, cfg, "target_group");
    list(d, cfg, "target_category", B_NUMBERED);
    paras(d, cfg, "vision_intro");
    list(d, cfg, "vision", B_LIST);
    paras(d, cfg, "areas_intro");
    list(d, cfg, "area", B_NUMBERED);
    doc_add(d, B_SUBHEADING, "Indsatstrappen");
    paras(d, cfg, "ladder");
    list(d, cfg, "principle", B_NUMBERED);
    const char *lh[] = { "Trin", "Navn", "Eksempler" };
    struct block *lt = doc_table(d, "Indsatstrappens trin", lh, 3);
    for (size_t k = 0; k < cfg->nsteps; k++) {
        const char *row[3] = { arena_printf(a, "%d", cfg->steps[k].step), cfg->steps[k].name_da,
                               cfg->steps[k].examples };
        doc_row(d, lt, row);
    }
    const char *title = config_note(cfg, "title");
    doc_add(d, B_HEADING,
            arena_printf(a, "Status på implementering af %s",
                         title && strstr(title, "politikken") ? strstr(title, "politikken")
                                                              : "politikken"));
    paras(d, cfg, "status_intro");
    const char *sh[] = { "Tema", "Indhold/tiltag", "Status" };
    struct block *st =
        doc_table(d, arena_printf(a, "Tiltag og status ved udgangen af %d", n->year), sh, 3);
    for (size_t i = 0; i < n->s->nactions; i++) {
        const struct strategy_action *x = &n->s->actions[i];
        const char *row[3] = { x->theme, x->content ? x->content : "",
                               status_at_year_end(a, n->s, x, n->year) };
        doc_row(d, st, row);
    }
    doc_add(d, B_HEADING, arena_printf(a, "Årets tal %d", n->year));
    paras(d, cfg, "figures_intro");
    ladder_figures(d, n);
    placement_figures(d, n);
    other_figures(d, n);
    definitions(d);
}

void
note_agenda_doc(const struct note_data *n, struct arena *a, struct doc *d)
{
    const struct config *cfg = n->cfg;
    const char *t = config_note(cfg, "title");
    doc_init(d, a,
             arena_printf(a, "Status på arbejdet med implementeringen af %s %d",
                          t && strstr(t, "politikken") ? strstr(t, "politikken") : "politikken",
                          n->year));
    d->footer = arena_printf(a, "Udarbejdet %s af trappe.", date_da(a, n->made));
    doc_add(d, B_TITLE, d->title);
    doc_add(d, B_SMALL, "Åben sag");
    doc_add(d, B_SUBHEADING, "Sagsgang");
    paras(d, cfg, "agenda_route");
    doc_add(d, B_SUBHEADING, "Sagsfremstilling");
    paras(d, cfg, "agenda_presentation");
    /* The year in a few live numbers. */
    char a1[FIG_TEXT_BUF], a2[FIG_TEXT_BUF], a3[FIG_TEXT_BUF], a4[FIG_TEXT_BUF];
    const struct fig_value *v1 = cell(n->year_t, FIG_ladder_net_down, 0);
    const struct fig_value *v2 = cell(n->year_t, FIG_voice_conversation, 0);
    const struct fig_value *v3 = cell(n->year_t, FIG_early_assessed_24h, 0);
    const struct fig_value *v4 = cell(n->year_t, FIG_deadlines_all_on_time, 0);
    doc_add(d, B_PARA,
            arena_printf(a,
                         "Af årets nøgletal fremgår blandt andet: nettobevægelsen ned ad "
                         "indsatstrappen var %s børn; %s af afgørelserne blev truffet efter en "
                         "børnesamtale; %s af underretningerne blev vurderet inden 24 timer; %s af "
                         "de lovpligtige frister blev overholdt til tiden. Tallene og deres "
                         "definitioner står i notatet.",
                         fig_value_text(a1, fig_desc(FIG_ladder_net_down), v1),
                         fig_value_text(a2, fig_desc(FIG_voice_conversation), v2),
                         fig_value_text(a3, fig_desc(FIG_early_assessed_24h), v3),
                         fig_value_text(a4, fig_desc(FIG_deadlines_all_on_time), v4)));
    doc_add(d, B_SUBHEADING, "Sammenhæng til andre politikker/strategier og fagområder");
    paras(d, cfg, "agenda_relation");
    doc_add(d, B_SUBHEADING, "Økonomiske konsekvenser");
    paras(d, cfg, "agenda_economy");
    doc_add(d, B_SUBHEADING, "Indstilling");
    paras(d, cfg, "agenda_recommendation");
    doc_add(d, B_SUBHEADING, "Beslutning i Børne- og Ungdomsudvalget den ");
    doc_add(d, B_SMALL, "Udfyldes efter mødet.");
    doc_add(d, B_SUBHEADING, "Fraværende:");
    doc_add(d, B_SMALL, "Udfyldes efter mødet.");
    doc_add(d, B_SUBHEADING, "Bilag:");
    const char *bilag[] = { arena_printf(a, "1 - Åben - Notat - %s", title_of(a, cfg, n)) };
    doc_list(d, B_LIST, bilag, 1);
}
