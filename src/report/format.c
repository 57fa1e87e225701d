/*
 * format.c - key figures as Danish text (format.h).
 * Must not: show a suppressed cell's numbers.
 */
#include "report/format.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"

const char *
fig_value_text(char buf[static FIG_TEXT_BUF], const struct fig_desc *d, const struct fig_value *v)
{
    char n[FMT_NUMBER_DA_BUF];
    if (v->suppressed)
        return snprintf(buf, FIG_TEXT_BUF, "<5"), buf;
    if (v->empty)
        return snprintf(buf, FIG_TEXT_BUF, "–"), buf;
    switch (d->unit) {
    case FU_SHARE:
        fmt_number_da(n, v->value * 100.0, 0);
        snprintf(buf, FIG_TEXT_BUF, "%s %%", n);
        break;
    case FU_COUNT:
        fmt_number_da(n, v->value, 0);
        snprintf(buf, FIG_TEXT_BUF, "%s", n);
        break;
    case FU_DAYS:
        fmt_number_da(n, v->value, 0);
        snprintf(buf, FIG_TEXT_BUF, "%s dage", n);
        break;
    case FU_SCORE:
        fmt_number_da(n, v->value, 1);
        snprintf(buf, FIG_TEXT_BUF, "%s%s", v->value > 0 ? "+" : "", n);
        break;
    case FU_DKK:
        fmt_number_da(n, v->value, 0);
        snprintf(buf, FIG_TEXT_BUF, "%s kr.", n);
        break;
    case FU_RATIO:
        fmt_number_da(n, v->value, 1);
        snprintf(buf, FIG_TEXT_BUF, "%s", n);
        break;
    }
    return buf;
}

const char *
fig_count_text(char buf[static FIG_TEXT_BUF], const struct fig_desc *d, const struct fig_value *v)
{
    char a[FMT_NUMBER_DA_BUF], b[FMT_NUMBER_DA_BUF];
    buf[0] = '\0';
    if (v->suppressed || v->empty)
        return buf;
    if (d->unit == FU_SHARE || d->unit == FU_RATIO) {
        fmt_number_da(a, v->num, 0);
        fmt_number_da(b, v->den, 0);
        snprintf(buf, FIG_TEXT_BUF, d->unit == FU_SHARE ? "%s af %s" : "%s / %s", a, b);
    } else if (d->unit != FU_COUNT) {
        fmt_number_da(a, (double)v->n, 0);
        snprintf(buf, FIG_TEXT_BUF, "%s", a);
    }
    return buf;
}
