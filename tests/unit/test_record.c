/* test_record.c - record descriptors, field parsing and the rules of each record. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "json/json.h"
#include "pages/msg_da.h"
#include "testlib.h"

static struct config cfg;
static struct arena *arena;

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

/* Build a record of type from "field=value" pairs (text form). */
static enum err
make(struct record *r, const char *type, const char *const *pairs, struct strbuf *why)
{
    record_init(r, record_desc_by_name(type));
    for (size_t i = 0; pairs[i]; i++) {
        const char *eq = strchr(pairs[i], '=');
        char name[64];
        memcpy(name, pairs[i], (size_t)(eq - pairs[i]));
        name[eq - pairs[i]] = '\0';
        int f = record_field_index(r->desc, name);
        if (f < 0)
            fail_msg("no field %s", name);
        enum err rc = record_set_text(r, arena, f, eq + 1, why);
        if (rc)
            return rc;
    }
    record_fill_defaults(r, &cfg);
    return record_validate(r, &cfg, why);
}

static void
expect_rule(const char *type, const char *const *pairs, const char *text)
{
    struct record r;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(make(&r, type, pairs, &why), ERR_INVALID);
    if (!strstr(strbuf_str(&why), text))
        fail_msg("message '%s' lacks '%s'", strbuf_str(&why), text);
    strbuf_release(&why);
}

static void
expect_valid(const char *type, const char *const *pairs)
{
    struct record r;
    struct strbuf why = STRBUF_INIT;
    if (make(&r, type, pairs, &why) != OK)
        fail_msg("%s", strbuf_str(&why));
    strbuf_release(&why);
}

static void
descriptors(void **state)
{
    (void)state;
    const struct record_desc *d = record_desc_by_name("notification");
    assert_non_null(d);
    assert_string_equal(d->table, "notification");
    assert_int_equal(d->child_field, record_field_index(d, "child_id"));
    assert_string_equal(record_desc_by_name("case")->table, "child_case");
    assert_int_equal(record_desc_by_name("child")->child_field, -1);
    assert_null(record_desc_by_name("nonsense"));
    for (int t = 0; t < RT__COUNT; t++)
        assert_int_equal(record_desc_get((enum record_type)t)->type, t);
}

static void
children(void **state)
{
    (void)state;
    expect_valid("child", (const char *const[]){ "cpr=0101801232", "name=A", NULL });
    expect_valid("child",
                 (const char *const[]){ "unborn=true", "expected_birth=2025-01-10", NULL });
    expect_rule("child", (const char *const[]){ "cpr=3201801232", NULL }, "child.cpr:");
    expect_rule("child", (const char *const[]){ "unborn=true", "cpr=0101801232", NULL },
                "child.unborn");
    expect_rule("child", (const char *const[]){ "cpr=0101801232", "birth_date=1980-01-02", NULL },
                "child.birth_date");
    expect_rule("child", (const char *const[]){ "category=fragile", NULL },
                "child.category: must be one of vulnerable, particularly_vulnerable");
    expect_rule("child", (const char *const[]){ "sex=female", NULL }, "child.name");
}

static void
notifications(void **state)
{
    (void)state;
    struct record r;
    assert_int_equal(make(&r, "notification",
                          (const char *const[]){ "child_id=1", "received_at=2024-03-01T14:00:00Z",
                                                 "notifier_type=police", NULL },
                          NULL),
                     OK);
    assert_int_equal(record_get_i(&r, "professional", -1), 1); /* from the notifier list */
    expect_rule("notification",
                (const char *const[]){ "child_id=1", "received_at=2024-03-01T14:00:00Z",
                                       "notifier_type=martian", NULL },
                "notification.notifier_type: is not a code of the notifier list");
    expect_rule("notification",
                (const char *const[]){ "child_id=1", "received_at=2024-03-01T14:00:00Z",
                                       "notifier_type=school", "reason_codes=violence,violence",
                                       NULL },
                "same code twice");
    expect_rule("notification",
                (const char *const[]){ "child_id=1", "received_at=2024-03-01T14:00:00Z",
                                       "notifier_type=school", "assessed_at=2024-02-29T10:00:00Z",
                                       NULL },
                "notification.assessed_at: must not be before received_at");
    expect_rule("notification", (const char *const[]){ "child_id=1", "notifier_type=school", NULL },
                "notification.received_at: is required");
}

static void
decisions_need_the_childs_voice(void **state)
{
    (void)state;
    expect_rule("decision",
                (const char *const[]){ "child_id=1", "date=2024-03-10", "decision_type=support_s32",
                                       "legal_basis=§ 32", NULL },
                "§ 5");
    expect_valid("decision", (const char *const[]){ "child_id=1", "date=2024-03-10",
                                                    "decision_type=support_s32", "legal_basis=§ 32",
                                                    "conversation_id=4", NULL });
    expect_valid("decision", (const char *const[]){ "child_id=1", "date=2024-03-10",
                                                    "decision_type=support_s32", "legal_basis=§ 32",
                                                    "exception_reason=Barnet er 8 måneder", NULL });
    expect_rule("decision",
                (const char *const[]){ "child_id=1", "date=2024-03-10", "decision_type=support_s32",
                                       "legal_basis=§ 32", "conversation_id=4",
                                       "exception_reason=x", NULL },
                "not both");
}

static void
interventions_and_placements(void **state)
{
    (void)state;
    struct record r;
    assert_int_equal(make(&r, "intervention",
                          (const char *const[]){ "child_id=1", "catalogue_code=bl32-5",
                                                 "start=2024-04-01", NULL },
                          NULL),
                     OK);
    assert_int_equal(record_get_i(&r, "step", -1), 3);
    assert_string_equal(record_get_s(&r, "legal_basis"), "§ 32 stk. 1 nr. 5");
    expect_rule("intervention",
                (const char *const[]){ "child_id=1", "catalogue_code=anb-almen-pleje",
                                       "start=2024-04-01", NULL },
                "§ 46");
    expect_valid("intervention",
                 (const char *const[]){ "child_id=1", "catalogue_code=anb-almen-pleje",
                                        "start=2024-04-01", "consent=false", "combination=true",
                                        NULL });
    expect_rule("intervention",
                (const char *const[]){ "child_id=1", "catalogue_code=bl32-5", "start=2024-04-01",
                                       "consent=true", NULL },
                "only a placement");
    expect_rule("intervention",
                (const char *const[]){ "child_id=1", "catalogue_code=bl32-5", "start=2024-04-01",
                                       "end=2024-03-01", NULL },
                "intervention.end: must not be before start");
    expect_rule("intervention",
                (const char *const[]){ "child_id=1", "catalogue_code=bl32-5", "start=2024-04-01",
                                       "step=7", NULL },
                "ladder (0-6)");
    expect_rule("intervention",
                (const char *const[]){ "child_id=1", "catalogue_code=bl32-5", "start=2024-04-01",
                                       "rate_dkk=1000", NULL },
                "rate_unit");
}

static void
followups_stay_on_their_scale(void **state)
{
    (void)state;
    expect_valid("followup",
                 (const char *const[]){ "goal_id=1", "child_id=1", "date=2024-05-01",
                                        "scale=scale_0_10", "value=10", "rated_by=child", NULL });
    expect_rule("followup",
                (const char *const[]){ "goal_id=1", "child_id=1", "date=2024-05-01",
                                       "scale=scale_1_5", "value=0", "rated_by=child", NULL },
                "from 1 to 5");
}

static void
text_limits(void **state)
{
    (void)state;
    struct record r;
    struct strbuf why = STRBUF_INIT;
    char long_name[300];
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    record_init(&r, record_desc_by_name("person"));
    assert_int_equal(record_set_text(&r, arena, 0, long_name, &why), ERR_INVALID);
    assert_non_null(
        strstr(strbuf_str(&why), "person.name: is too long: must be 1 to 200 characters"));
    assert_int_equal(record_set_text(&r, arena, 0, "", &why), ERR_INVALID);
    assert_non_null(
        strstr(strbuf_str(&why), "person.name: is too short: must be 1 to 200 characters"));
    assert_int_equal(record_set_text(&r, arena, 0, "a\x01", &why), ERR_INVALID);
    assert_int_equal(record_set_text(&r, arena, 0, "Åse Ærø", &why), OK);
    strbuf_release(&why);
}

static void
json_round_trip(void **state)
{
    (void)state;
    const char *line =
        "{\"type\":\"notification\",\"id\":3,\"child_id\":1,\"received_at\":"
        "\"2024-03-01T09:00:00Z\",\"notifier_type\":\"school\",\"professional\":true,"
        "\"reason_codes\":[\"school_absence\",\"violence\"],\"content\":\"Æ \\\"ø\\\"\"}";
    struct record r;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    assert_int_equal(json_record_decode(line, strlen(line), arena, &r, &why), OK);
    assert_int_equal(json_record_encode(&r, 0, &out), OK);
    assert_string_equal(strbuf_str(&out), line);
    const char *dup = "{\"type\":\"child\",\"id\":1,\"name\":\"a\",\"name\":\"b\"}";
    assert_int_equal(json_record_decode(dup, strlen(dup), arena, &r, &why), ERR_INVALID);
    const char *unknown = "{\"type\":\"child\",\"id\":1,\"nick\":\"a\"}";
    assert_int_equal(json_record_decode(unknown, strlen(unknown), arena, &r, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "unknown field"));
    const char *wrong = "{\"type\":\"child\",\"id\":1,\"unborn\":\"yes\"}";
    assert_int_equal(json_record_decode(wrong, strlen(wrong), arena, &r, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "child.unborn: must be true or false"));
    strbuf_release(&out);
    strbuf_release(&why);
}

/*
 * The one-pass decoder against jansson's (the reference): the same lines accepted and decoded
 * to the same records; a line that is not JSON is "not valid JSON" in both; other refusals give
 * the same message, except where noted (a duplicate key inside a nested object, an overflowing
 * real, nesting beyond 64: both refuse, for different first reasons).
 */
static void
json_decoders_agree(void **state)
{
    (void)state;
    static char deep[300];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);

    static const struct {
        char want; /* A accepted, S not valid JSON, R refused alike, X refused */
        const char *line;
    } cases[] = {
        { 'A',
          "{\"type\":\"child\",\"id\":1,\"name\":\"\\u00c6bler \\ud83d\\ude00 \\/ \\\\ \\\" \\t\\n\"}" },
        { 'A', "  { \"type\" : \"child\" , \"id\" : 2 , \"name\" :\t\"\xc3\x86\" }\t " },
        { 'A', "{\"type\":\"child\",\"id\":1,\"name\":null,\"unborn\":false}" },
        { 'A', "{\"id\":3,\"type\":\"child\",\"unborn\":true}" },
        { 'A', "{\"type\":\"child\",\"id\":9223372036854775807}" },
        { 'A', "{\"type\":\"notification\",\"id\":3,\"child_id\":1,\"received_at\":"
               "\"2024-03-01T09:00:00Z\",\"notifier_type\":\"school\",\"professional\":true,"
               "\"reason_codes\":[\"school_absence\" , \"violence\"]}" },
        { 'R', "{\"type\":\"child\",\"id\":-0}" },
        { 'R', "{\"type\":\"child\",\"id\":-5}" },
        { 'R', "{\"type\":\"child\",\"id\":1.0}" },
        { 'R', "{\"type\":\"child\",\"id\":1e2}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"unborn\":\"yes\"}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"unborn\":1}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"name\":{\"a\":1}}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"name\":[1,[2,{\"x\":[]}]]}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"name\":\"a\\u0001\"}" },
        { 'R', "{\"type\":\"notification\",\"id\":1,\"reason_codes\":[]}" },
        { 'R', "{\"type\":\"notification\",\"id\":1,\"reason_codes\":[\"a,b\"]}" },
        { 'R', "{\"type\":\"notification\",\"id\":1,\"reason_codes\":[\"a\",1]}" },
        { 'R', "{\"type\":\"notification\",\"id\":1,\"reason_codes\":\"a\"}" },
        { 'R', "{\"type\":\"nobody\"}" },
        { 'R', "{\"type\":1}" },
        { 'R', "{}" },
        { 'R', "{\"id\":1}" },
        { 'R', "[1,2]" },
        { 'R', "[]" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"unborn\":true,\"nick\":1}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"nick\":1,\"unborn\":\"x\"}" },
        { 'R', "{\"type\":\"child\",\"id\":1,\"\":1}" },
        { 'S', "{\"type\":\"child\",\"id\":9223372036854775808}" },
        { 'S', "{\"type\":\"child\",\"id\":-9223372036854775809}" },
        { 'S', "{\"type\":\"child\",\"id\":01}" },
        { 'S', "{\"type\":\"child\",\"id\":1,}" },
        { 'S', "{\"type\":\"child\" \"id\":1}" },
        { 'S', "{\"type\":\"child\",\"id\":1}x" },
        { 'S', "{\"type\":\"child\",\"id\":1}{}" },
        { 'S', "{\"type\":\"child\",\"id\":1" },
        { 'S', "" },
        { 'S', "   " },
        { 'S', "3" },
        { 'S', "\"child\"" },
        { 'S', "null" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"a\\u0000b\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\\ud800\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\\udc00x\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\\ud800\\u0041\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\\u12\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\xff\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\xc0\xaf\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\xed\xa0\x80\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\xf4\x90\x80\x80\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"\xe2\x82\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"a\x01\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"a\\x\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"abc" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":\"abc\\" },
        { 'S', "{\"type\":\"child\",\"type\":\"child\"}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"unborn\":tru}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"unborn\":nul}" },
        { 'S', "{\"type\":\"child\",\"id\":-}" },
        { 'S', "{\"type\":\"child\",\"id\":1.}" },
        { 'S', "{\"type\":\"child\",\"id\":1e}" },
        { 'S', "{\"type\":\"child\",\"id\":+1}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":[1,]}" },
        { 'S', "{\"type\":\"child\",\"id\":1,\"name\":{\"a\"}}" },
        { 'S', "{'type':'child'}" },
        { 'X', "{\"type\":\"child\",\"id\":1,\"name\":{\"b\":1,\"b\":2}}" },
        { 'X', "{\"type\":\"child\",\"id\":1e400}" },
        { 'X', deep },
    };

    /* A raw NUL byte: jansson skips it (and would take "a<NUL>b" as "ab"); JSON allows none. */
    static const char nul[] = "{\"type\":\"child\",\"id\":1\0,\"name\":\"a\0b\"}";
    struct record r;
    struct strbuf why_fast = STRBUF_INIT, why_ref = STRBUF_INIT;
    assert_int_equal(json_record_decode(nul, sizeof(nul) - 1, arena, &r, &why_fast), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why_fast), "not valid JSON"));
    struct strbuf out_fast = STRBUF_INIT, out_ref = STRBUF_INIT;
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const char *line = cases[k].line;
        struct record fast, ref;
        strbuf_reset(&why_fast);
        strbuf_reset(&why_ref);
        enum err rf = json_record_decode(line, strlen(line), arena, &fast, &why_fast);
        enum err rr = json_record_decode_reference(line, strlen(line), arena, &ref, &why_ref);
        if ((rf == OK) != (cases[k].want == 'A') || (rr == OK) != (cases[k].want == 'A'))
            fail_msg("case %zu: fast %d (%s), reference %d (%s)", k, rf, strbuf_str(&why_fast), rr,
                     strbuf_str(&why_ref));
        if (rf == OK) {
            strbuf_reset(&out_fast);
            strbuf_reset(&out_ref);
            assert_int_equal(json_record_encode(&fast, 0, &out_fast), OK);
            assert_int_equal(json_record_encode(&ref, 0, &out_ref), OK);
            assert_string_equal(strbuf_str(&out_fast), strbuf_str(&out_ref));
        } else if (cases[k].want == 'S') {
            if (strncmp(strbuf_str(&why_fast), "not valid JSON", 14) ||
                strncmp(strbuf_str(&why_ref), "not valid JSON", 14))
                fail_msg("case %zu: fast '%s', reference '%s'", k, strbuf_str(&why_fast),
                         strbuf_str(&why_ref));
        } else if (cases[k].want == 'R') {
            if (strcmp(strbuf_str(&why_fast), strbuf_str(&why_ref)))
                fail_msg("case %zu: fast '%s', reference '%s'", k, strbuf_str(&why_fast),
                         strbuf_str(&why_ref));
        }
    }
    strbuf_release(&why_fast);
    strbuf_release(&why_ref);
    strbuf_release(&out_fast);
    strbuf_release(&out_ref);
}

/* Fields found by name, whatever buffer the name is in: the lookup remembers where a name
 * pointer was found, so a buffer reused with other text must still give the right field. */
static void
field_index_by_any_buffer(void **state)
{
    (void)state;
    char buf[64];
    for (int t = 0; t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < d->nfields; i++) {
                snprintf(buf, sizeof(buf), "%s", d->fields[i].name);
                assert_int_equal(record_field_index(d, buf), i);
                assert_int_equal(record_field_index(d, d->fields[i].name), i);
            }
        snprintf(buf, sizeof(buf), "no_such_field");
        assert_int_equal(record_field_index(d, buf), -1);
    }
}

/* Issue 21 pt 6: no English code on any page. Every value of every closed value set has a Danish
 * label in the message catalogue (msg_label_da answers the code itself when it has none). */
static void
every_code_has_a_danish_label(void **state)
{
    (void)state;
    for (int t = 0; t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        for (int i = 0; i < d->nfields; i++) {
            const struct field_desc *f = &d->fields[i];
            if (f->kind != FK_ENUM)
                continue;
            for (size_t k = 0; f->enum_values[k]; k++) {
                if (!msg_label_known(f->enum_values[k]))
                    fail_msg("%s.%s: %s has no Danish label", d->name, f->name, f->enum_values[k]);
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(descriptors),
        cmocka_unit_test(every_code_has_a_danish_label),
        cmocka_unit_test(field_index_by_any_buffer),
        cmocka_unit_test(children),
        cmocka_unit_test(notifications),
        cmocka_unit_test(decisions_need_the_childs_voice),
        cmocka_unit_test(interventions_and_placements),
        cmocka_unit_test(followups_stay_on_their_scale),
        cmocka_unit_test(text_limits),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(json_decoders_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
