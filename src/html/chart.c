/*
 * chart.c - bar and line charts as SVG (chart.h). Every text goes through html_text.
 * Must not: hold any data of its own, or draw without a title.
 */
#include "html/chart.h"

#include <math.h>
#include <stdio.h>

#include "core/str.h"
#include "html/html.h"

/* Series colours (contrast at least 3:1 against white) and markers, in order. */
static const char *const colours[] = { "#004b87", "#0b7a75", "#5e7d00",
                                       "#b35900", "#a3195b", "#5a3d99" };
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

static void
attr_num(struct strbuf *b, double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.1f", v);
    strbuf_addstr(b, buf);
}

void
chart_number(struct strbuf *b, double v, int decimals)
{
    char out[FMT_NUMBER_DA_BUF];
    fmt_number_da(out, v, decimals);
    html_text(b, out);
}

void
chart_percent(struct strbuf *b, double share)
{
    chart_number(b, share * 100.0, 0);
    HTML_LIT(b, " %");
}

/* A round step for about four ticks up to max. */
static double
nice_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 4, p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

static void
tick_label(struct strbuf *b, double v, bool percent)
{
    if (percent)
        chart_percent(b, v);
    else
        chart_number(b, v, v == floor(v) ? 0 : 1);
}

void
chart_bars(struct strbuf *b, const char *title, const struct chart_bar *bars, size_t n, double max,
           const char *axis, bool percent)
{
    const double w = 760, left = 320, right = 80, row = 26, top = 8;
    bool targets = false;
    for (size_t i = 0; i < n; i++) {
        if (!bars[i].missing && bars[i].value > max)
            max = bars[i].value;
        if (!isnan(bars[i].target)) {
            targets = true;
            if (bars[i].target > max)
                max = bars[i].target;
        }
    }
    double step = nice_step(max > 0 ? max : 1);
    double top_value = ceil((max > 0 ? max : 1) / step) * step;
    double h = top + (double)n * row + 44 + (targets ? 18 : 0);
    double span = w - left - right;
    HTML_LIT(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ");
    attr_num(b, w);
    HTML_LIT(b, " ");
    attr_num(b, h);
    HTML_LIT(b, "\" width=\"100%\" aria-label=\"");
    html_text(b, title);
    HTML_LIT(b, "\"><title>");
    html_text(b, title);
    HTML_LIT(b, "</title>\n");
    /* Grid and ticks. */
    double base = top + (double)n * row;
    for (double t = 0; t <= top_value + step / 2; t += step) {
        double x = left + span * t / top_value;
        HTML_LIT(b, "<line class=\"grid\" x1=\"");
        attr_num(b, x);
        HTML_LIT(b, "\" x2=\"");
        attr_num(b, x);
        HTML_LIT(b, "\" y1=\"");
        attr_num(b, top);
        HTML_LIT(b, "\" y2=\"");
        attr_num(b, base);
        HTML_LIT(b, "\"/><text class=\"tick\" text-anchor=\"middle\" x=\"");
        attr_num(b, x);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, base + 16);
        HTML_LIT(b, "\">");
        tick_label(b, t, percent);
        HTML_LIT(b, "</text>\n");
    }
    HTML_LIT(b, "<text class=\"axis\" text-anchor=\"middle\" x=\"");
    attr_num(b, left + span / 2);
    HTML_LIT(b, "\" y=\"");
    attr_num(b, base + 34);
    HTML_LIT(b, "\">");
    html_text(b, axis);
    HTML_LIT(b, "</text>\n");
    for (size_t i = 0; i < n; i++) {
        double y = top + (double)i * row;
        HTML_LIT(b, "<text class=\"label\" text-anchor=\"end\" x=\"");
        attr_num(b, left - 8);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, y + row * 0.65);
        HTML_LIT(b, "\">");
        html_text(b, bars[i].label);
        HTML_LIT(b, "</text>");
        double len = bars[i].missing ? 0 : span * bars[i].value / top_value;
        if (!bars[i].missing) {
            HTML_LIT(b, "<rect class=\"bar\" x=\"");
            attr_num(b, left);
            HTML_LIT(b, "\" y=\"");
            attr_num(b, y + 4);
            HTML_LIT(b, "\" width=\"");
            attr_num(b, len);
            HTML_LIT(b, "\" height=\"");
            attr_num(b, row - 8);
            HTML_LIT(b, "\"/>");
        }
        HTML_LIT(b, "<text class=\"value\" x=\"");
        attr_num(b, left + len + 6);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, y + row * 0.65);
        HTML_LIT(b, "\">");
        html_text(b, bars[i].text ? bars[i].text : "");
        HTML_LIT(b, "</text>");
        if (!isnan(bars[i].target)) {
            double x = left + span * bars[i].target / top_value;
            HTML_LIT(b, "<path class=\"target\" d=\"M");
            attr_num(b, x);
            HTML_LIT(b, " ");
            attr_num(b, y + 1);
            HTML_LIT(b, "l6 6l-6 6l-6-6z\"/><line class=\"target\" x1=\"");
            attr_num(b, x);
            HTML_LIT(b, "\" x2=\"");
            attr_num(b, x);
            HTML_LIT(b, "\" y1=\"");
            attr_num(b, y + 2);
            HTML_LIT(b, "\" y2=\"");
            attr_num(b, y + row - 2);
            HTML_LIT(b, "\"/>");
        }
        HTML_LIT(b, "\n");
    }
    if (targets) {
        HTML_LIT(b, "<path class=\"target\" d=\"M");
        attr_num(b, left);
        HTML_LIT(b, " ");
        attr_num(b, h - 16);
        HTML_LIT(b, "l6 6l-6 6l-6-6z\"/><text class=\"label\" x=\"");
        attr_num(b, left + 10);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, h - 6);
        HTML_LIT(b, "\">Mål</text>\n");
    }
    HTML_LIT(b, "</svg>\n");
}

static const char *const months_da[] = { "jan.", "feb.", "mar.", "apr.", "maj",  "jun.",
                                         "jul.", "aug.", "sep.", "okt.", "nov.", "dec." };

/* A marker for series k at (x, y). */
static void
marker(struct strbuf *b, size_t k, double x, double y)
{
    HTML_LIT(b, "<path d=\"M");
    attr_num(b, x);
    HTML_LIT(b, " ");
    attr_num(b, y);
    switch (k % 6) {
    case 0:
        HTML_LIT(b, "m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0");
        break;
    case 1:
        HTML_LIT(b, "m-3.5-3.5h7v7h-7z");
        break;
    case 2:
        HTML_LIT(b, "m0-4.5l4.5 8h-9z");
        break;
    case 3:
        HTML_LIT(b, "m0-5l5 5l-5 5l-5-5z");
        break;
    case 4:
        HTML_LIT(b, "m-4-4l8 8m0-8l-8 8");
        break;
    default:
        HTML_LIT(b, "m-4.5 0h9m-4.5-4.5v9");
        break;
    }
    HTML_LIT(b, "\" fill=\"");
    html_text(b, colours[k % NCOLOURS]);
    HTML_LIT(b, "\" stroke=\"");
    html_text(b, colours[k % NCOLOURS]);
    HTML_LIT(b, "\" stroke-width=\"1.5\"/>");
}

void
chart_lines(struct strbuf *b, const char *title, const struct date *x, size_t nx,
            const struct chart_series *s, size_t ns, const char *axis)
{
    const double w = 760, left = 56, right = 250, top = 12, bottom = 52, h = 320;
    double max = 0;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < nx; i++)
            if (!isnan(s[k].y[i]) && s[k].y[i] > max)
                max = s[k].y[i];
    double step = nice_step(max > 0 ? max : 1);
    double top_value = ceil((max > 0 ? max : 1) / step) * step;
    double span_x = w - left - right, span_y = h - top - bottom;
    int64_t d0 = nx ? date_to_days(x[0]) : 0, d1 = nx ? date_to_days(x[nx - 1]) : 1;
    if (d1 <= d0)
        d1 = d0 + 1;
    HTML_LIT(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ");
    attr_num(b, w);
    HTML_LIT(b, " ");
    attr_num(b, h);
    HTML_LIT(b, "\" width=\"100%\" aria-label=\"");
    html_text(b, title);
    HTML_LIT(b, "\"><title>");
    html_text(b, title);
    HTML_LIT(b, "</title>\n");
    for (double t = 0; t <= top_value + step / 2; t += step) {
        double y = top + span_y - span_y * t / top_value;
        HTML_LIT(b, "<line class=\"grid\" x1=\"");
        attr_num(b, left);
        HTML_LIT(b, "\" x2=\"");
        attr_num(b, left + span_x);
        HTML_LIT(b, "\" y1=\"");
        attr_num(b, y);
        HTML_LIT(b, "\" y2=\"");
        attr_num(b, y);
        HTML_LIT(b, "\"/><text class=\"tick\" text-anchor=\"end\" x=\"");
        attr_num(b, left - 6);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, y + 4);
        HTML_LIT(b, "\">");
        tick_label(b, t, false);
        HTML_LIT(b, "</text>\n");
    }
    HTML_LIT(b, "<text class=\"axis\" transform=\"rotate(-90)\" text-anchor=\"middle\" x=\"");
    attr_num(b, -(top + span_y / 2));
    HTML_LIT(b, "\" y=\"14\">");
    html_text(b, axis);
    HTML_LIT(b, "</text>\n");
    /* Month ticks: at most about six labels. */
    size_t every = nx > 6 ? (nx + 5) / 6 : 1;
    for (size_t i = 0; i < nx; i++) {
        if ((nx - 1 - i) % every)
            continue;
        double px = left + span_x * (double)(date_to_days(x[i]) - d0) / (double)(d1 - d0);
        HTML_LIT(b, "<text class=\"tick\" text-anchor=\"middle\" x=\"");
        attr_num(b, px);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, top + span_y + 18);
        HTML_LIT(b, "\">");
        html_text(b, months_da[(x[i].m - 1) % 12]);
        HTML_LIT(b, " ");
        html_int(b, x[i].y);
        HTML_LIT(b, "</text>\n");
    }
    for (size_t k = 0; k < ns; k++) {
        HTML_LIT(b, "<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"");
        html_text(b, colours[k % NCOLOURS]);
        HTML_LIT(b, "\" points=\"");
        for (size_t i = 0; i < nx; i++) {
            if (isnan(s[k].y[i]))
                continue;
            attr_num(b, left + span_x * (double)(date_to_days(x[i]) - d0) / (double)(d1 - d0));
            HTML_LIT(b, ",");
            attr_num(b, top + span_y - span_y * s[k].y[i] / top_value);
            HTML_LIT(b, " ");
        }
        HTML_LIT(b, "\"/>\n");
        for (size_t i = 0; i < nx; i++)
            if (!isnan(s[k].y[i]))
                marker(b, k, left + span_x * (double)(date_to_days(x[i]) - d0) / (double)(d1 - d0),
                       top + span_y - span_y * s[k].y[i] / top_value);
        /* The legend, right of the plot. */
        double ly = top + 10 + (double)k * 20;
        marker(b, k, left + span_x + 18, ly - 4);
        HTML_LIT(b, "<text class=\"label\" x=\"");
        attr_num(b, left + span_x + 30);
        HTML_LIT(b, "\" y=\"");
        attr_num(b, ly);
        HTML_LIT(b, "\">");
        html_text(b, s[k].label);
        HTML_LIT(b, "</text>\n");
    }
    HTML_LIT(b, "</svg>\n");
}
