/*
 * calendar.c - Danish holidays and working days (shared/LAW.md §4), month arithmetic, local time.
 * Must not: read the clock or the system time zone (callers pass instants; Copenhagen's rules are
 * computed here so results do not depend on the machine).
 */
#include "domain/calendar.h"

#include <string.h>

struct date
calendar_easter(int year)
{
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    struct date out = { year, month, day };
    return out;
}

static struct date
offset(struct date d, int days)
{
    return date_from_days(date_to_days(d) + days);
}

/* Store bededag was abolished as a public holiday from 1 January 2024 (LAW.md §4.1). */
#define STORE_BEDEDAG_LAST_YEAR 2023

size_t
calendar_holidays(int year, struct holiday out[static CALENDAR_MAX_HOLIDAYS])
{
    struct date e = calendar_easter(year);
    size_t n = 0;
    out[n++] = (struct holiday){ { year, 1, 1 }, "Nytårsdag" };
    out[n++] = (struct holiday){ offset(e, -3), "Skærtorsdag" };
    out[n++] = (struct holiday){ offset(e, -2), "Langfredag" };
    out[n++] = (struct holiday){ e, "Påskedag" };
    out[n++] = (struct holiday){ offset(e, 1), "2. påskedag" };
    if (year <= STORE_BEDEDAG_LAST_YEAR)
        out[n++] = (struct holiday){ offset(e, 26), "Store bededag" };
    out[n++] = (struct holiday){ offset(e, 39), "Kristi himmelfartsdag" };
    out[n++] = (struct holiday){ offset(e, 49), "Pinsedag" };
    out[n++] = (struct holiday){ offset(e, 50), "2. pinsedag" };
    out[n++] = (struct holiday){ { year, 12, 25 }, "Juledag" };
    out[n++] = (struct holiday){ { year, 12, 26 }, "2. juledag" };
    return n;
}

const char *
calendar_holiday_name(struct date d)
{
    /* Deadlines count workdays one by one: answer most days without computing Easter. The
     * movable holidays fall from 19 March (Skærtorsdag) to 14 June (2. pinsedag). */
    if ((d.m == 1 && d.d != 1) || (d.m >= 7 && d.m <= 11) || d.m == 2 ||
        (d.m == 12 && d.d != 25 && d.d != 26) || (d.m == 3 && d.d < 19) || (d.m == 6 && d.d > 14))
        return NULL;
    /* The last year asked about, per thread: deadlines walk day by day through one year. */
    static _Thread_local struct holiday h[CALENDAR_MAX_HOLIDAYS];
    static _Thread_local size_t n;
    static _Thread_local int year; /* 0: none yet */
    if (year != d.y) {
        n = calendar_holidays(d.y, h);
        year = d.y;
    }
    for (size_t i = 0; i < n; i++)
        if (date_cmp(h[i].date, d) == 0)
            return h[i].name_da;
    return NULL;
}

/* Not a weekend day, a public holiday, or a closing day of cal (any of them only for d). */
static bool
is_workday(const struct calendar *cal, struct date d, int weekday)
{
    if (weekday >= 6)
        return false;
    if (calendar_holiday_name(d))
        return false;
    for (size_t i = 0; cal && i < cal->nclosed; i++) {
        const struct closed_day *c = &cal->closed[i];
        if (c->month == d.m && c->day == d.d && (c->year == 0 || c->year == d.y))
            return false;
    }
    return true;
}

bool
calendar_is_workday(const struct calendar *cal, struct date d)
{
    return is_workday(cal, d, date_weekday(d));
}

struct date
calendar_next_workday(const struct calendar *cal, struct date d)
{
    while (!calendar_is_workday(cal, d))
        d = offset(d, 1);
    return d;
}

struct date
calendar_add_workdays(const struct calendar *cal, struct date d, int n)
{
    /* Day numbers: a weekend day is skipped without turning it into a date. */
    int64_t z = date_to_days(d);
    while (n > 0) {
        z++;
        int w = date_weekday_of_days(z);
        if (w < 6 && is_workday(cal, date_from_days(z), w))
            n--;
    }
    return date_from_days(z);
}

struct date
calendar_add_months(struct date d, int n)
{
    int months = d.y * 12 + (d.m - 1) + n;
    struct date out;
    out.y = months / 12;
    out.m = months % 12 + 1;
    int last = date_days_in_month(out.y, out.m);
    out.d = d.d < last ? d.d : last;
    return out;
}

/* The last Sunday of a month, as a day number. */
static int64_t
last_sunday(int year, int month)
{
    struct date d = { year, month, date_days_in_month(year, month) };
    return date_to_days(d) - (date_weekday(d) % 7);
}

int
calendar_cph_offset(int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int year = date_from_days(days).y;
    /* Summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
     * October (EU rule, in force in Denmark since 1996; earlier years get the same rule). */
    int64_t start = last_sunday(year, 3) * 86400 + 3600;
    int64_t end = last_sunday(year, 10) * 86400 + 3600;
    return (t >= start && t < end) ? 7200 : 3600;
}

struct date
calendar_cph_date(int64_t t)
{
    int64_t local = t + calendar_cph_offset(t);
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    return date_from_days(days);
}

int64_t
calendar_cph_day_start(struct date d)
{
    int64_t midnight = date_to_days(d) * 86400;
    /* The offset at local midnight is the one just before it in UTC (no change happens at 0:00). */
    return midnight - calendar_cph_offset(midnight - 3600);
}

int64_t
calendar_cph_to_utc(int64_t local)
{
    /* Try winter time first; if that instant is in summer time, the offset is two hours. */
    int64_t t = local - 3600;
    return calendar_cph_offset(t) == 7200 ? local - 7200 : t;
}
