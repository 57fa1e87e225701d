/* test_deadline.c - every deadline rule on its edge cases, and the statuses. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "domain/calendar.h"
#include "domain/deadline.h"
#include "json/json.h"
#include "testlib.h"

static struct config cfg;
static struct arena *arena;
static struct record store_[RT__COUNT][32];
static struct child_records cr;

static int
setup(void **state)
{
    (void)state;
    arena = arena_new(0);
    return config_load(&cfg, test_config_dir(), NULL) == OK ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    config_release(&cfg);
    arena_free(arena);
    return 0;
}

/* Start a case history with a child given as JSON. */
static void
reset(const char *child_json)
{
    memset(&cr, 0, sizeof(cr));
    for (int t = 0; t < RT__COUNT; t++)
        cr.recs[t] = store_[t];
    struct record *c = &store_[RT_child][0];
    assert_int_equal(json_record_decode(child_json, strlen(child_json), arena, c, NULL), OK);
    cr.child = c;
}

static void
add(const char *json)
{
    struct record r;
    struct strbuf why = STRBUF_INIT;
    if (json_record_decode(json, strlen(json), arena, &r, &why) != OK)
        fail_msg("%s: %s", json, strbuf_str(&why));
    record_fill_defaults(&r, &cfg);
    if (record_validate(&r, &cfg, &why) != OK)
        fail_msg("%s: %s", json, strbuf_str(&why));
    store_[r.desc->type][cr.n[r.desc->type]++] = r;
    strbuf_release(&why);
}

static struct asof
day(const char *s)
{
    struct asof at = { { 0, 0, 0 }, 0, false };
    assert_int_equal(date_parse(s, &at.d), OK);
    return at;
}

static struct asof
moment(const char *s)
{
    struct asof at = { { 0, 0, 0 }, 0, true };
    assert_int_equal(datetime_parse(s, &at.t), OK);
    at.d = calendar_cph_date(at.t);
    return at;
}

/* The deadlines of one rule (in computation order); returns how many. */
static size_t
of_rule(const char *rule, struct asof at, struct deadline *out, size_t max)
{
    struct deadline *all;
    size_t n = deadlines_for_child(&cfg, &cr, at, arena, &all), k = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].rule->id, rule) == 0 && k < max)
            out[k++] = all[i];
    return k;
}

static void
assert_due(const struct deadline *d, const char *want)
{
    char buf[DATE_BUF];
    date_format(d->due, buf);
    assert_string_equal(buf, want);
}

#define CHILD "{\"type\":\"child\",\"id\":1,\"name\":\"T\",\"birth_date\":\"2010-06-15\"}"

static void
u1_24_clock_hours_from_friday_15(void **state)
{
    (void)state;
    struct deadline d[4];
    char buf[DATETIME_BUF];
    reset(CHILD);
    /* Friday 1 March 2024 at 15:00 in Copenhagen = 14:00Z. */
    add("{\"type\":\"notification\",\"id\":1,\"child_id\":1,\"received_at\":\"2024-03-01T14:00:00Z\","
        "\"notifier_type\":\"school\"}");
    assert_int_equal(of_rule("U1", moment("2024-03-02T13:00:00Z"), d, 4), 1);
    assert_true(d[0].clock);
    datetime_format(d[0].due_at, buf);
    assert_string_equal(buf, "2024-03-02T14:00:00Z"); /* Saturday 15:00: no move to Monday */
    assert_due(&d[0], "2024-03-02");
    assert_int_equal(d[0].status, DL_DUE_SOON);
    of_rule("U1", moment("2024-03-02T14:00:01Z"), d, 4);
    assert_int_equal(d[0].status, DL_OVERDUE);
    /* As of a whole day: due that day is not yet overdue; the next day it is. */
    of_rule("U1", day("2024-03-02"), d, 4);
    assert_int_equal(d[0].status, DL_DUE_SOON);
    of_rule("U1", day("2024-03-03"), d, 4);
    assert_int_equal(d[0].status, DL_OVERDUE);
    const char *text = deadline_explain_da(&d[0], day("2024-03-04"), arena);
    assert_non_null(strstr(text, "§ 136"));
    assert_non_null(strstr(text, "kl. 15:00"));
    assert_non_null(strstr(text, "). Frist 2.3.2024 kl. 15:00: overskredet med 2 dage."));
    /* The worklist's column says only what its other columns do not. */
    assert_string_equal(deadline_when_da(&d[0], day("2024-03-04"), arena),
                        "Overskredet med 2 dage; frist kl. 15:00.");
    of_rule("U1", moment("2024-03-02T13:00:00Z"), d, 4);
    assert_string_equal(deadline_when_da(&d[0], moment("2024-03-02T13:00:00Z"), arena),
                        "I dag; frist kl. 15:00.");
    assert_string_equal(deadline_when_da(&d[0], moment("2024-02-28T13:00:00Z"), arena),
                        "Om 3 dage; frist kl. 15:00.");
    of_rule("U1", day("2024-03-03"), d, 4);
    /* Met one minute late. */
    cr.n[RT_notification] = 0;
    add("{\"type\":\"notification\",\"id\":1,\"child_id\":1,\"received_at\":\"2024-03-01T14:00:00Z\","
        "\"notifier_type\":\"school\",\"assessed_at\":\"2024-03-02T14:01:00Z\"}");
    of_rule("U1", day("2024-03-10"), d, 4);
    assert_int_equal(d[0].status, DL_MET_LATE);
    text = deadline_explain_da(&d[0], day("2024-03-10"), arena);
    assert_non_null(strstr(text, "). Frist 2.3.2024 kl. 15:00: overholdt for sent 2.3.2024."));
    /* Not known yet as of the morning before. */
    of_rule("U1", moment("2024-03-02T10:00:00Z"), d, 4);
    assert_int_equal(d[0].status, DL_DUE_SOON);
}

static void
u3_six_working_days_to_professionals(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"notification\",\"id\":1,\"child_id\":1,\"received_at\":\"2024-03-27T09:00:00Z\","
        "\"notifier_type\":\"school\"}");
    add("{\"type\":\"notification\",\"id\":2,\"child_id\":1,\"received_at\":\"2024-12-20T09:00:00Z\","
        "\"notifier_type\":\"health\",\"receipt_sent_at\":\"2025-01-06T15:00:00Z\"}");
    add("{\"type\":\"notification\",\"id\":3,\"child_id\":1,\"received_at\":\"2024-12-20T09:00:00Z\","
        "\"notifier_type\":\"anonymous\"}");
    assert_int_equal(of_rule("U3", day("2025-02-01"), d, 4), 3);
    assert_due(&d[0], "2024-04-09"); /* across Easter */
    assert_int_equal(d[0].status, DL_OVERDUE);
    assert_due(&d[1], "2025-01-06"); /* across Christmas and New Year */
    assert_int_equal(d[1].status, DL_MET);
    assert_int_equal(d[2].status, DL_NOT_APPLICABLE); /* not a professional */
    assert_true(d[0].rule->conf == CONF_U);
    const char *text = deadline_explain_da(&d[0], day("2025-02-01"), arena);
    assert_non_null(
        strstr(text, "; reglen er ikke verificeret). Frist 9.4.2024: overskredet med 298 dage."));
    assert_non_null(strstr(deadline_explain_da(&d[1], day("2025-02-01"), arena),
                           "). Frist 6.1.2025: overholdt 6.1.2025."));
    struct deadline late = d[0];
    late.status = DL_MET_LATE;
    late.met_date = (struct date){ 2024, 4, 10 };
    late.note_da = "en note";
    assert_non_null(
        strstr(deadline_explain_da(&late, day("2025-02-01"), arena),
               "). Frist 9.4.2024: overholdt for sent 10.4.2024 (1 dag efter fristen). (en note)"));
    late.met_date = (struct date){ 2024, 4, 12 };
    late.note_da = NULL;
    text = deadline_explain_da(&late, day("2025-02-01"), arena);
    assert_non_null(strstr(text, ": overholdt for sent 12.4.2024 (3 dage efter fristen)."));
    assert_string_equal(deadline_when_da(&late, day("2025-02-01"), arena),
                        "Overholdt for sent 12.4.2024 (3 dage efter fristen).");
    assert_string_equal(deadline_when_da(&d[1], day("2025-02-01"), arena), "Overholdt 6.1.2025.");
    assert_string_equal(deadline_when_da(&d[2], day("2025-02-01"), arena),
                        "Ikke relevant. (betingelsen for reglen er ikke opfyldt)");
    late.status = DL_REMINDER;
    late.note_da = "en note";
    assert_string_equal(deadline_when_da(&late, day("2024-04-08"), arena), "Om 1 dag. (en note)");
    assert_string_equal(deadline_when_da(&late, day("2024-04-12"), arena),
                        "For 3 dage siden. (en note)");
    assert_null(strstr(text, "(en note)"));
    /* Configured to be owed to every notifier. */
    struct deadline_rule *u3 = (struct deadline_rule *)(uintptr_t)config_rule(&cfg, "U3");
    const char *saved = u3->when_field;
    u3->when_field = NULL;
    of_rule("U3", day("2025-02-01"), d, 4);
    assert_int_equal(d[2].status, DL_OVERDUE);
    u3->when_field = saved;
}

static void
b3_b4_four_months(void **state)
{
    (void)state;
    struct deadline d[8];
    reset(CHILD);
    add("{\"type\":\"assessment\",\"id\":1,\"child_id\":1,\"aware_date\":\"2023-10-31\","
        "\"completed\":\"2024-02-29\"}");
    add("{\"type\":\"assessment\",\"id\":2,\"child_id\":1,\"aware_date\":\"2024-10-31\"}");
    add("{\"type\":\"assessment\",\"id\":3,\"child_id\":1,\"aware_date\":\"2024-02-29\","
        "\"provisional_date\":\"2024-07-01\",\"completed\":\"2024-08-15\"}");
    assert_int_equal(of_rule("B3", day("2025-03-10"), d, 8), 3);
    assert_due(&d[0], "2024-02-29"); /* 31 October + 4 months in a leap year */
    assert_int_equal(d[0].status, DL_MET);
    assert_due(&d[1], "2025-02-28");
    assert_int_equal(d[1].status, DL_OVERDUE);
    assert_due(&d[2], "2024-07-01"); /* 29 June 2024 is a Saturday: moved to Monday */
    assert_int_equal(d[2].status, DL_MET_LATE);
    /* B4 arises only where B3 was not met in time. */
    assert_int_equal(of_rule("B4", day("2025-03-10"), d, 8), 2);
    assert_int_equal(d[0].record_id, 2);
    assert_int_equal(d[0].status, DL_OVERDUE);
    assert_int_equal(d[1].record_id, 3);
    assert_int_equal(d[1].status, DL_MET);
}

static void
c1_c3_the_childs_voice(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"conversation\",\"id\":1,\"child_id\":1,\"date\":\"2024-03-01\","
        "\"bisidder_informed\":false}");
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-03-05\",\"decision_type\":"
        "\"support_s32\",\"legal_basis\":\"§ 32\",\"conversation_id\":1}");
    add("{\"type\":\"decision\",\"id\":2,\"child_id\":1,\"date\":\"2024-03-06\",\"decision_type\":"
        "\"other\",\"legal_basis\":\"§ 32\",\"exception_reason\":\"Barnet er 1 år\"}");
    assert_int_equal(of_rule("C1", day("2024-04-01"), d, 4), 2);
    assert_int_equal(d[0].status, DL_MET);
    assert_int_equal(d[1].status, DL_MET);
    assert_non_null(strstr(d[1].note_da, "§ 5 stk. 4"));
    assert_int_equal(of_rule("C3", day("2024-04-01"), d, 4), 1);
    assert_int_equal(d[0].status, DL_OVERDUE); /* not informed of the right to a bisidder */
}

/* LAW.md P1, P2, P5 (§ 91, §§ 108-109): the plan owed after a decision. */
static void
p1_p2_p2b_p5_plans(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-01-15\",\"decision_type\":"
        "\"support_s32\",\"legal_basis\":\"§ 32\",\"exception_reason\":\"x\","
        "\"plan_choice\":\"make_plan\"}");
    add("{\"type\":\"decision\",\"id\":2,\"child_id\":1,\"date\":\"2024-09-01\",\"decision_type\":"
        "\"placement_s47\",\"legal_basis\":\"§ 47\",\"exception_reason\":\"x\"}");
    assert_int_equal(of_rule("P1", day("2024-03-01"), d, 4), 1);
    assert_due(&d[0], "2024-04-15");
    assert_int_equal(d[0].status, DL_UPCOMING);
    assert_int_equal(of_rule("P2b", day("2024-09-02"), d, 4), 1);
    assert_due(&d[0], "2024-09-01"); /* before a § 47 decision */
    assert_int_equal(d[0].status, DL_OVERDUE);
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2024-04-20\"}");
    of_rule("P1", day("2024-05-01"), d, 4);
    assert_int_equal(d[0].status, DL_MET_LATE);
    of_rule("P2b", day("2024-09-02"), d, 4);
    assert_int_equal(d[0].status, DL_MET); /* the plan existed before the decision */
    /* Ungeplan when a child with a barnets plan turns 16 (born 2010-06-15). */
    assert_int_equal(of_rule("P5", day("2026-07-01"), d, 4), 1);
    assert_due(&d[0], "2026-09-15");
    assert_int_equal(d[0].status, DL_UPCOMING);
    assert_true(d[0].rule->conf == CONF_U); /* the 3 months are not in any source (LAW.md P5) */
}

/* LAW.md P1 (§ 91 stk. 1): with a § 32 decision only the choice whether to make a plan is owed;
 * until it is recorded P1 is a reminder and never overdue; "no plan" owes none. */
static void
p1_the_choice_whether_to_make_a_plan(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-03-01\",\"decision_type\":"
        "\"support_s32\",\"legal_basis\":\"§ 32\",\"exception_reason\":\"x\"}");
    assert_int_equal(of_rule("P1", day("2024-03-02"), d, 4), 1);
    assert_int_equal(d[0].status, DL_REMINDER);
    assert_true(deadline_is_open(&d[0]));
    of_rule("P1", day("2025-12-01"), d, 4); /* long after three months: still not overdue */
    assert_int_equal(d[0].status, DL_REMINDER);
    assert_non_null(strstr(deadline_explain_da(&d[0], day("2025-12-01"), arena), ": påmindelse."));
    assert_non_null(strstr(d[0].note_da, "beslut"));
    /* Recorded: no plan. */
    store_[RT_decision][0].v[record_field_index(store_[RT_decision][0].desc, "plan_choice")] =
        (struct value){ .set = true, .s = "no_plan" };
    of_rule("P1", day("2025-12-01"), d, 4);
    assert_int_equal(d[0].status, DL_NOT_APPLICABLE);
    /* Recorded: a plan. 1 June 2024 is a Saturday: due Monday 3 June. */
    store_[RT_decision][0].v[record_field_index(store_[RT_decision][0].desc, "plan_choice")] =
        (struct value){ .set = true, .s = "make_plan" };
    of_rule("P1", day("2024-06-04"), d, 4);
    assert_due(&d[0], "2024-06-03");
    assert_int_equal(d[0].status, DL_OVERDUE);
    /* A plan made without a recorded choice meets it all the same. */
    store_[RT_decision][0].v[record_field_index(store_[RT_decision][0].desc, "plan_choice")].set =
        false;
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2024-05-01\"}");
    of_rule("P1", day("2024-06-04"), d, 4);
    assert_int_equal(d[0].status, DL_MET);
}

/* LAW.md P2 (§ 91 stk. 2): a plan owed before a § 47 decision and made after it was met late. */
static void
p2b_plan_after_the_decision_is_met_late(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-09-02\",\"decision_type\":"
        "\"placement_s47\",\"legal_basis\":\"§ 47\",\"exception_reason\":\"x\"}");
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2024-09-20\"}");
    of_rule("P2b", day("2024-09-10"), d, 4); /* the plan is not known yet */
    assert_int_equal(d[0].status, DL_OVERDUE);
    of_rule("P2b", day("2024-10-01"), d, 4);
    assert_int_equal(d[0].status, DL_MET_LATE);
    const char *text = deadline_explain_da(&d[0], day("2024-10-01"), arena);
    assert_non_null(strstr(text, ": overholdt for sent 20.9.2024 (18 dage efter fristen)."));
    assert_string_equal(deadline_status_da(d[0].status), "overholdt for sent");
}

/* LAW.md §0 and the as-of rule: only what was recorded up to the moment counts; a record dated
 * after it neither starts a deadline nor meets one. */
static void
records_after_the_moment_are_not_counted(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"notification\",\"id\":1,\"child_id\":1,\"received_at\":\"2024-05-10T08:00:00Z\","
        "\"notifier_type\":\"school\"}");
    add("{\"type\":\"conversation\",\"id\":1,\"child_id\":1,\"date\":\"2024-05-01\","
        "\"bisidder_informed\":true}");
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-05-20\",\"decision_type\":"
        "\"placement_s46\",\"legal_basis\":\"§ 46\",\"conversation_id\":1}");
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"anb-almen-pleje\","
        "\"start\":\"2024-05-20\",\"consent\":true}");
    assert_int_equal(of_rule("U1", moment("2024-05-10T07:59:00Z"), d, 4), 0);
    assert_int_equal(of_rule("U1", moment("2024-05-10T08:00:00Z"), d, 4), 1);
    assert_int_equal(of_rule("C1", day("2024-05-19"), d, 4), 0);
    assert_int_equal(of_rule("P2", day("2024-05-19"), d, 4), 0);
    assert_int_equal(of_rule("P6", day("2024-05-19"), d, 4), 0);
    assert_int_equal(of_rule("P9", day("2024-05-19"), d, 4), 0);
    assert_int_equal(of_rule("C1", day("2024-05-20"), d, 4), 1);
    assert_int_equal(of_rule("P2", day("2024-05-20"), d, 4), 1);
    assert_int_equal(d[0].status, DL_UPCOMING);
    /* A plan dated later does not meet P2 as of before it. */
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2024-06-10\"}");
    of_rule("P2", day("2024-06-01"), d, 4);
    assert_int_equal(d[0].status, DL_UPCOMING);
    of_rule("P2", day("2024-06-10"), d, 4);
    assert_int_equal(d[0].status, DL_MET);
}

/* LAW.md §4.2: every rule counted in months or years moves off a non-working day, or none does. */
static void
month_rules_all_move_off_non_working_days(void **state)
{
    (void)state;
    struct deadline d[4];
    /* Born 1 June 2007: 18 on Sunday 1 June 2025; 6 months before is Sunday 1 December 2024. */
    reset("{\"type\":\"child\",\"id\":1,\"name\":\"T\",\"birth_date\":\"2007-06-01\"}");
    add("{\"type\":\"assessment\",\"id\":1,\"child_id\":1,\"aware_date\":\"2024-02-01\"}");
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-03-01\",\"decision_type\":"
        "\"placement_s46\",\"legal_basis\":\"§ 46\",\"exception_reason\":\"x\"}");
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"anb-almen-pleje\","
        "\"start\":\"2021-06-01\",\"consent\":true}");
    add("{\"type\":\"intervention\",\"id\":2,\"child_id\":1,\"catalogue_code\":\"bl32-2\","
        "\"start\":\"2024-03-01\"}");

    static const struct {
        const char *rule, *moved, *not_moved;
    } cases[] = {
        { "B3", "2024-06-03", "2024-06-01" }, /* 1 June 2024 is a Saturday */
        { "P2", "2024-06-03", "2024-06-01" }, { "P6", "2024-06-03", "2024-06-01" },
        { "A7", "2024-06-03", "2024-06-01" }, { "Y1", "2024-12-02", "2024-12-01" },
    };

    for (int setting = 1; setting >= 0; setting--) {
        cfg.settings.month_deadlines_to_workday = setting;
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
            size_t n = of_rule(cases[i].rule, day("2024-07-01"), d, 4);
            assert_true(n >= 1);
            assert_due(&d[n - 1], setting ? cases[i].moved : cases[i].not_moved);
        }
    }
    cfg.settings.month_deadlines_to_workday = 1;
}

/* LAW.md §0: Barnets lov applies from 1 January 2024; a duty due before is shown, not judged. */
static void
p5_sixteenth_birthday_before_the_law_is_not_judged(void **state)
{
    (void)state;
    struct deadline d[4];
    reset("{\"type\":\"child\",\"id\":1,\"name\":\"T\",\"birth_date\":\"2007-03-10\"}");
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2022-01-10\"}");
    assert_int_equal(of_rule("P5", day("2026-12-05"), d, 4), 1);
    assert_due(&d[0], "2023-06-12"); /* 16 on 10 March 2023, + 3 months: Saturday, so Monday */
    assert_int_equal(d[0].status, DL_NOT_APPLICABLE);
    assert_false(deadline_is_open(&d[0]));
}

/* LAW.md P6 (§ 95 stk. 2). */
static void
p6_first_followup(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    /* The assessment runs in parallel and completes before 3 months: that date is the deadline. */
    add("{\"type\":\"assessment\",\"id\":1,\"child_id\":1,\"aware_date\":\"2024-01-10\","
        "\"completed\":\"2024-03-20\"}");
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"bl32-2\","
        "\"start\":\"2024-02-01\"}");
    /* Without an assessment: 3 months after the start. */
    add("{\"type\":\"intervention\",\"id\":2,\"child_id\":1,\"catalogue_code\":\"bl32-5\","
        "\"start\":\"2024-04-01\"}");
    /* Not followed up under § 95 (§ 30 prevention). */
    add("{\"type\":\"intervention\",\"id\":3,\"child_id\":1,\"catalogue_code\":\"bl30-2\","
        "\"start\":\"2024-04-01\"}");
    assert_int_equal(of_rule("P6", day("2024-04-02"), d, 4), 2);
    assert_due(&d[0], "2024-03-20");
    assert_non_null(d[0].note_da);
    assert_due(&d[1], "2024-07-01");
}

/* LAW.md P7 (§ 95 stk. 3-5). */
static void
p7_next_followup_uses_the_case_interval(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"bl32-2\","
        "\"start\":\"2024-02-01\"}");
    add("{\"type\":\"plan\",\"id\":1,\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":"
        "\"2024-03-01\",\"followup_months\":4}");
    add("{\"type\":\"goal\",\"id\":1,\"plan_id\":1,\"child_id\":1,\"text\":\"x\"}");
    add("{\"type\":\"followup\",\"id\":1,\"goal_id\":1,\"child_id\":1,\"date\":\"2024-04-30\","
        "\"scale\":\"scale_0_10\",\"value\":5,\"rated_by\":\"child\"}");
    assert_int_equal(of_rule("P7", day("2024-06-01"), d, 4), 1);
    assert_due(&d[0], "2024-08-30");
    assert_null(d[0].note_da);
    /* Without an interval on the case: the configured default (6 months), said in the note. */
    store_[RT_plan][0].v[record_field_index(store_[RT_plan][0].desc, "followup_months")].set =
        false;
    of_rule("P7", day("2024-06-01"), d, 4);
    assert_due(&d[0], "2024-10-30");
    assert_non_null(d[0].note_da);
}

/* LAW.md P9 (§ 156 stk. 5). */
static void
p9_supervision_twice_a_year(void **state)
{
    (void)state;
    struct deadline d[8];
    reset(CHILD);
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"anb-almen-pleje\","
        "\"start\":\"2023-11-01\",\"consent\":true}");
    add("{\"type\":\"supervision\",\"id\":1,\"child_id\":1,\"intervention_id\":1,\"date\":"
        "\"2023-12-10\",\"child_alone\":true}");
    add("{\"type\":\"supervision\",\"id\":2,\"child_id\":1,\"intervention_id\":1,\"date\":"
        "\"2024-03-10\",\"child_alone\":true}");
    assert_int_equal(of_rule("P9", day("2025-01-15"), d, 8), 3);
    /* 2023: placed 61 days, so ceil(2 * 61 / 365) = 1 visit; but before Barnets lov took effect
     * (LAW.md: in force 1 January 2024), so shown and not judged. */
    assert_due(&d[0], "2023-12-31");
    assert_int_equal(d[0].status, DL_NOT_APPLICABLE);
    assert_non_null(strstr(d[0].note_da, "før reglen gjaldt"));
    /* 2024: two visits owed, one made. */
    assert_due(&d[1], "2024-12-31");
    assert_int_equal(d[1].status, DL_OVERDUE);
    /* 2025: upcoming. */
    assert_int_equal(d[2].status, DL_UPCOMING);
}

/* LAW.md A7 (§ 67). */
static void
a7_permanent_placement_after_three_years(void **state)
{
    (void)state;
    struct deadline d[4];
    reset(CHILD);
    /* A network placement, then without a gap a foster family: one continuous episode. */
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"anb-netvaerk\","
        "\"start\":\"2021-03-01\",\"end\":\"2022-06-30\",\"consent\":true}");
    add("{\"type\":\"intervention\",\"id\":2,\"child_id\":1,\"catalogue_code\":\"anb-almen-pleje\","
        "\"start\":\"2022-07-01\",\"consent\":true}");
    assert_int_equal(of_rule("A7", day("2024-03-15"), d, 4), 1);
    assert_due(&d[0], "2024-03-01");
    assert_int_equal(d[0].status, DL_OVERDUE);
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-04-02\",\"decision_type\":"
        "\"permanent_s67\",\"legal_basis\":\"§ 67\",\"exception_reason\":\"x\"}");
    of_rule("A7", day("2024-05-01"), d, 4);
    assert_int_equal(d[0].status, DL_MET_LATE);
    /* Closed as well by a recorded consideration that chose not to place permanently. */
    cr.n[RT_decision] = 0;
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2024-02-20\",\"decision_type\":"
        "\"permanent_considered\",\"legal_basis\":\"§ 67\",\"exception_reason\":\"x\"}");
    of_rule("A7", day("2024-05-01"), d, 4);
    assert_int_equal(d[0].status, DL_MET);
}

/* LAW.md Y1 (§ 111). */
static void
y1_aftercare_before_18_with_a_leap_birthday(void **state)
{
    (void)state;
    struct deadline d[4];
    reset("{\"type\":\"child\",\"id\":1,\"name\":\"T\",\"birth_date\":\"2008-02-29\"}");
    add("{\"type\":\"intervention\",\"id\":1,\"child_id\":1,\"catalogue_code\":\"anb-boerne-ungehjem\","
        "\"start\":\"2022-01-10\",\"consent\":true}");
    assert_int_equal(of_rule("Y1", day("2025-08-01"), d, 4), 1);
    assert_due(&d[0], "2025-09-01"); /* 18 on 1 March 2026 (no 29 February) */
    assert_int_equal(d[0].status, DL_UPCOMING);
    cfg.settings.leap_birthday_march_1 = 0;
    of_rule("Y1", day("2025-08-26"), d, 4);
    assert_due(&d[0], "2025-08-28"); /* 18 on 28 February 2026 */
    assert_int_equal(d[0].status, DL_DUE_SOON);
    cfg.settings.leap_birthday_march_1 = 1;
    add("{\"type\":\"decision\",\"id\":1,\"child_id\":1,\"date\":\"2025-08-20\",\"decision_type\":"
        "\"aftercare\",\"legal_basis\":\"§ 114\",\"exception_reason\":\"x\"}");
    of_rule("Y1", day("2025-08-25"), d, 4);
    assert_int_equal(d[0].status, DL_MET);
    /* A child not placed has no Y1 deadline. */
    cr.n[RT_intervention] = 0;
    assert_int_equal(of_rule("Y1", day("2025-08-25"), d, 4), 0);
}

static void
worklist_order(void **state)
{
    (void)state;
    struct deadline *all;
    reset(CHILD);
    add("{\"type\":\"notification\",\"id\":1,\"child_id\":1,\"received_at\":\"2024-03-01T14:00:00Z\","
        "\"notifier_type\":\"school\"}");
    add("{\"type\":\"assessment\",\"id\":1,\"child_id\":1,\"aware_date\":\"2024-03-01\"}");
    size_t n = deadlines_for_child(&cfg, &cr, day("2024-03-08"), arena, &all);
    qsort(all, n, sizeof(*all), deadline_cmp);
    /* Overdue (U1, due 2 March) first, then by due date: U3 (11 March), B3 (1 July). */
    assert_int_equal(n, 3);
    assert_string_equal(all[0].rule->id, "U1");
    assert_int_equal(all[0].status, DL_OVERDUE);
    assert_string_equal(all[1].rule->id, "U3");
    assert_int_equal(all[1].status, DL_DUE_SOON); /* within 3 working days */
    assert_string_equal(all[2].rule->id, "B3");
    assert_int_equal(all[2].status, DL_UPCOMING);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(u1_24_clock_hours_from_friday_15),
        cmocka_unit_test(u3_six_working_days_to_professionals),
        cmocka_unit_test(b3_b4_four_months),
        cmocka_unit_test(c1_c3_the_childs_voice),
        cmocka_unit_test(p1_p2_p2b_p5_plans),
        cmocka_unit_test(p1_the_choice_whether_to_make_a_plan),
        cmocka_unit_test(p2b_plan_after_the_decision_is_met_late),
        cmocka_unit_test(records_after_the_moment_are_not_counted),
        cmocka_unit_test(month_rules_all_move_off_non_working_days),
        cmocka_unit_test(p5_sixteenth_birthday_before_the_law_is_not_judged),
        cmocka_unit_test(p6_first_followup),
        cmocka_unit_test(p7_next_followup_uses_the_case_interval),
        cmocka_unit_test(p9_supervision_twice_a_year),
        cmocka_unit_test(a7_permanent_placement_after_three_years),
        cmocka_unit_test(y1_aftercare_before_18_with_a_leap_birthday),
        cmocka_unit_test(worklist_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
