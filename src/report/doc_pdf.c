/*
 * doc_pdf.c - a document as PDF through cairo and pango (which live only in this file): A4,
 * IBM Plex Sans from the design system's fonts when they are there (else DejaVu Sans), real text
 * (extractable and searchable), tables that break across pages with their heading repeated, bar
 * and line charts drawn with axes, labels and a legend, and a page number on every page.
 * Must not: read the environment or write a file (the PDF goes into a buffer).
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "report/doc.h"

#define PAGE_W  595.276
#define PAGE_H  841.89
#define MARGIN  56.0
#define TOP     58.0
#define BOTTOM  64.0
#define CONTENT (PAGE_W - 2 * MARGIN)

static const char *font_family = "DejaVu Sans";
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static const char *fonts_dir;

/* Make the design system's own font known to fontconfig once (the PDF then looks like the web). */
static void
load_fonts(void)
{
    if (fonts_dir && FcConfigAppFontAddDir(NULL, (const FcChar8 *)fonts_dir)) {
        FcPattern *p = FcNameParse((const FcChar8 *)"IBM Plex Sans");
        FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
        FcFontSet *fs = FcFontList(NULL, p, os);
        if (fs && fs->nfont > 0)
            font_family = "IBM Plex Sans";
        if (fs)
            FcFontSetDestroy(fs);
        FcObjectSetDestroy(os);
        FcPatternDestroy(p);
    }
}

struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    double y;
    int page;
    const char *footer;
};

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
    struct strbuf *out = closure;
    strbuf_add(out, (const char *)data, length);
    return out->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
layout(struct pdf *p, const char *text, double size, bool bold, double width)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, font_family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static double
layout_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void
page_footer(struct pdf *p)
{
    char text[300];
    snprintf(text, sizeof(text), "%s%sSide %d", p->footer ? p->footer : "", p->footer ? " · " : "",
             p->page);
    PangoLayout *l = layout(p, text, 8, false, CONTENT);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    cairo_move_to(p->cr, MARGIN, PAGE_H - BOTTOM + 24);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
}

static void
new_page(struct pdf *p)
{
    page_footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = TOP;
}

/* Room for h more points on this page, or a new page. */
static void
need(struct pdf *p, double h)
{
    if (p->y + h > PAGE_H - BOTTOM && p->y > TOP)
        new_page(p);
}

/* A block of text, line by line, breaking pages between lines. */
static void
text_block(struct pdf *p, const char *text, double size, bool bold, double indent, double after,
           double r, double g, double b)
{
    PangoLayout *l = layout(p, text, size, bold, CONTENT - indent);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    cairo_set_source_rgb(p->cr, r, g, b);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double lh = (double)logical.height / PANGO_SCALE;
        need(p, lh);
        cairo_set_source_rgb(p->cr, r, g, b);
        int baseline = pango_layout_iter_get_baseline(it);
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        cairo_move_to(p->cr, MARGIN + indent + (double)logical.x / PANGO_SCALE,
                      p->y + (double)(baseline - logical.y) / PANGO_SCALE);
        pango_cairo_show_layout_line(p->cr, line);
        p->y += lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    p->y += after;
}

static void
list_block(struct pdf *p, const struct block *k)
{
    for (size_t i = 0; i < k->nitems; i++) {
        char mark[32];
        if (k->kind == B_NUMBERED)
            snprintf(mark, sizeof(mark), "%zu.", i + 1);
        else
            snprintf(mark, sizeof(mark), "•");
        PangoLayout *m = layout(p, mark, 10.5, false, 20);
        need(p, 14);
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        cairo_move_to(p->cr, MARGIN + 4, p->y);
        pango_cairo_show_layout(p->cr, m);
        g_object_unref(m);
        text_block(p, k->items[i], 10.5, false, 22, 3, 0.1, 0.1, 0.1);
    }
    p->y += 6;
}

/* Column widths: the first (the row's name) wider, the others by their share. */
static void
widths(const struct block *t, double *w)
{
    double first = t->ncols == 1 ? CONTENT : t->ncols == 2 ? CONTENT * 0.45 : CONTENT * 0.30;
    if (t->ncols == 3)
        first = CONTENT * 0.26;
    w[0] = first;
    for (size_t c = 1; c < t->ncols; c++)
        w[c] = (CONTENT - first) / (double)(t->ncols - 1);
}

static double
row_height(struct pdf *p, const struct block *t, const char *const *cells, const double *w,
           bool head)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        PangoLayout *l = layout(p, cells[c], 9, head || (c == 0 && t->first_col_head), w[c] - 8);
        double lh = layout_height(l);
        g_object_unref(l);
        if (lh > h)
            h = lh;
    }
    return h + 8;
}

static void
draw_row(struct pdf *p, const struct block *t, const char *const *cells, const double *w, bool head,
         double h)
{
    double x = MARGIN;
    for (size_t c = 0; c < t->ncols; c++) {
        if (head) {
            cairo_set_source_rgb(p->cr, 0.93, 0.95, 0.97);
            cairo_rectangle(p->cr, x, p->y, w[c], h);
            cairo_fill(p->cr);
        }
        cairo_set_source_rgb(p->cr, 0.7, 0.7, 0.7);
        cairo_set_line_width(p->cr, 0.5);
        cairo_rectangle(p->cr, x, p->y, w[c], h);
        cairo_stroke(p->cr);
        PangoLayout *l = layout(p, cells[c], 9, head || (c == 0 && t->first_col_head), w[c] - 8);
        cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
        cairo_move_to(p->cr, x + 4, p->y + 4);
        pango_cairo_show_layout(p->cr, l);
        g_object_unref(l);
        x += w[c];
    }
    p->y += h;
}

static void
table_block(struct pdf *p, const struct block *t)
{
    double w[16];
    if (t->ncols == 0 || t->ncols > 16)
        return;
    widths(t, w);
    if (t->text) {
        need(p, 40);
        text_block(p, t->text, 10, true, 0, 3, 0.1, 0.1, 0.1);
    }
    double hh = row_height(p, t, t->heads, w, true);
    need(p, hh + 20);
    draw_row(p, t, t->heads, w, true, hh);
    for (size_t r = 0; r < t->nrows; r++) {
        const char *const *cells = &t->cells[r * t->ncols];
        double h = row_height(p, t, cells, w, false);
        if (p->y + h > PAGE_H - BOTTOM) {
            new_page(p);
            draw_row(p, t, t->heads, w, true, hh); /* the heading again on the new page */
        }
        draw_row(p, t, cells, w, false, h);
    }
    p->y += 12;
}

static double
nice_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 4, e = pow(10, floor(log10(raw))), f = raw / e;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * e;
}

static void
small_text(struct pdf *p, const char *text, double x, double y, double size, int align, bool bold)
{
    PangoLayout *l = layout(p, text, size, bold, 400);
    int tw, th;
    pango_layout_get_pixel_size(l, &tw, &th);
    double left = align < 0 ? x : align == 0 ? x - tw / 2.0 : x - tw;
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, left, y - th / 2.0);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
}

static void
tick_label(char *buf, double v, bool percent)
{
    char n[FMT_NUMBER_DA_BUF];
    fmt_number_da(n, percent ? v * 100 : v, v == floor(v) || percent ? 0 : 1);
    snprintf(buf, 80, "%s%s", n, percent ? " %" : "");
}

static void
bars_block(struct pdf *p, const struct block *k)
{
    const double left = 190, right = 60, row = 16;
    double max = 0;
    for (size_t i = 0; i < k->nbars; i++) {
        if (!k->bars[i].missing && k->bars[i].value > max)
            max = k->bars[i].value;
        if (!isnan(k->bars[i].target) && k->bars[i].target > max)
            max = k->bars[i].target;
    }
    double step = nice_step(max > 0 ? max : 1), top_value = ceil((max > 0 ? max : 1) / step) * step;
    double h = (double)k->nbars * row + 40;
    need(p, h + 30);
    double y0 = p->y, span = CONTENT - left - right, base = y0 + (double)k->nbars * row;
    char buf[80];
    cairo_set_line_width(p->cr, 0.5);
    for (double t = 0; t <= top_value + step / 2; t += step) {
        double x = MARGIN + left + span * t / top_value;
        cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
        cairo_move_to(p->cr, x, y0);
        cairo_line_to(p->cr, x, base);
        cairo_stroke(p->cr);
        tick_label(buf, t, k->percent);
        small_text(p, buf, x, base + 9, 7.5, 0, false);
    }
    small_text(p, k->axis ? k->axis : "", MARGIN + left + span / 2, base + 22, 8, 0, true);
    for (size_t i = 0; i < k->nbars; i++) {
        const struct doc_bar *bar = &k->bars[i];
        double y = y0 + (double)i * row;
        small_text(p, bar->label, MARGIN + left - 6, y + row / 2, 8, 1, false);
        double len = bar->missing ? 0 : span * bar->value / top_value;
        if (!bar->missing) {
            cairo_set_source_rgb(p->cr, 0.0, 0.286, 0.576);
            cairo_rectangle(p->cr, MARGIN + left, y + 3, len, row - 6);
            cairo_fill(p->cr);
        }
        small_text(p, bar->text ? bar->text : "", MARGIN + left + len + 4, y + row / 2, 8, -1,
                   true);
        if (!isnan(bar->target)) {
            double x = MARGIN + left + span * bar->target / top_value;
            cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
            cairo_move_to(p->cr, x, y + 1);
            cairo_rel_line_to(p->cr, 4, 4);
            cairo_rel_line_to(p->cr, -4, 4);
            cairo_rel_line_to(p->cr, -4, -4);
            cairo_close_path(p->cr);
            cairo_fill(p->cr);
            cairo_set_line_width(p->cr, 1.5);
            cairo_move_to(p->cr, x, y + 1);
            cairo_line_to(p->cr, x, y + row - 1);
            cairo_stroke(p->cr);
            cairo_set_line_width(p->cr, 0.5);
            small_text(p, "◆ = mål", MARGIN + CONTENT - 40, y0 - 6, 7.5, -1, false);
        }
    }
    p->y = base + 30;
    if (k->text)
        text_block(p, k->text, 8, false, 0, 10, 0.3, 0.3, 0.3);
}

static const double series_rgb[][3] = { { 0, 0.294, 0.529 },     { 0.043, 0.478, 0.459 },
                                        { 0.369, 0.490, 0 },     { 0.702, 0.349, 0 },
                                        { 0.639, 0.098, 0.357 }, { 0.353, 0.239, 0.6 } };

static void
lines_block(struct pdf *p, const struct block *k)
{
    static const char *const months[] = { "jan.", "feb.", "mar.", "apr.", "maj",  "jun.",
                                          "jul.", "aug.", "sep.", "okt.", "nov.", "dec." };
    const double left = 40, legend = 150, h = 170;
    double max = 0;
    for (size_t i = 0; i < k->ns * k->nx; i++)
        if (!isnan(k->y[i]) && k->y[i] > max)
            max = k->y[i];
    double step = nice_step(max > 0 ? max : 1), top_value = ceil((max > 0 ? max : 1) / step) * step;
    need(p, h + 50);
    double y0 = p->y, spanx = CONTENT - left - legend, base = y0 + h;
    int64_t d0 = k->nx ? date_to_days(k->x[0]) : 0, d1 = k->nx ? date_to_days(k->x[k->nx - 1]) : 1;
    if (d1 <= d0)
        d1 = d0 + 1;
    char buf[80];
    cairo_set_line_width(p->cr, 0.5);
    for (double t = 0; t <= top_value + step / 2; t += step) {
        double y = base - h * t / top_value;
        cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
        cairo_move_to(p->cr, MARGIN + left, y);
        cairo_line_to(p->cr, MARGIN + left + spanx, y);
        cairo_stroke(p->cr);
        tick_label(buf, t, false);
        small_text(p, buf, MARGIN + left - 4, y, 7.5, 1, false);
    }
    size_t every = k->nx > 6 ? (k->nx + 5) / 6 : 1;
    for (size_t i = 0; i < k->nx; i++) {
        if ((k->nx - 1 - i) % every)
            continue;
        double x = MARGIN + left + spanx * (double)(date_to_days(k->x[i]) - d0) / (double)(d1 - d0);
        snprintf(buf, sizeof(buf), "%s %d", months[(k->x[i].m - 1) % 12], k->x[i].y);
        small_text(p, buf, x, base + 9, 7.5, 0, false);
    }
    for (size_t s = 0; s < k->ns; s++) {
        const double *c = series_rgb[s % 6];
        cairo_set_source_rgb(p->cr, c[0], c[1], c[2]);
        cairo_set_line_width(p->cr, 1.6);
        bool started = false;
        for (size_t i = 0; i < k->nx; i++) {
            double v = k->y[s * k->nx + i];
            if (isnan(v)) {
                started = false;
                continue;
            }
            double x =
                MARGIN + left + spanx * (double)(date_to_days(k->x[i]) - d0) / (double)(d1 - d0);
            double y = base - h * v / top_value;
            if (started)
                cairo_line_to(p->cr, x, y);
            else
                cairo_move_to(p->cr, x, y);
            started = true;
        }
        cairo_stroke(p->cr);
        double ly = y0 + 8 + (double)s * 13;
        cairo_rectangle(p->cr, MARGIN + left + spanx + 10, ly - 3, 8, 6);
        cairo_fill(p->cr);
        small_text(p, k->series_labels[s], MARGIN + left + spanx + 22, ly, 7.5, -1, false);
    }
    p->y = base + 24;
    if (k->text)
        text_block(p, k->text, 8, false, 0, 10, 0.3, 0.3, 0.3);
}

enum err
doc_pdf(const struct doc *d, const char *font_dir, struct strbuf *out, struct strbuf *why)
{
    fonts_dir = font_dir;
    pthread_once(&fonts_once, load_fonts);
    struct pdf p = { NULL, NULL, TOP, 1, d->footer };
    p.surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
    if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p.surface);
        return why_set(why, ERR_INTERNAL, "pdf: cannot make the surface");
    }
    cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "trappe");
    p.cr = cairo_create(p.surface);
    for (size_t i = 0; i < d->n; i++) {
        const struct block *k = &d->blocks[i];
        switch (k->kind) {
        case B_TITLE:
            need(&p, 60);
            text_block(&p, k->text, 19, true, 0, 12, 0.1, 0.1, 0.1);
            break;
        case B_HEADING:
            need(&p, 70);
            p.y += 8;
            text_block(&p, k->text, 14, true, 0, 6, 0.0, 0.286, 0.576);
            break;
        case B_SUBHEADING:
            need(&p, 50);
            p.y += 4;
            text_block(&p, k->text, 11.5, true, 0, 4, 0.1, 0.1, 0.1);
            break;
        case B_PARA:
            text_block(&p, k->text, 10.5, false, 0, 7, 0.1, 0.1, 0.1);
            break;
        case B_SMALL:
            text_block(&p, k->text, 8.5, false, 0, 6, 0.3, 0.3, 0.3);
            break;
        case B_LIST:
        case B_NUMBERED:
            list_block(&p, k);
            break;
        case B_TABLE:
            table_block(&p, k);
            break;
        case B_BARS:
            bars_block(&p, k);
            break;
        case B_LINES:
            lines_block(&p, k);
            break;
        }
    }
    page_footer(&p);
    cairo_show_page(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    cairo_status_t st = cairo_surface_status(p.surface);
    cairo_surface_destroy(p.surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return why_set(why, ERR_INTERNAL, "pdf: %s", cairo_status_to_string(st));
    return strbuf_error(out);
}

void
doc_pdf_release(void)
{
    /* Only pango's default font map. Not FcFini() nor cairo_debug_reset_static_data(): each
     * asserts that no font or cache is still referenced, which depends on the machine's font
     * cache (a fresh machine aborted in FcFini after a finished PDF). What fontconfig and cairo
     * keep for the process is freed at exit; tests/lsan.supp says so to LeakSanitizer. */
    pango_cairo_font_map_set_default(NULL);
}
