/*
 * date.c - civil-date arithmetic (Howard Hinnant's days_from_civil) and strict ISO parsing.
 * Must not: read the clock or the time zone; callers pass dates and times in.
 */
#include "domain/date.h"

#include <stdio.h>

#include "core/str.h"

bool
date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool
date_valid(int y, int m, int d)
{
    return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

int64_t
date_to_days(struct date dt)
{
    int64_t y = dt.y - (dt.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (dt.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + dt.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date
date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    struct date out = { (int)(y + (m <= 2)), (int)m, (int)d };
    return out;
}

int
date_cmp(struct date a, struct date b)
{
    /* Field by field: the same order as by day number for valid dates, without the arithmetic
     * (deadlines compare dates day by day). */
    if (a.y != b.y)
        return (a.y > b.y) - (a.y < b.y);
    if (a.m != b.m)
        return (a.m > b.m) - (a.m < b.m);
    return (a.d > b.d) - (a.d < b.d);
}

int
date_weekday_of_days(int64_t z)
{
    int64_t w = (z % 7 + 7 + 3) % 7; /* 1970-01-01 (day 0) was a Thursday (4) */
    return (int)w + 1;
}

int
date_weekday(struct date dt)
{
    return date_weekday_of_days(date_to_days(dt));
}

static bool
digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool
parse_ymd(const char *s, struct date *out)
{
    int y, m, d;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (!date_valid(y, m, d))
        return false;
    out->y = y;
    out->m = m;
    out->d = d;
    return true;
}

enum err
date_parse(const char *s, struct date *out)
{
    struct date dt;
    if (!s)
        return ERR_INVALID;
    for (int i = 0; i < 10; i++)
        if (!s[i])
            return ERR_INVALID;
    if (s[10] != '\0' || !parse_ymd(s, &dt))
        return ERR_INVALID;
    *out = dt;
    return OK;
}

void
date_format(struct date dt, char buf[static DATE_BUF])
{
    snprintf(buf, DATE_BUF, "%04d-%02d-%02d", dt.y, dt.m, dt.d);
}

enum err
datetime_parse(const char *s, int64_t *out)
{
    struct date dt;
    int hh, mm, ss;
    if (!s)
        return ERR_INVALID;
    for (int i = 0; i < 20; i++)
        if (!s[i])
            return ERR_INVALID;
    if (s[20] != '\0' || !parse_ymd(s, &dt) || s[10] != 'T' || !digits(s + 11, 2, &hh) ||
        s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' || !digits(s + 17, 2, &ss) ||
        s[19] != 'Z')
        return ERR_INVALID;
    if (hh > 23 || mm > 59 || ss > 59)
        return ERR_INVALID;
    *out = date_to_days(dt) * 86400 + hh * 3600 + mm * 60 + ss;
    return OK;
}

void
datetime_format(int64_t t, char buf[static DATETIME_BUF])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    struct date dt = date_from_days(days);
    int hh = (int)(rem / 3600), mi = (int)(rem / 60 % 60), ss = (int)(rem % 60);
    if (dt.y < 0 || dt.y > 9999) {
        snprintf(buf, DATETIME_BUF, "%04d-%02d-%02dT%02d:%02d:%02dZ", dt.y, dt.m, dt.d, hh, mi, ss);
        return;
    }
    fmt_utc_stamp(buf, dt.y, dt.m, dt.d, hh, mi, ss);
}
