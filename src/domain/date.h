/*
 * date.h - civil dates and UTC timestamps as plain values (no time zones, no clock).
 *
 * A date is a proleptic Gregorian calendar day; a day number counts days from 1970-01-01.
 * Dates outside 1900-01-01 .. 2200-12-31 are refused by the parsers.
 */
#ifndef TRAPPE_DOMAIN_DATE_H
#define TRAPPE_DOMAIN_DATE_H

#include "core/common.h"

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2200

/* Buffer sizes for the formatters (room for any int year, so formatting never truncates). */
#define DATE_BUF     32
#define DATETIME_BUF 48

struct date {
    int y; /* year, e.g. 2024 */
    int m; /* month 1-12 */
    int d; /* day of month 1-31 */
};

bool date_is_leap(int y);
int date_days_in_month(int y, int m);
bool date_valid(int y, int m, int d);
/* Day number of a civil date (1970-01-01 = 0). */
int64_t date_to_days(struct date dt);
struct date date_from_days(int64_t days);
/* -1, 0, 1 as a is before, equal to or after b. */
int date_cmp(struct date a, struct date b);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int date_weekday(struct date dt);
/* The same of a day number (date_to_days). */
int date_weekday_of_days(int64_t days);

/* Parse "YYYY-MM-DD" exactly. ERR_INVALID on anything else or a date that does not exist. */
enum err date_parse(const char *s, struct date *out) WUR;
/* Format as "YYYY-MM-DD". */
void date_format(struct date dt, char buf[static DATE_BUF]);

/*
 * Parse a UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" exactly into seconds since 1970-01-01T00:00:00Z.
 * ERR_INVALID on anything else.
 */
enum err datetime_parse(const char *s, int64_t *out) WUR;
/* Format seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ". */
void datetime_format(int64_t t, char buf[static DATETIME_BUF]);

#endif
