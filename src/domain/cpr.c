/*
 * cpr.c - CPR parsing: date of birth from DDMMYY plus the century rule of digit 7.
 * Must not: reject a number for failing modulus 11; put the number into error messages.
 */
#include "domain/cpr.h"

#include <string.h>

static int
century_year(int digit7, int yy)
{
    switch (digit7) {
    case 0:
    case 1:
    case 2:
    case 3:
        return 1900 + yy;
    case 4:
    case 9:
        return yy <= 36 ? 2000 + yy : 1900 + yy;
    default: /* 5-8 */
        return yy <= 57 ? 2000 + yy : 1800 + yy;
    }
}

enum err
cpr_parse(const char *s, struct cpr *out, struct strbuf *why)
{
    char d[10] = { 0 };
    size_t n = 0;
    if (!s)
        return why_set(why, ERR_INVALID, "must be 10 digits, DDMMYYSSSS or DDMMYY-SSSS");
    size_t len = strlen(s);
    if (len != 10 && !(len == 11 && s[6] == '-'))
        return why_set(why, ERR_INVALID, "must be 10 digits, DDMMYYSSSS or DDMMYY-SSSS");
    for (size_t i = 0; i < len; i++) {
        if (len == 11 && i == 6)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return why_set(why, ERR_INVALID, "must be 10 digits, DDMMYYSSSS or DDMMYY-SSSS");
        d[n++] = s[i];
    }
    int dd = (d[0] - '0') * 10 + (d[1] - '0');
    int mm = (d[2] - '0') * 10 + (d[3] - '0');
    int yy = (d[4] - '0') * 10 + (d[5] - '0');
    bool substitute = false;
    if (dd > 60) {
        dd -= 60;
        substitute = true;
    }
    int year = century_year(d[6] - '0', yy);
    /* Not date_valid(): CPR numbers reach back to 1858, before the calendar range of records. */
    if (mm < 1 || mm > 12 || dd < 1 || dd > date_days_in_month(year, mm))
        return why_set(why, ERR_INVALID,
                       "DDMMYY is not a valid date of birth for the century given by digit 7");
    static const int weights[10] = { 4, 3, 2, 7, 6, 5, 4, 3, 2, 1 };
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += (d[i] - '0') * weights[i];
    memcpy(out->canonical, d, 6);
    out->canonical[6] = '-';
    memcpy(out->canonical + 7, d + 6, 4);
    out->canonical[11] = '\0';
    out->birth.y = year;
    out->birth.m = mm;
    out->birth.d = dd;
    out->substitute = substitute;
    out->mod11 = sum % 11 == 0;
    out->female = (d[9] - '0') % 2 == 0;
    return OK;
}

void
cpr_mask(const struct cpr *c, char buf[static 12])
{
    memcpy(buf, c->canonical, 7);
    memcpy(buf + 7, "XXXX", 5);
}
