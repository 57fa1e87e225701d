/*
 * test_figures.c - the leaders' key figures (domain/figures.c) on small histories written here,
 * each expected value worked out by hand in the comment beside it: a child who goes up the ladder
 * and comes back down, a move on 1 January, a same-day handover, a day, month and hour rate, the
 * child's voice, early help, effect, splits, and the suppression of counts below 5.
 */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>

#include "domain/figures.h"
#include "json/json.h"
#include "testlib.h"

static struct config cfg;
static struct arena *arena;
struct history;
/* Every history the tests made, for parts_add_up_to_the_pass (run last). */
static struct history *made[64];
static size_t nmade;

static int
setup(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    arena = arena_new(0);
    if (config_load(&cfg, test_config_dir(), &why) != OK) {
        fprintf(stderr, "%s\n", strbuf_str(&why));
        return -1;
    }
    strbuf_release(&why);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    config_release(&cfg);
    arena_free(arena);
    return 0;
}

/* One child's history from JSON Lines (the child first), as store_each_child hands it over. */
struct history {
    struct child_records cr;
    struct record child;
    struct record recs[RT__COUNT][16];
};

static struct history *
history(const char *const *lines)
{
    struct history *h = arena_alloc(arena, sizeof(*h));
    memset(h, 0, sizeof(*h));
    for (size_t i = 0; lines[i]; i++) {
        struct record r;
        struct strbuf why = STRBUF_INIT;
        if (json_record_decode(lines[i], strlen(lines[i]), arena, &r, &why) != OK)
            fail_msg("%s: %s", lines[i], strbuf_str(&why));
        strbuf_release(&why);
        record_fill_defaults(&r, &cfg);
        if (r.desc->type == RT_child) {
            h->child = r;
            continue;
        }
        enum record_type t = r.desc->type;
        h->recs[t][h->cr.n[t]++] = r;
    }
    h->cr.child = &h->child;
    for (int t = 0; t < RT__COUNT; t++)
        h->cr.recs[t] = h->recs[t];
    if (nmade < sizeof(made) / sizeof(made[0]))
        made[nmade++] = h;
    return h;
}

static struct fig_table
run(struct fig_query q, struct history **hs, size_t n, bool suppress)
{
    struct fig_acc *acc = fig_acc_new(&cfg, &q);
    struct arena *scratch = arena_new(0);
    for (size_t i = 0; i < n; i++) {
        arena_reset(scratch);
        fig_acc_child(acc, &hs[i]->cr, scratch);
    }
    struct fig_table t;
    fig_acc_finish(acc, suppress, arena, &t);
    fig_acc_free(acc);
    arena_free(scratch);
    return t;
}

static const struct fig_value *
value(const struct fig_table *t, size_t group, enum fig_id f, const char *dim)
{
    const struct fig_desc *d = fig_desc(f);
    size_t k = 0;
    char buf[16];
    if (dim)
        while (k < fig_dim_count(&cfg, d->dim) && strcmp(fig_dim_code(&cfg, d->dim, k, buf), dim))
            k++;
    int c = fig_column_of(t, f, k);
    assert_true(c >= 0);
    return fig_cell(t, group, (size_t)c);
}

#define Y2025            \
    {                    \
        { 2025, 1, 1 },  \
        {                \
            2025, 12, 31 \
        }                \
    }

#define CHILD(id, birth, sex)                                                   \
    "{\"type\":\"child\",\"id\":" #id ",\"name\":\"B\",\"birth_date\":\"" birth \
    "\",\"sex\":\"" sex "\"}"
#define CASE(id, child, team)                                                                  \
    "{\"type\":\"case\",\"id\":" #id ",\"child_id\":" #child ",\"caseworker\":\"rg-" #id "\"," \
    "\"team\":\"" team "\",\"opened\":\"2023-01-01\"}"
#define IV(id, child, code, start, rest)                                                           \
    "{\"type\":\"intervention\",\"id\":" #id ",\"child_id\":" #child ",\"catalogue_code\":\"" code \
    "\",\"start\":\"" start "\"" rest "}"

/* Up and back down: a child's stays on each step, the net direction and the courses begun. */
static void
ladder_up_and_back_down(void **state)
{
    (void)state;
    /* A: step 2 from 2024-06-01, step 3 from 2025-03-01, step 2 again from 2025-09-01: the same
     * step at both ends of 2025 (neither up nor down); stays that ended in 2025: step 2 of 273
     * days (2024-06-01 .. 2025-02-28), step 3 of 184 days (2025-03-01 .. 2025-08-31). */
    const char *a[] = { CHILD(1, "2015-03-01", "female"),
                        CASE(1, 1, "Team Nord"),
                        IV(1, 1, "bl30-1", "2024-06-01", ",\"end\":\"2025-02-28\""),
                        IV(2, 1, "bl32-5", "2025-03-01", ",\"end\":\"2025-08-31\""),
                        IV(3, 1, "bl30-1", "2025-09-01", ""),
                        NULL };
    /* B: nothing, then step 3 from 2025-05-10: up, and a course begun in 2025 on step 3. */
    const char *b[] = { CHILD(2, "2012-01-01", "male"), CASE(2, 2, "Team Syd"),
                        IV(4, 2, "bl32-3", "2025-05-10", ""), NULL };
    /* C: placed on step 5 from 2023-01-01 to 2025-06-30 (912 days), then step 3: down. */
    const char *c[] = {
        CHILD(3, "2010-01-01", "male"), CASE(3, 3, "Team Syd"),
        IV(5, 3, "anb-almen-pleje", "2023-01-01",
           ",\"end\":\"2025-06-30\",\"end_reason\":\"stepped_down\",\"consent\":true"),
        IV(6, 3, "bl32-3", "2025-07-01", ""), NULL
    };
    struct history *hs[] = { history(a), history(b), history(c) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 3, false);
    assert_int_equal(value(&t, 0, FIG_ladder_up, NULL)->value, 1);
    assert_int_equal(value(&t, 0, FIG_ladder_down, NULL)->value, 1);
    assert_int_equal(value(&t, 0, FIG_ladder_net_down, NULL)->value, 0);
    assert_int_equal(value(&t, 0, FIG_ladder_children, "2")->value, 1);
    assert_int_equal(value(&t, 0, FIG_ladder_children, "3")->value, 2);
    assert_true(value(&t, 0, FIG_ladder_children, "5")->empty);
    assert_int_equal(value(&t, 0, FIG_open_cases, NULL)->value, 3);
    assert_int_equal(value(&t, 0, FIG_ladder_median_days, "2")->value, 273);
    assert_int_equal(value(&t, 0, FIG_ladder_median_days, "3")->value, 184);
    assert_int_equal(value(&t, 0, FIG_ladder_median_days, "5")->value, 912);
    const struct fig_value *low = value(&t, 0, FIG_ladder_start_low, NULL);
    assert_int_equal(low->num, 1);
    assert_int_equal(low->den, 1);

    /* Split by team: A in Team Nord; B (up) and C (down) in Team Syd, net 0 there. */
    t = run((struct fig_query){ Y2025, FS_TEAM, NULL, NULL, 0 }, hs, 3, false);
    assert_int_equal(t.ngroups, 3);
    assert_string_equal(t.groups[1], "Team Nord");
    assert_string_equal(t.groups[2], "Team Syd");
    assert_int_equal(value(&t, 1, FIG_ladder_children, "2")->value, 1);
    assert_int_equal(value(&t, 2, FIG_ladder_children, "3")->value, 2);
    assert_int_equal(value(&t, 2, FIG_ladder_up, NULL)->value, 1);
    assert_int_equal(value(&t, 2, FIG_ladder_down, NULL)->value, 1);
    assert_true(value(&t, 1, FIG_ladder_up, NULL)->empty);

    /* A team leader's query sees Team Syd's children only. */
    t = run((struct fig_query){ Y2025, FS_NONE, "Team Syd", NULL, 0 }, hs, 3, false);
    assert_int_equal(value(&t, 0, FIG_ladder_children, "3")->value, 2);
    assert_true(value(&t, 0, FIG_ladder_children, "2")->empty);

    /* The series: children per step on two days. On 2025-04-01 A is on step 3 and C on step
     * 5; on 2025-12-31 A is on 2, B and C on 3. */
    struct date days[] = { { 2025, 4, 1 }, { 2025, 12, 31 } };
    t = run((struct fig_query){ Y2025, FS_NONE, NULL, days, 2 }, hs, 3, false);
    assert_int_equal(t.series[0 * t.nsteps + 3], 1);
    assert_int_equal(t.series[0 * t.nsteps + 5], 1);
    assert_int_equal(t.series[1 * t.nsteps + 2], 1);
    assert_int_equal(t.series[1 * t.nsteps + 3], 2);
}

/* A change of placement on 1 January and a same-day handover are moves, not new placements,
 * whatever end reason was picked; a foster placement that ends otherwise than by plan breaks
 * down. */
static void
placements_move_on_new_year_and_same_day(void **state)
{
    (void)state;
    /* D: foster family 2024-03-01 .. 2024-12-31 ("changed_type"), children's home from
     * 2025-01-01: a move in 2025, not a new placement. */
    const char *d[] = {
        CHILD(4, "2011-01-01", "male"), CASE(4, 4, "Team Nord"),
        IV(7, 4, "anb-almen-pleje", "2024-03-01",
           ",\"end\":\"2024-12-31\",\"end_reason\":\"changed_type\",\"consent\":true"),
        IV(8, 4, "anb-boerne-ungehjem", "2025-01-01", ",\"consent\":true"), NULL
    };
    /* E: network family 2025-02-01 .. 2025-05-15 ("other": a breakdown), a foster family from
     * the same day: the first is new (with consent), the second a move. */
    const char *e[] = { CHILD(5, "2013-01-01", "female"), CASE(5, 5, "Team Nord"),
                        IV(9, 5, "anb-netvaerk", "2025-02-01",
                           ",\"end\":\"2025-05-15\",\"end_reason\":\"other\",\"consent\":true"),
                        IV(10, 5, "anb-almen-pleje", "2025-05-15", ",\"consent\":true"), NULL };
    /* F: children's home without consent 2025-03-01 .. 2025-04-30, stepped down: new. */
    const char *f[] = {
        CHILD(6, "2009-01-01", "male"), CASE(6, 6, "Team Nord"),
        IV(11, 6, "anb-boerne-ungehjem", "2025-03-01",
           ",\"end\":\"2025-04-30\",\"end_reason\":\"stepped_down\",\"consent\":false"),
        NULL
    };
    struct history *hs[] = { history(d), history(e), history(f) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 3, false);
    /* New in 2025: E's network placement and F's: 2; D's and E's second are moves. */
    const struct fig_value *v = value(&t, 0, FIG_placement_new, "network");
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 2);
    v = value(&t, 0, FIG_placement_new, "childrens_home");
    assert_int_equal(v->num, 1);
    v = value(&t, 0, FIG_placement_new, "foster");
    assert_int_equal(v->num, 0);
    /* Placed in 2025: D, E, F; moved: D and E. */
    v = value(&t, 0, FIG_placement_moves, NULL);
    assert_int_equal(v->num, 2);
    assert_int_equal(v->den, 3);
    /* Without consent: F's of the two new ones. */
    v = value(&t, 0, FIG_placement_no_consent, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 2);
    /* Family placements ended in 2025: E's network one, by "other": 1 of 1. */
    v = value(&t, 0, FIG_foster_breakdowns, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 1);
    /* The stock on 31 December: D in a children's home, E in a foster family. */
    assert_int_equal(value(&t, 0, FIG_placement_stock, "childrens_home")->num, 1);
    assert_int_equal(value(&t, 0, FIG_placement_stock, "foster")->num, 1);
    assert_int_equal(value(&t, 0, FIG_placement_stock, "foster")->den, 2);
    /* In 2024 D's foster placement ended by a change of type: a breakdown of 1, and it was new. */
    struct fig_query q2024 = { { { 2024, 1, 1 }, { 2024, 12, 31 } }, FS_NONE, NULL, NULL, 0 };
    t = run(q2024, hs, 3, false);
    assert_int_equal(value(&t, 0, FIG_foster_breakdowns, NULL)->num, 1);
    assert_int_equal(value(&t, 0, FIG_placement_new, "foster")->num, 1);
    assert_true(value(&t, 0, FIG_placement_stock, "foster")->empty == false);
    assert_int_equal(value(&t, 0, FIG_placement_stock, "foster")->den, 1);
}

/* Every rate unit is converted: day, month, year, hour (4 hours a week by default), once. */
static void
cost_converts_every_rate_unit(void **state)
{
    (void)state;
    const char *g[] = {
        CHILD(7, "2014-01-01", "female"),
        /* 10 days at 1,000 a day: 10,000. */
        IV(12, 7, "bl32-3", "2025-12-01",
           ",\"end\":\"2025-12-10\",\"rate_dkk\":1000,\"rate_unit\":\"day\""),
        /* 61 days (1 Nov - 31 Dec) of 36,500 a year: 6,100. */
        IV(13, 7, "bl32-5", "2025-11-01", ",\"rate_dkk\":36500,\"rate_unit\":\"year\""),
        /* 31 days of 3,000 a month: 3,000 x 12 x 31 / 365 = 3,057.53. */
        IV(14, 7, "bl32-2", "2025-12-01", ",\"rate_dkk\":3000,\"rate_unit\":\"month\""),
        /* 7 days at 500 an hour, 4 hours a week: 2,000. */
        IV(15, 7, "bl30-1", "2025-12-25", ",\"rate_dkk\":500,\"rate_unit\":\"hour\""),
        /* Once, 2,500, started in the period: 2,500; one started before it: nothing. */
        IV(16, 7, "bl35-3", "2025-06-01",
           ",\"end\":\"2025-06-01\",\"rate_dkk\":2500,\"rate_unit\":\"once\""),
        IV(17, 7, "bl35-3", "2024-06-01",
           ",\"end\":\"2025-02-01\",\"rate_dkk\":9999,\"rate_unit\":\"once\""),
        NULL
    };
    struct history *hs[] = { history(g) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 1, false);
    double step3 = 10000 + 6100 + 3000.0 * 12 * 31 / 365;
    assert_true(fabs(value(&t, 0, FIG_cost_by_step, "3")->value - step3) < 0.01);
    assert_int_equal(value(&t, 0, FIG_cost_by_step, "3")->n, 3);
    assert_true(fabs(value(&t, 0, FIG_cost_by_step, "2")->value - (2000 + 2500)) < 0.01);
    assert_true(fabs(value(&t, 0, FIG_cost_by_type, "bl32-3")->value - 10000) < 0.01);
    assert_true(fabs(value(&t, 0, FIG_cost_by_type, "bl32-5")->value - 6100) < 0.01);
    assert_true(fabs(value(&t, 0, FIG_cost_by_type, "bl35-3")->value - 2500) < 0.01);
}

/* The child's voice and early help, on one child. */
static void
voice_and_early_help(void **state)
{
    (void)state;
    const char *h[] = {
        CHILD(8, "2013-05-05", "female"),
        "{\"type\":\"conversation\",\"id\":20,\"child_id\":8,\"date\":\"2025-03-20\","
        "\"bisidder_informed\":true}",
        /* With a conversation two days before; on an exception; with neither. */
        "{\"type\":\"decision\",\"id\":21,\"child_id\":8,\"date\":\"2025-03-22\","
        "\"decision_type\":\"support_s32\",\"legal_basis\":\"§ 32\",\"conversation_id\":20}",
        "{\"type\":\"decision\",\"id\":22,\"child_id\":8,\"date\":\"2025-05-01\","
        "\"decision_type\":\"other\",\"legal_basis\":\"§ 5\",\"exception_reason\":\"Barnet er 2 "
        "måneder\"}",
        "{\"type\":\"decision\",\"id\":23,\"child_id\":8,\"date\":\"2025-06-01\","
        "\"decision_type\":\"other\",\"legal_basis\":\"§ 5\"}",
        /* A decision of 2024 does not count. */
        "{\"type\":\"decision\",\"id\":24,\"child_id\":8,\"date\":\"2024-06-01\","
        "\"decision_type\":\"other\",\"legal_basis\":\"§ 5\",\"conversation_id\":20}",
        /* Received 10:00Z, assessed 23 hours later; assessed after 25 hours; never assessed. */
        "{\"type\":\"notification\",\"id\":25,\"child_id\":8,\"received_at\":\"2025-03-03T10:00:00Z\","
        "\"notifier_type\":\"school\",\"assessed_at\":\"2025-03-04T09:00:00Z\"}",
        "{\"type\":\"notification\",\"id\":26,\"child_id\":8,\"received_at\":\"2025-08-03T10:00:00Z\","
        "\"notifier_type\":\"police\",\"assessed_at\":\"2025-08-04T11:00:00Z\"}",
        "{\"type\":\"notification\",\"id\":27,\"child_id\":8,\"received_at\":\"2025-09-03T10:00:00Z\","
        "\"notifier_type\":\"police\"}",
        /* The first measure after the first notification (3 March): 2 April, 30 days. */
        IV(28, 8, "bl32-3", "2025-04-02", ""),
        "{\"type\":\"plan\",\"id\":29,\"child_id\":8,\"kind\":\"barnets_plan\",\"date\":\"2025-04-10\"}",
        "{\"type\":\"goal\",\"id\":30,\"plan_id\":29,\"child_id\":8,\"text\":\"Skole\"}",
        "{\"type\":\"followup\",\"id\":31,\"goal_id\":30,\"child_id\":8,\"date\":\"2025-05-01\","
        "\"scale\":\"scale_0_10\",\"value\":3,\"rated_by\":\"child\"}",
        "{\"type\":\"followup\",\"id\":32,\"goal_id\":30,\"child_id\":8,\"date\":\"2025-11-01\","
        "\"scale\":\"scale_0_10\",\"value\":8,\"rated_by\":\"caseworker\"}",
        NULL
    };
    struct history *hs[] = { history(h) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 1, false);
    const struct fig_value *v = value(&t, 0, FIG_voice_conversation, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 3);
    v = value(&t, 0, FIG_voice_exception, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 3);
    v = value(&t, 0, FIG_voice_child_rated, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 2);
    v = value(&t, 0, FIG_early_assessed_24h, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 3);
    assert_int_equal(value(&t, 0, FIG_early_days_to_measure, NULL)->value, 30);
    /* U1 (24 hours): met once, late once; the third is overdue on 31 December: 1 of 3. */
    v = value(&t, 0, FIG_deadlines_on_time, "U1");
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 3);
    /* All rules together hold U1's three and more (C1 of the decisions, ...). */
    assert_true(value(&t, 0, FIG_deadlines_all_on_time, NULL)->den > 3);
    /* The goal's last follow-up in 2025 is 8 of 10: reached; from 3 to 8 is +5, under the
     * child's measure on the plan's date (bl32-3). */
    v = value(&t, 0, FIG_effect_goals_reached, "bl32-3");
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 1);
    assert_true(fabs(value(&t, 0, FIG_effect_score_change, "bl32-3")->value - 5.0) < 1e-9);
}

/* A measure's 12-month mark in the period: is the child on a lower step by then? */
static void
step_down_within_twelve_months(void **state)
{
    (void)state;
    /* bl32-5 (step 3) from 2024-03-01 to 2025-01-31, then bl30-1 (step 2): on the 12-month
     * mark, 2025-03-01, the child is on step 2: down. bl30-1 from 2025-02-01: its mark is in
     * 2026, outside the period. */
    const char *h[] = { CHILD(9, "2012-01-01", "male"),
                        IV(40, 9, "bl32-5", "2024-03-01", ",\"end\":\"2025-01-31\""),
                        IV(41, 9, "bl30-1", "2025-02-01", ""), NULL };
    /* bl32-3 (step 3) from 2024-06-01, still running on its mark: not down. */
    const char *k[] = { CHILD(10, "2012-01-01", "male"), IV(42, 10, "bl32-3", "2024-06-01", ""),
                        NULL };
    struct history *hs[] = { history(h), history(k) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 2, false);
    const struct fig_value *v = value(&t, 0, FIG_effect_step_down_12m, "bl32-5");
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 1);
    v = value(&t, 0, FIG_effect_step_down_12m, "bl32-3");
    assert_int_equal(v->num, 0);
    assert_int_equal(v->den, 1);
    assert_true(value(&t, 0, FIG_effect_step_down_12m, "bl30-1")->empty);
}

/* Working across sectors (issue 23), in 2025. */
static void
across_sectors(void **state)
{
    (void)state;
    /* Child 20: a concern and a formal notification in 2025 (a concern in 2024 left out) and one
     * step-1 course begun in 2025 (alm-inklusion, parents' consent) ending 2025-01-31: its 12
     * months run to 2026-01-31, outside the period. A course ended 2024-03-31 reaches its mark
     * 2025-03-31 in the period, and a notification on 2025-02-10 falls inside those 12 months: not
     * "without". */
    const char *a[] = {
        CHILD(20, "2014-01-01", "female"),
        "{\"type\":\"inquiry\",\"id\":1,\"child_id\":20,\"filed_by\":\"skole\",\"filed_at\":"
        "\"2025-03-01T09:00:00Z\",\"kind\":\"concern\",\"notifier_type\":\"school\",\"child_name\":"
        "\"B\",\"child_birth\":\"2014-01-01\",\"seen\":\"x\"}",
        "{\"type\":\"inquiry\",\"id\":2,\"child_id\":20,\"filed_by\":\"skole\",\"filed_at\":"
        "\"2025-09-01T09:00:00Z\",\"kind\":\"formal_notification\",\"notifier_type\":\"school\","
        "\"child_name\":\"B\",\"child_birth\":\"2014-01-01\",\"seen\":\"x\"}",
        "{\"type\":\"inquiry\",\"id\":3,\"child_id\":20,\"filed_by\":\"skole\",\"filed_at\":"
        "\"2024-09-01T09:00:00Z\",\"kind\":\"concern\",\"notifier_type\":\"school\",\"child_name\":"
        "\"B\",\"child_birth\":\"2014-01-01\",\"seen\":\"x\"}",
        IV(50, 20, "alm-inklusion", "2025-01-02",
           ",\"parents_consent\":true,\"end\":\"2025-01-31\""),
        IV(51, 20, "alm-konsultativ", "2024-01-10",
           ",\"parents_consent\":true,\"end\":\"2024-03-31\""),
        "{\"type\":\"notification\",\"id\":5,\"child_id\":20,\"received_at\":"
        "\"2025-02-10T10:00:00Z\",\"notifier_type\":\"school\"}",
        NULL
    };
    /* Child 21 (17 in 2025): a step-1 course ended 2024-06-30, no notification after it: its
     * mark 2025-06-30 is in the period, "without". A task force ended 2025-10-01 with its two
     * actions done by their dates; another ended in 2025 with one action late. */
    const char *b[] = {
        CHILD(21, "2008-05-01", "male"),
        IV(52, 21, "alm-havn", "2024-03-01", ",\"parents_consent\":true,\"end\":\"2024-06-30\""),
        "{\"type\":\"taskforce\",\"id\":1,\"child_id\":21,\"owner\":\"tf\",\"purpose\":\"x\","
        "\"start\":\"2025-01-01\",\"planned_end\":\"2025-12-01\",\"end\":\"2025-10-01\"}",
        "{\"type\":\"taskforce_action\",\"id\":1,\"taskforce_id\":1,\"child_id\":21,\"text\":\"x\","
        "\"department\":\"job_centre\",\"owner\":\"y\",\"due\":\"2025-03-01\",\"done\":"
        "\"2025-03-01\"}",
        "{\"type\":\"taskforce_action\",\"id\":2,\"taskforce_id\":1,\"child_id\":21,\"text\":\"x\","
        "\"department\":\"job_centre\",\"owner\":\"y\",\"due\":\"2025-05-01\",\"done\":"
        "\"2025-04-20\"}",
        "{\"type\":\"taskforce\",\"id\":2,\"child_id\":21,\"owner\":\"tf\",\"purpose\":\"x\","
        "\"start\":\"2025-01-01\",\"planned_end\":\"2025-12-01\",\"end\":\"2025-11-01\"}",
        "{\"type\":\"taskforce_action\",\"id\":3,\"taskforce_id\":2,\"child_id\":21,\"text\":\"x\","
        "\"department\":\"psychiatry\",\"owner\":\"y\",\"due\":\"2025-06-01\",\"done\":"
        "\"2025-07-01\"}",
        NULL
    };
    /* Child 22, 20 on 2025-12-31: contacts in 2025, the latest (2025-11-01) says in work. Child
     * 23, 25 on the end date: outside 18-22, not counted. */
    const char *c[] = {
        CHILD(22, "2005-06-01", "female"),
        "{\"type\":\"aftercare_contact\",\"id\":1,\"child_id\":22,\"date\":\"2025-03-01\","
        "\"form\":\"meeting\",\"topic\":\"work\",\"counsellor\":\"v\",\"status\":\"neither\"}",
        "{\"type\":\"aftercare_contact\",\"id\":2,\"child_id\":22,\"date\":\"2025-11-01\","
        "\"form\":\"phone\",\"topic\":\"work\",\"counsellor\":\"v\",\"status\":\"in_work\"}",
        NULL
    };
    const char *d[] = {
        CHILD(23, "2000-06-01", "female"),
        "{\"type\":\"aftercare_contact\",\"id\":3,\"child_id\":23,\"date\":\"2025-03-01\","
        "\"form\":\"meeting\",\"topic\":\"work\",\"counsellor\":\"v\",\"status\":\"neither\"}",
        NULL
    };
    struct history *hs[] = { history(a), history(b), history(c), history(d) };
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 4, false);
    /* 1 concern in 2025 (the formal notification and the 2024 concern are not counted) per 1
     * course begun in 2025 (child 21's began in 2024). */
    const struct fig_value *v = value(&t, 0, FIG_cross_inquiries_per_course, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 1);
    assert_true(fabs(v->value - 1.0) < 1e-9);
    /* Marks in 2025: child 20's 2024 course (notified: no), child 21's (yes): 1 of 2. */
    v = value(&t, 0, FIG_cross_step1_no_notification, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 2);
    v = value(&t, 0, FIG_cross_taskforce_on_time, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 2);
    v = value(&t, 0, FIG_cross_18_22_education_work, NULL);
    assert_int_equal(v->num, 1);
    assert_int_equal(v->den, 1);
}

/* Counts of 1-4 are suppressed; 0 and 5 or more are shown. */
static void
small_counts_are_suppressed(void **state)
{
    (void)state;
    struct history *hs[7];
    char lines[7][3][256];
    for (int i = 0; i < 7; i++) {
        snprintf(lines[i][0], sizeof(lines[i][0]),
                 "{\"type\":\"child\",\"id\":%d,\"birth_date\":\"2012-01-01\",\"sex\":\"male\"}",
                 100 + i);
        /* Seven new foster placements; the first without consent. */
        snprintf(lines[i][1], sizeof(lines[i][1]),
                 "{\"type\":\"intervention\",\"id\":%d,\"child_id\":%d,\"catalogue_code\":"
                 "\"anb-almen-pleje\",\"start\":\"2025-02-01\",\"consent\":%s}",
                 200 + i, 100 + i, i == 0 ? "false" : "true");
        const char *l[] = { lines[i][0], lines[i][1], NULL };
        hs[i] = history(l);
    }
    struct fig_table t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs, 7, true);
    /* 1 of 7 without consent: the numerator is 1: suppressed, with nothing of it shown. */
    const struct fig_value *v = value(&t, 0, FIG_placement_no_consent, NULL);
    assert_true(v->suppressed);
    assert_true(v->num == 0 && v->den == 0 && v->value == 0);
    assert_true(t.suppressed);
    /* 7 of 7 in foster families: shown; 0 of 7 in a network family: shown as 0. */
    v = value(&t, 0, FIG_placement_stock, "foster");
    assert_false(v->suppressed);
    assert_int_equal(v->num, 7);
    v = value(&t, 0, FIG_placement_stock, "network");
    assert_false(v->suppressed);
    assert_false(v->empty);
    assert_int_equal(v->num, 0);
    /* 7 children on step 5: shown; the series hides nothing here. */
    assert_int_equal(value(&t, 0, FIG_ladder_children, "5")->value, 7);
    /* Four children: every count of them is below 5. */
    t = run((struct fig_query){ Y2025, FS_NONE, NULL, NULL, 0 }, hs + 3, 4, true);
    assert_true(value(&t, 0, FIG_ladder_children, "5")->suppressed);
    assert_true(value(&t, 0, FIG_placement_stock, "foster")->suppressed);
    /* 0 of 4 without consent: the denominator is 4, so not even the 0 is shown. */
    assert_true(value(&t, 0, FIG_placement_no_consent, NULL)->suppressed);
}

/* Every figure has a Danish name and definition, and the ids are unique. */
/* The parts of a year, built as app/figures.c builds them: per family, key -> the sum. */
struct parts {
    size_t n[FIG_FAMILIES];
    char *key[FIG_FAMILIES][64];
    struct fig_acc *acc[FIG_FAMILIES][64];
};

static void
build_parts(struct parts *p, int year, struct history **hs, size_t n)
{
    memset(p, 0, sizeof(*p));
    struct fig_acc *part = fig_year_new(&cfg, year);
    struct arena *scratch = arena_new(0);
    struct strbuf keys[FIG_FAMILIES] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
    for (size_t i = 0; i < n; i++) {
        arena_reset(scratch);
        fig_acc_reset(part);
        fig_acc_child(part, &hs[i]->cr, scratch);
        fig_acc_keys(part, &hs[i]->cr, keys);
        for (int f = 0; f < FIG_FAMILIES; f++) {
            size_t k = 0;
            while (k < p->n[f] && strcmp(p->key[f][k], strbuf_str(&keys[f])) != 0)
                k++;
            if (k == p->n[f]) {
                p->key[f][k] = arena_strdup(arena, strbuf_str(&keys[f]));
                p->acc[f][k] = fig_year_new(&cfg, year);
                p->n[f]++;
            }
            fig_acc_add_acc(p->acc[f][k], part);
        }
    }
    for (int f = 0; f < FIG_FAMILIES; f++)
        strbuf_release(&keys[f]);
    fig_acc_free(part);
    arena_free(scratch);
}

static void
free_parts(struct parts *p)
{
    for (int f = 0; f < FIG_FAMILIES; f++)
        for (size_t k = 0; k < p->n[f]; k++)
            fig_acc_free(p->acc[f][k]);
}

/* q answered by folding the parts of each year in ps (encoded and read back, as kept). */
static struct fig_table
fold(struct fig_query q, struct parts *ps, const int *years, size_t nyears, bool suppress)
{
    struct fig_acc *acc = fig_acc_new(&cfg, &q);
    struct strbuf b = STRBUF_INIT;
    int f = fig_acc_family(acc);
    for (size_t y = 0; y < nyears; y++)
        for (size_t k = 0; k < ps[y].n[f]; k++) {
            fig_acc_encode(ps[y].acc[f][k], &b);
            assert_true(fig_acc_fold(acc, years[y], ps[y].key[f][k], b.buf, b.len));
        }
    strbuf_release(&b);
    struct fig_table t;
    fig_acc_finish(acc, suppress, arena, &t);
    fig_acc_free(acc);
    return t;
}

static void
same_table(const struct fig_table *a, const struct fig_table *b)
{
    assert_int_equal(a->ngroups, b->ngroups);
    assert_int_equal(a->ncolumns, b->ncolumns);
    assert_int_equal(a->children, b->children);
    assert_int_equal(a->suppressed, b->suppressed);
    for (size_t g = 1; g < a->ngroups; g++)
        assert_string_equal(a->groups[g], b->groups[g]);
    for (size_t i = 0; i < a->ngroups * a->ncolumns; i++) {
        const struct fig_value *x = &a->v[i], *y = &b->v[i];
        assert_int_equal(x->n, y->n);
        assert_int_equal(x->n_num, y->n_num);
        assert_int_equal(x->empty, y->empty);
        assert_int_equal(x->suppressed, y->suppressed);
        assert_true(fabs(x->value - y->value) <= 1e-6 * (1 + fabs(x->value)));
        assert_true(fabs(x->num - y->num) <= 1e-6 * (1 + fabs(x->num)));
        assert_true(fabs(x->den - y->den) <= 1e-6 * (1 + fabs(x->den)));
    }
    assert_int_equal(a->nseries, b->nseries);
    for (size_t i = 0; i < a->nseries * a->nsteps; i++)
        assert_int_equal(a->series[i], b->series[i]);
}

/* Every history the tests above made, kept in parts of 2024 and 2025: each split, a team, and
 * the series at month ends (2025's, and with no team also 2024's) come out as from the pass over
 * every child; taking a child's part away and adding it back changes nothing; a damaged part or
 * one of another layout is refused. */
static void
parts_add_up_to_the_pass(void **state)
{
    (void)state;
    assert_true(nmade >= 10);
    struct parts ps[2];
    int years[2] = { 2025, 2024 };
    build_parts(&ps[0], 2025, made, nmade);
    build_parts(&ps[1], 2024, made, nmade);
    struct date months[24];
    for (int m = 0; m < 24; m++) {
        int y = m < 12 ? 2024 : 2025, mo = m % 12 + 1;
        months[m] = (struct date){ y, mo, date_days_in_month(y, mo) };
    }
    const char *teams[] = { NULL, "Team Nord", "Team Syd" };
    for (int split = 0; split < FS__COUNT; split++)
        for (size_t k = 0; k < 3; k++) {
            struct fig_query q = { Y2025, (enum fig_split)split, teams[k], &months[12], 12 };
            struct fig_table a = run(q, made, nmade, false), b = fold(q, ps, years, 1, false);
            same_table(&a, &b);
            int year;
            assert_true(fig_query_year(&q, &year));
            assert_int_equal(year, 2025);
        }
    /* Two years of month ends, no team: 2024's points from 2024's parts. */
    struct fig_query q2 = { Y2025, FS_TEAM, NULL, months, 24 };
    struct fig_table a = run(q2, made, nmade, false), b = fold(q2, ps, years, 2, false);
    same_table(&a, &b);
    int year;
    q2.team = "Team Nord"; /* a team's earlier points would be attributed by their own year */
    assert_false(fig_query_year(&q2, &year));
    struct fig_query q3 = { { { 2025, 2, 1 }, { 2025, 12, 31 } }, FS_NONE, NULL, NULL, 0 };
    assert_false(fig_query_year(&q3, &year));

    /* Take the first child's part away from its part of family 2 and add it back. */
    struct fig_acc *part = fig_year_new(&cfg, 2025), *row = fig_year_new(&cfg, 2025);
    struct arena *scratch = arena_new(0);
    struct strbuf keys[FIG_FAMILIES] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
    struct strbuf pb = STRBUF_INIT, rb = STRBUF_INIT;
    fig_acc_child(part, &made[0]->cr, scratch);
    fig_acc_keys(part, &made[0]->cr, keys);
    fig_acc_encode(part, &pb);
    size_t k = 0;
    while (strcmp(ps[0].key[2][k], strbuf_str(&keys[2])) != 0)
        k++;
    fig_acc_encode(ps[0].acc[2][k], &rb);
    assert_true(fig_acc_add_encoded(row, rb.buf, rb.len, 1));
    assert_true(fig_acc_add_encoded(row, pb.buf, pb.len, -1));
    assert_true(fig_acc_add_encoded(row, pb.buf, pb.len, 1));
    fig_acc_free(ps[0].acc[2][k]);
    ps[0].acc[2][k] = row;
    struct fig_query q = { Y2025, FS_SEX, NULL, &months[12], 12 };
    a = run(q, made, nmade, false);
    b = fold(q, ps, years, 1, false);
    same_table(&a, &b);
    /* Taking away what is not there, a cut part, another layout: refused. */
    fig_acc_reset(part);
    assert_false(fig_acc_add_encoded(part, pb.buf, pb.len, -1) &&
                 fig_acc_add_encoded(part, pb.buf, pb.len, -1));
    struct fig_acc *other = fig_acc_new(&cfg, &q3);
    fig_acc_reset(part);
    assert_false(fig_acc_add_encoded(part, pb.buf, pb.len - 3, 1));
    assert_false(fig_acc_fold(other, 2025, strbuf_str(&keys[2]), pb.buf, pb.len - 8));
    assert_false(fig_acc_fold(other, 2025, "x", pb.buf, pb.len));
    fig_acc_free(other);
    for (int f = 0; f < FIG_FAMILIES; f++)
        strbuf_release(&keys[f]);
    strbuf_release(&pb);
    strbuf_release(&rb);
    fig_acc_free(part);
    free_parts(&ps[0]);
    free_parts(&ps[1]);

    /* A split whose table would not fit the caller's arena is found before it is made. */
    struct fig_query qc = { Y2025, FS_CASEWORKER, NULL, NULL, 0 };
    struct fig_acc *acc = fig_acc_new(&cfg, &qc);
    struct arena *small = arena_new(64 * 1024);
    size_t groups = 0;
    for (size_t i = 0; i < nmade; i++) {
        arena_reset(scratch);
        fig_acc_child(acc, &made[i]->cr, scratch);
    }
    assert_false(fig_acc_fits(acc, small, &groups));
    assert_true(groups >= 5);
    assert_true(fig_acc_fits(acc, arena, &groups));
    arena_free(small);
    arena_free(scratch);
    fig_acc_free(acc);
}

static void
the_registry_is_complete(void **state)
{
    (void)state;
    for (int f = 0; f < FIG__COUNT; f++) {
        const struct fig_desc *d = fig_desc((enum fig_id)f);
        assert_true(strlen(d->name_da) > 5 && strlen(d->definition_da) > 40);
        assert_true(d->min_count >= 1);
        enum fig_id back;
        assert_ptr_equal(fig_by_name(d->id, &back), d);
        assert_int_equal(back, f);
        if (d->unit == FU_SHARE)
            assert_true(d->numerator_da && d->denominator_da);
    }
    assert_int_equal(fig_calibration_count(), 18);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ladder_up_and_back_down),
        cmocka_unit_test(placements_move_on_new_year_and_same_day),
        cmocka_unit_test(cost_converts_every_rate_unit),
        cmocka_unit_test(voice_and_early_help),
        cmocka_unit_test(step_down_within_twelve_months),
        cmocka_unit_test(across_sectors),
        cmocka_unit_test(small_counts_are_suppressed),
        cmocka_unit_test(the_registry_is_complete),
        cmocka_unit_test(parts_add_up_to_the_pass),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
