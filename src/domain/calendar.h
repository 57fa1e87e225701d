/*
 * calendar.h - the Danish working-day calendar: public holidays (folkekirkens helligdage) for any
 * year 1900-2200, the other non-working days of shared/LAW.md §4 (weekends, 5 June, 24 and 31
 * December, plus closed days from config/calendar.jsonl), working-day and calendar-month
 * arithmetic, and Europe/Copenhagen local time.
 */
#ifndef TRAPPE_DOMAIN_CALENDAR_H
#define TRAPPE_DOMAIN_CALENDAR_H

#include "domain/date.h"

/* A day that is not a working day besides weekends and holidays: every year (month/day) or once. */
struct closed_day {
    int year;            /* 0 = every year */
    int month, day;      /* month 1-12, day 1-31 */
    const char *name_da; /* e.g. "Grundlovsdag" */
};

struct calendar {
    const struct closed_day *closed; /* borrowed (from the configuration) */
    size_t nclosed;
};

struct holiday {
    struct date date;
    const char *name_da; /* static */
};

#define CALENDAR_MAX_HOLIDAYS 16

/* Easter Sunday of a Gregorian year (anonymous Gregorian computus). */
struct date calendar_easter(int year);

/*
 * The public holidays of a year in date order; returns how many were written to out (at most
 * CALENDAR_MAX_HOLIDAYS). Store bededag is a holiday up to 2023 and not from 2024.
 */
size_t calendar_holidays(int year, struct holiday out[static CALENDAR_MAX_HOLIDAYS]);

/* The holiday's name if d is a public holiday, else NULL. */
const char *calendar_holiday_name(struct date d);

/* True for Monday-Friday that is neither a public holiday nor a closed day. */
bool calendar_is_workday(const struct calendar *cal, struct date d);

/* The first working day on or after d. */
struct date calendar_next_workday(const struct calendar *cal, struct date d);

/* The n-th working day after d (d itself is not counted); n >= 0, n = 0 gives d. */
struct date calendar_add_workdays(const struct calendar *cal, struct date d, int n);

/*
 * The same day n calendar months later (n may be negative); when that month is shorter, its last
 * day (31 October + 4 months = 28/29 February).
 */
struct date calendar_add_months(struct date d, int n);

/* Europe/Copenhagen offset from UTC in seconds at instant t (EU summer time rules). */
int calendar_cph_offset(int64_t t);

/* The UTC instant of a Copenhagen wall-clock time given as seconds since the epoch. */
int64_t calendar_cph_to_utc(int64_t local);

/* The Copenhagen calendar day of instant t. */
struct date calendar_cph_date(int64_t t);

/* The instant at which Copenhagen local day d starts. */
int64_t calendar_cph_day_start(struct date d);

#endif
