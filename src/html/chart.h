/*
 * chart.h - charts drawn on the server as SVG, with axes, labels and a title; every chart on a
 * page stands above a table of the same numbers (the accessible reading of it). Colours meet
 * WCAG 2.1's 3:1 for graphics against white, and a series is also told apart by its marker.
 */
#ifndef TRAPPE_PAGES_CHART_H
#define TRAPPE_PAGES_CHART_H

#include "core/strbuf.h"
#include "domain/date.h"

/* One bar: its label, value, and the text shown at its end ("42 %", "<5"); missing: no bar. */
struct chart_bar {
    const char *label;
    double value;
    bool missing;
    const char *text;
    double target; /* a marker for the target at this value, or NAN for none */
};

/* Horizontal bars from 0 to max (0: the largest value), titled title, the value axis named
 * axis (with percent ticks when percent). */
void chart_bars(struct strbuf *b, const char *title, const struct chart_bar *bars, size_t n,
                double max, const char *axis, bool percent);

/* One line of a line chart: y[i] at x[i] (NAN: no point). */
struct chart_series {
    const char *label;
    const double *y;
};

/* Lines over days x[0..nx) (in order), titled title, the value axis named axis. */
void chart_lines(struct strbuf *b, const char *title, const struct date *x, size_t nx,
                 const struct chart_series *s, size_t ns, const char *axis);

/* "42 %" (rounded), "1.234" (thousands with a dot), "12,5" (one decimal, comma): Danish. */
void chart_percent(struct strbuf *b, double share);
void chart_number(struct strbuf *b, double v, int decimals);

#endif
