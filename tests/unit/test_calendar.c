/* test_calendar.c - Danish holidays 1900-2200, working days, month arithmetic, Copenhagen time. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <string.h>

#include "domain/calendar.h"

/* Easter Sundays 2000-2040 from published tables, checked with a second algorithm (Oudin). */
static const char *const easter_table[] = {
    "2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11", "2005-03-27",
    "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12", "2010-04-04", "2011-04-24",
    "2012-04-08", "2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16",
    "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09",
    "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
    "2030-04-21", "2031-04-13", "2032-03-28", "2033-04-17", "2034-04-09", "2035-03-25",
    "2036-04-13", "2037-04-05", "2038-04-25", "2039-04-10", "2040-04-01",
};

/* Oudin's algorithm (1940): an independent computus to check calendar_easter on every year. */
static struct date
easter_oudin(int y)
{
    int c = y / 100, n = y - 19 * (y / 19), k = (c - 17) / 25;
    int i = c - c / 4 - (c - k) / 3 + 19 * n + 15;
    i = i - 30 * (i / 30);
    i = i - (i / 28) * (1 - (i / 28) * (29 / (i + 1)) * ((21 - n) / 11));
    int j = y + y / 4 + i + 2 - c + c / 4;
    j = j - 7 * (j / 7);
    int l = i - j;
    int m = 3 + (l + 40) / 44;
    int d = l + 28 - 31 * (m / 4);
    return (struct date){ y, m, d };
}

static struct date
D(const char *s) {
    struct date d;
    assert_int_equal(date_parse(s, &d), OK);
    return d;

}

static void
assert_date(struct date got, const char *want)

{
    char buf[DATE_BUF];
    date_format(got, buf);
    assert_string_equal(buf, want);
}

static void
easter_matches_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(easter_table) / sizeof(easter_table[0]); i++)
        assert_int_equal(date_cmp(calendar_easter(2000 + (int)i), D(easter_table[i])), 0);
    for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++) {
        struct date e = calendar_easter(y);
        assert_int_equal(date_cmp(e, easter_oudin(y)), 0);
        assert_int_equal(date_weekday(e), 7);
        assert_true(date_cmp(e, (struct date){ y, 3, 22 }) >= 0);
        assert_true(date_cmp(e, (struct date){ y, 4, 25 }) <= 0);
    }
}

static void
holidays_of_a_year(void **state)
{
    (void)state;
    struct holiday h[CALENDAR_MAX_HOLIDAYS];
    const char *want2026[] = {
        "2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06",
        "2026-05-14", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"
    };
    size_t n = calendar_holidays(2026, h);
    assert_int_equal(n, 10);
    for (size_t i = 0; i < n; i++)
        assert_date(h[i].date, want2026[i]);
    /* Store bededag: a holiday up to 2023, a working day from 2024. */
    assert_string_equal(calendar_holiday_name(D("2023-05-05")), "Store bededag");
    assert_null(calendar_holiday_name(D("2024-04-26")));
    assert_true(calendar_is_workday(NULL, D("2024-04-26")));
    assert_false(calendar_is_workday(NULL, D("2023-05-05")));
    assert_int_equal(calendar_holidays(1900, h), 11);
    assert_int_equal(calendar_holidays(2023, h), 11);
    assert_int_equal(calendar_holidays(2024, h), 10);
    assert_int_equal(calendar_holidays(2200, h), 10);
    /* Every year: the holidays are in date order, and Kristi himmelfart is a Thursday. */
    for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++) {
        n = calendar_holidays(y, h);
        for (size_t i = 1; i < n; i++)
            assert_true(date_cmp(h[i - 1].date, h[i].date) < 0);
        assert_int_equal(date_weekday(h[n - 5].date), 4);
    }
    /* Every day: calendar_holiday_name's shortcut for months without holidays names exactly
     * the days calendar_holidays lists. */
    size_t named = 0, listed = 0;
    for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++)
        listed += calendar_holidays(y, h);
    for (int64_t day = date_to_days((struct date){ DATE_MIN_YEAR, 1, 1 });
         day <= date_to_days((struct date){ DATE_MAX_YEAR, 12, 31 }); day++) {
        struct date d = date_from_days(day);
        const char *name = calendar_holiday_name(d);
        if (!name)
            continue;
        named++;
        n = calendar_holidays(d.y, h);
        size_t i = 0;
        while (i < n && date_cmp(h[i].date, d) != 0)
            i++;
        assert_true(i < n);
        assert_string_equal(h[i].name_da, name);
    }
    assert_int_equal(named, listed);
}

static const struct closed_day closed[] = {
    { 0, 6, 5, "Grundlovsdag" },
    { 0, 12, 24, "Juleaftensdag" },
    { 0, 12, 31, "Nytårsaftensdag" },
};
static const struct calendar cal = { closed, 3 };

static void
working_days(void **state)
{
    (void)state;
    assert_false(calendar_is_workday(&cal, D("2024-03-02"))); /* Saturday */
    assert_false(calendar_is_workday(&cal, D("2024-06-05"))); /* Grundlovsdag, a Wednesday */
    assert_false(calendar_is_workday(&cal, D("2024-12-24")));
    assert_true(calendar_is_workday(NULL, D("2024-06-05"))); /* without the closed days */
    assert_true(calendar_is_workday(&cal, D("2024-06-04")));
    /* 6 working days across Easter 2024 (Skærtorsdag, Langfredag, 2. påskedag). */
    assert_date(calendar_add_workdays(&cal, D("2024-03-27"), 6), "2024-04-09");
    /* Across Christmas and New Year 2024/25 (24, 25, 26, 31 December and 1 January). */
    assert_date(calendar_add_workdays(&cal, D("2024-12-20"), 6), "2025-01-06");
    /* The day itself does not count; from a Saturday the first working day is Monday. */
    assert_date(calendar_add_workdays(&cal, D("2024-03-02"), 1), "2024-03-04");
    assert_date(calendar_add_workdays(&cal, D("2024-03-04"), 0), "2024-03-04");
    assert_date(calendar_next_workday(&cal, D("2024-06-29")), "2024-07-01");
}

static void
calendar_months(void **state)
{
    (void)state;
    assert_date(calendar_add_months(D("2023-10-31"), 4), "2024-02-29"); /* leap year */
    assert_date(calendar_add_months(D("2024-10-31"), 4), "2025-02-28");
    assert_date(calendar_add_months(D("2024-02-29"), 4), "2024-06-29");
    assert_date(calendar_add_months(D("2024-01-31"), 1), "2024-02-29");
    assert_date(calendar_add_months(D("2024-03-31"), -1), "2024-02-29");
    assert_date(calendar_add_months(D("2026-03-01"), -6), "2025-09-01");
    assert_date(calendar_add_months(D("2024-12-15"), 1), "2025-01-15");
}

static void
copenhagen_time(void **state)
{
    (void)state;
    int64_t t;
    /* Winter: UTC+1. Friday 1 March 2024 14:00Z is 15:00 in Copenhagen. */
    assert_int_equal(datetime_parse("2024-03-01T14:00:00Z", &t), OK);
    assert_int_equal(calendar_cph_offset(t), 3600);
    /* Summer time starts 31 March 2024 at 01:00Z and ends 27 October 2024 at 01:00Z. */
    assert_int_equal(datetime_parse("2024-03-31T00:59:59Z", &t), OK);
    assert_int_equal(calendar_cph_offset(t), 3600);
    assert_int_equal(datetime_parse("2024-03-31T01:00:00Z", &t), OK);
    assert_int_equal(calendar_cph_offset(t), 7200);
    assert_int_equal(datetime_parse("2024-10-27T00:59:59Z", &t), OK);
    assert_int_equal(calendar_cph_offset(t), 7200);
    assert_int_equal(datetime_parse("2024-10-27T01:00:00Z", &t), OK);
    assert_int_equal(calendar_cph_offset(t), 3600);
    /* 22:30Z on 17 May is already 18 May in Copenhagen. */
    assert_int_equal(datetime_parse("2024-05-17T22:30:00Z", &t), OK);
    assert_date(calendar_cph_date(t), "2024-05-18");
    assert_int_equal(calendar_cph_day_start(D("2024-05-18")), t - 30 * 60);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(easter_matches_tables), cmocka_unit_test(holidays_of_a_year),
        cmocka_unit_test(working_days),          cmocka_unit_test(calendar_months),
        cmocka_unit_test(copenhagen_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
