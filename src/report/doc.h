/*
 * doc.h - a document as a list of blocks (headings, paragraphs, lists, tables, charts), built
 * once and written as HTML with print CSS (doc_html.c) or as PDF (doc_pdf.c: cairo and pango live
 * only there), so that both show the same words and numbers. The committee's status note and
 * agenda item (note.c) are such documents.
 */
#ifndef TRAPPE_REPORT_DOC_H
#define TRAPPE_REPORT_DOC_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/date.h"

enum block_kind {
    B_TITLE,
    B_HEADING,
    B_SUBHEADING,
    B_PARA,
    B_SMALL,
    B_LIST,
    B_NUMBERED,
    B_TABLE,
    B_BARS,
    B_LINES
};

struct doc_bar {
    const char *label, *text; /* text: the value as shown ("42 %", "<5") */
    double value, target;     /* target: NAN for none */
    bool missing;
};

struct block {
    enum block_kind kind;
    const char *text;   /* title, heading, paragraph; a table's or chart's caption */
    const char **items; /* a list's items */
    size_t nitems;
    size_t ncols, nrows; /* a table: heads[ncols], cells[nrows][ncols] */
    const char **heads;
    const char **cells;
    bool first_col_head;  /* the first column names the row */
    struct doc_bar *bars; /* B_BARS */
    size_t nbars;
    bool percent;
    const char *axis;
    const struct date *x; /* B_LINES: nx days, ns series of nx values (NAN: no point) */
    size_t nx, ns;
    const char **series_labels;
    const double *y; /* [ns][nx] */
};

struct doc {
    struct arena *a;
    const char *title; /* the document's title (the HTML head, the PDF's metadata) */
    const char *footer;
    struct block *blocks;
    size_t n, cap;
};

void doc_init(struct doc *d, struct arena *a, const char *title);
/* A new block of kind with text (copied); fill in the rest. */
struct block *doc_add(struct doc *d, enum block_kind kind, const char *text);
/* A list with its items (copied). */
void doc_list(struct doc *d, enum block_kind kind, const char *const *items, size_t n);
/* A table of ncols columns; rows added with doc_row (cells copied). */
struct block *doc_table(struct doc *d, const char *caption, const char *const *heads, size_t ncols);
void doc_row(struct doc *d, struct block *table, const char *const *cells);

/* The whole document as one HTML page with print CSS (A4), into out: the style inline, or linked
 * from css_href (a server whose CSP forbids inline style serves doc_css there). */
enum err doc_html(const struct doc *d, const char *css_href, struct strbuf *out) WUR;
extern const char doc_css[];
/* The document as PDF (A4, text extractable), into out; font_dir: a folder with IBM Plex Sans
 * (the design system's font), or NULL for the system's DejaVu Sans. */
enum err doc_pdf(const struct doc *d, const char *font_dir, struct strbuf *out,
                 struct strbuf *why) WUR;
/* Releases pango's default font map after doc_pdf: call once, at exit, when no doc_pdf runs (what
 * fontconfig and cairo keep for the process stays until exit; see doc_pdf.c). */
void doc_pdf_release(void);

#endif
