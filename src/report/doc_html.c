/*
 * doc_html.c - a document as one self-contained HTML page (Danish, A4 print CSS, charts as SVG
 * with a table of their numbers under them), for the browser and for printing.
 * Must not: write anything dynamic without html_text.
 */
#include <math.h>

#include "html/chart.h"
#include "html/html.h"
#include "report/doc.h"

static void
table(struct strbuf *b, const struct block *t)
{
    HTML_LIT(b, "<table>\n");
    if (t->text) {
        HTML_LIT(b, "<caption>");
        html_text(b, t->text);
        HTML_LIT(b, "</caption>\n");
    }
    HTML_LIT(b, "<thead><tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, t->heads[c]);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        HTML_LIT(b, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            if (c == 0 && t->first_col_head) {
                HTML_LIT(b, "<th scope=\"row\">");
                html_text(b, v);
                HTML_LIT(b, "</th>");
            } else {
                HTML_LIT(b, "<td>");
                html_text(b, v);
                HTML_LIT(b, "</td>");
            }
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
}

/* The page's style: A4 for print, the design system's colours and font on screen. */
const char doc_css[] =
    "@page { size: A4; margin: 20mm 18mm; }\n"
    "body { font-family: 'IBM Plex Sans', Arial, sans-serif; color: #1a1a1a; "
    "max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }\n"
    "h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; "
    "border-bottom: 2px solid #004993; } h3 { font-size: 1.05rem; }\n"
    ".kind { text-transform: uppercase; letter-spacing: .1em; color: #4d4d4d; }\n"
    "table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; "
    "font-size: .92rem; page-break-inside: auto; }\n"
    "caption { text-align: left; font-weight: 700; padding: .25rem 0; }\n"
    "th, td { border: 1px solid #b3b3b3; padding: .3rem .45rem; vertical-align: top; "
    "text-align: left; }\n"
    "thead th { background: #eef2f7; }\n"
    "tr { page-break-inside: avoid; }\n"
    "svg { width: 100%; height: auto; border: 1px solid #c7c7c7; }\n"
    "svg text { font-size: 12px; fill: #1a1a1a; }\n"
    "svg .grid { stroke: #e0e0e0; } svg .bar { fill: #004993; }\n"
    "svg .target { fill: #1a1a1a; stroke: #1a1a1a; stroke-width: 2; }\n"
    "svg .axis, svg .value { font-weight: 700; }\n"
    ".small { font-size: .85rem; color: #4d4d4d; }\n"
    "footer { margin-top: 2rem; font-size: .85rem; color: #4d4d4d; }\n"
    "@media print { body { margin: 0; max-width: none; } a { color: inherit; } }\n";

enum err
doc_html(const struct doc *d, const char *css_href, struct strbuf *b)
{
    HTML_LIT(b,
             "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(b, d->title);
    HTML_LIT(b, "</title>\n");
    if (css_href) {
        HTML_LIT(b, "<link rel=\"stylesheet\" href=\"");
        html_text(b, css_href);
        HTML_LIT(b, "\">\n");
    } else {
        HTML_LIT(b, "<style>\n");
        strbuf_addstr(b, doc_css);
        HTML_LIT(b, "</style>\n");
    }
    HTML_LIT(b, "</head>\n<body>\n<main>\n");
    for (size_t i = 0; i < d->n; i++) {
        const struct block *k = &d->blocks[i];
        switch (k->kind) {
        case B_TITLE:
            HTML_LIT(b, "<h1>");
            html_text(b, k->text);
            HTML_LIT(b, "</h1>\n");
            break;
        case B_HEADING:
            HTML_LIT(b, "<h2>");
            html_text(b, k->text);
            HTML_LIT(b, "</h2>\n");
            break;
        case B_SUBHEADING:
            HTML_LIT(b, "<h3>");
            html_text(b, k->text);
            HTML_LIT(b, "</h3>\n");
            break;
        case B_PARA:
            HTML_LIT(b, "<p>");
            html_text(b, k->text);
            HTML_LIT(b, "</p>\n");
            break;
        case B_SMALL:
            HTML_LIT(b, "<p class=\"small\">");
            html_text(b, k->text);
            HTML_LIT(b, "</p>\n");
            break;
        case B_LIST:
        case B_NUMBERED:
            if (k->kind == B_LIST)
                HTML_LIT(b, "<ul>\n");
            else
                HTML_LIT(b, "<ol>\n");
            for (size_t j = 0; j < k->nitems; j++) {
                HTML_LIT(b, "<li>");
                html_text(b, k->items[j]);
                HTML_LIT(b, "</li>\n");
            }
            if (k->kind == B_LIST)
                HTML_LIT(b, "</ul>\n");
            else
                HTML_LIT(b, "</ol>\n");
            break;
        case B_TABLE:
            table(b, k);
            break;
        case B_BARS: {
            struct chart_bar *bars = arena_alloc(d->a, (k->nbars ? k->nbars : 1) * sizeof(*bars));
            for (size_t j = 0; j < k->nbars; j++)
                bars[j] =
                    (struct chart_bar){ k->bars[j].label, k->bars[j].value, k->bars[j].missing,
                                        k->bars[j].text, k->bars[j].target };
            HTML_LIT(b, "<figure>\n");
            chart_bars(b, k->text, bars, k->nbars, 0, k->axis, k->percent);
            HTML_LIT(b, "<figcaption class=\"small\">");
            html_text(b, k->text);
            HTML_LIT(b, "</figcaption>\n</figure>\n");
            break;
        }
        case B_LINES: {
            struct chart_series *s = arena_alloc(d->a, (k->ns ? k->ns : 1) * sizeof(*s));
            for (size_t j = 0; j < k->ns; j++)
                s[j] = (struct chart_series){ k->series_labels[j], &k->y[j * k->nx] };
            HTML_LIT(b, "<figure>\n");
            chart_lines(b, k->text, k->x, k->nx, s, k->ns, k->axis);
            HTML_LIT(b, "<figcaption class=\"small\">");
            html_text(b, k->text);
            HTML_LIT(b, "</figcaption>\n</figure>\n");
            break;
        }
        }
    }
    HTML_LIT(b, "</main>\n");
    if (d->footer) {
        HTML_LIT(b, "<footer>");
        html_text(b, d->footer);
        HTML_LIT(b, "</footer>\n");
    }
    HTML_LIT(b, "</body>\n</html>\n");
    return strbuf_error(b);
}
