/* test_date.c - civil dates and UTC timestamps. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>

#include "domain/date.h"

static void
day_numbers_round_trip(void **state)
{
    (void)state;
    struct date epoch = { 1970, 1, 1 };
    assert_int_equal(date_to_days(epoch), 0);
    for (int64_t z = date_to_days((struct date){ 1900, 1, 1 });
         z <= date_to_days((struct date){ 2200, 12, 31 }); z += 37) {
        struct date d = date_from_days(z);
        assert_true(date_valid(d.y, d.m, d.d));
        assert_int_equal(date_to_days(d), z);
    }
}

static void
weekdays(void **state)
{
    (void)state;
    assert_int_equal(date_weekday((struct date){ 2024, 1, 1 }), 1);   /* Monday */
    assert_int_equal(date_weekday((struct date){ 2024, 3, 31 }), 7);  /* Easter Sunday */
    assert_int_equal(date_weekday((struct date){ 1900, 1, 1 }), 1);   /* Monday */
    assert_int_equal(date_weekday((struct date){ 2200, 12, 31 }), 3); /* Wednesday */
}

static void
parse_is_strict(void **state)
{
    (void)state;
    struct date d;
    char buf[DATE_BUF];
    assert_int_equal(date_parse("2024-02-29", &d), OK);
    date_format(d, buf);
    assert_string_equal(buf, "2024-02-29");
    assert_int_equal(date_parse("2023-02-29", &d), ERR_INVALID);
    assert_int_equal(date_parse("2024-2-29", &d), ERR_INVALID);
    assert_int_equal(date_parse("2024-02-29x", &d), ERR_INVALID);
    assert_int_equal(date_parse("1899-12-31", &d), ERR_INVALID);
    assert_int_equal(date_parse("2201-01-01", &d), ERR_INVALID);
    assert_int_equal(date_parse("", &d), ERR_INVALID);
}

static void
datetimes(void **state)
{
    (void)state;
    int64_t t;
    char buf[DATETIME_BUF];
    assert_int_equal(datetime_parse("1970-01-01T00:00:00Z", &t), OK);
    assert_int_equal(t, 0);
    assert_int_equal(datetime_parse("2024-03-01T09:30:05Z", &t), OK);
    datetime_format(t, buf);
    assert_string_equal(buf, "2024-03-01T09:30:05Z");
    assert_int_equal(datetime_parse("2024-03-01 09:30:05Z", &t), ERR_INVALID);
    assert_int_equal(datetime_parse("2024-03-01T09:30:05", &t), ERR_INVALID);
    assert_int_equal(datetime_parse("2024-03-01T24:00:00Z", &t), ERR_INVALID);
    assert_int_equal(datetime_parse("2024-03-01T09:30:05+01:00", &t), ERR_INVALID);
    /* Formatted by hand: the same text as printf's, and parsed back, over 1900-2200. */
    uint64_t x = 2463534242ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int64_t s = (int64_t)(x % (300LL * 366 * 86400)) - 70LL * 365 * 86400;
        struct date dt = date_from_days(s >= 0 ? s / 86400 : -((-s + 86399) / 86400));
        int64_t rem = s - date_to_days(dt) * 86400;
        char want[64];
        snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02dZ", dt.y, dt.m, dt.d,
                 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
        datetime_format(s, buf);
        assert_string_equal(buf, want);
        assert_int_equal(datetime_parse(buf, &t), OK);
        assert_int_equal(t, s);
    }
}

/* date_cmp compares fields; it must order valid dates exactly as their day numbers do, and the
 * weekday of a day number must be the weekday of its date. */
static void
compare_and_weekday_agree_with_day_numbers(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL; /* xorshift: the same dates every run */
    for (int i = 0; i < 20000; i++) {
        int64_t z[2];
        struct date d[2];
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        z[0] = -25567 + (int64_t)(x % 73415); /* 1900-2100 */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        /* every fourth pair the same day or a neighbour */
        z[1] = i % 4 == 0 ? z[0] + (int64_t)(x % 3) - 1 : -25567 + (int64_t)(x % 73415);
        d[0] = date_from_days(z[0]);
        d[1] = date_from_days(z[1]);
        int want = (z[0] > z[1]) - (z[0] < z[1]);
        assert_int_equal(date_cmp(d[0], d[1]), want);
        assert_int_equal(date_weekday(d[0]), date_weekday_of_days(z[0]));
    }
    assert_int_equal(date_weekday_of_days(0), 4);  /* 1970-01-01, a Thursday */
    assert_int_equal(date_weekday_of_days(-1), 3); /* 1969-12-31 */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compare_and_weekday_agree_with_day_numbers),
        cmocka_unit_test(day_numbers_round_trip),
        cmocka_unit_test(weekdays),
        cmocka_unit_test(parse_is_strict),
        cmocka_unit_test(datetimes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
