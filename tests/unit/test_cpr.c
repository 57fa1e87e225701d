/* test_cpr.c - CPR numbers: date and century rules, modulus 11 never rejects (S-22, S-23). */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <string.h>

#include "domain/cpr.h"

static void
expect_ok(const char *s, int y, int m, int d)
{
    struct cpr c;
    assert_int_equal(cpr_parse(s, &c, NULL), OK);
    assert_int_equal(c.birth.y, y);
    assert_int_equal(c.birth.m, m);
    assert_int_equal(c.birth.d, d);
}

static void
expect_bad(const char *s)
{
    struct cpr c;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(cpr_parse(s, &c, &why), ERR_INVALID);
    assert_true(why.len > 0);
    /* The message states the rule, never the number. */
    if (s[0])
        assert_null(strstr(strbuf_str(&why), s));
    strbuf_release(&why);
}

static void
valid_with_and_without_dash(void **state)
{
    (void)state;
    struct cpr c;
    /* 070761-4285: a commonly used modulus-11 valid example. */
    assert_int_equal(cpr_parse("0707614285", &c, NULL), OK);
    assert_true(c.mod11);
    assert_string_equal(c.canonical, "070761-4285");
    assert_int_equal(c.birth.y, 1961);
    assert_false(c.female);
    assert_int_equal(cpr_parse("070761-4285", &c, NULL), OK);
    assert_string_equal(c.canonical, "070761-4285");
}

static void
modulus11_failure_is_accepted(void **state)
{
    (void)state;
    struct cpr c;
    /* Numbers without a control digit, issued on 1 January birth dates (cpr.dk). */
    assert_int_equal(cpr_parse("010165-1232", &c, NULL), OK);
    assert_false(c.mod11);
    assert_int_equal(cpr_parse("0101801232", &c, NULL), OK);
    assert_false(c.mod11);
    assert_int_equal(c.birth.y, 1980);
    assert_true(c.female);
}

static void
century_rules(void **state)
{
    (void)state;
    expect_ok("0101001111", 1900, 1, 1); /* digit 7 = 1 */
    expect_ok("0101993111", 1999, 1, 1); /* digit 7 = 3 */
    expect_ok("0101364111", 2036, 1, 1); /* digit 7 = 4, yy <= 36 */
    expect_ok("0101374111", 1937, 1, 1); /* digit 7 = 4, yy >= 37 */
    expect_ok("0101579111", 1957, 1, 1); /* digit 7 = 9, yy >= 37 */
}

static void
century_rules_5_to_9(void **state)
{
    (void)state;
    expect_ok("0101575111", 2057, 1, 1); /* digit 7 = 5, yy <= 57 */
    expect_ok("0101585111", 1858, 1, 1); /* digit 7 = 5, yy >= 58 */
    expect_ok("0101998111", 1899, 1, 1); /* digit 7 = 8 */
    expect_ok("0101369111", 2036, 1, 1); /* digit 7 = 9, yy <= 36 */
    expect_ok("0101379111", 1937, 1, 1); /* digit 7 = 9, yy >= 37 */
}

static void
leap_days(void **state)
{
    (void)state;
    expect_ok("2902004111", 2000, 2, 29); /* 2000 is a leap year */
    expect_bad("2902014111");             /* 2001 is not */
    expect_bad("2902000111");             /* 1900 is not */
}

static void
bad_dates_and_shapes(void **state)
{
    (void)state;
    expect_bad("3201991234"); /* day 32 */
    expect_bad("3202991234"); /* 32 February */
    expect_bad("0013991234"); /* month 13 */
    expect_bad("0001991234"); /* day 0 */
    expect_bad("010190123");  /* 9 digits */
    expect_bad("01019012345");
    expect_bad("010190+1234");
    expect_bad("01019O1234"); /* letter O */
    expect_bad("");
    struct cpr c;
    assert_int_equal(cpr_parse(NULL, &c, NULL), ERR_INVALID);
}

static void
substitute_numbers(void **state)
{
    (void)state;
    struct cpr c;
    /* Erstatningspersonnummer: day + 60 (born the 7th -> 67). */
    assert_int_equal(cpr_parse("670761-4285", &c, NULL), OK);
    assert_true(c.substitute);
    assert_int_equal(c.birth.d, 7);
    assert_int_equal(cpr_parse("0707614285", &c, NULL), OK);
    assert_false(c.substitute);
    expect_bad("9207611234"); /* 92 - 60 = 32: no such day */
}

static void
masking(void **state)
{
    (void)state;
    struct cpr c;
    char buf[12];
    assert_int_equal(cpr_parse("0707614285", &c, NULL), OK);
    cpr_mask(&c, buf);
    assert_string_equal(buf, "070761-XXXX");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_with_and_without_dash),
        cmocka_unit_test(modulus11_failure_is_accepted),
        cmocka_unit_test(century_rules),
        cmocka_unit_test(century_rules_5_to_9),
        cmocka_unit_test(leap_days),
        cmocka_unit_test(bad_dates_and_shapes),
        cmocka_unit_test(substitute_numbers),
        cmocka_unit_test(masking),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
