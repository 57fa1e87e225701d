/*
 * sheet.h - tables for export: a workbook of sheets of rows of cells (text, numbers, shares),
 * written as CSV (csv.c: Danish Excel's dialect) or XLSX (xlsx.c: libxlsxwriter lives only
 * there), and the key figures as such sheets (figures_sheet.c). The status note (note.c, pdf.c)
 * reads the same figures.
 */
#ifndef TRAPPE_REPORT_SHEET_H
#define TRAPPE_REPORT_SHEET_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/figures.h"

enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_SHARE };

struct sheet_cell {
    enum cell_kind kind;
    const char *text; /* CELL_TEXT */
    double number;    /* CELL_NUMBER, CELL_SHARE (0..1) */
    int decimals;     /* CELL_NUMBER */
};

struct sheet {
    const char *name; /* at most 31 characters (Excel's limit) */
    size_t ncols;
    const char **heads;
    struct sheet_cell *cells; /* [nrows][ncols] */
    size_t nrows, cap;
    struct arena *a;
};

/* A sheet in arena a with ncols columns named heads (borrowed). */
void sheet_init(struct sheet *s, struct arena *a, const char *name, size_t ncols,
                const char **heads);
/* A new row; its cells are empty until set. */
struct sheet_cell *sheet_row(struct sheet *s);

/* CSV for Danish Excel: UTF-8 with a byte-order mark, semicolons, decimal commas, shares as
 * percent numbers; the sheets one after another, each after a line with its name. */
enum err sheet_csv(const struct sheet *sheets, size_t n, struct strbuf *out) WUR;

/* An XLSX workbook with one worksheet per sheet, into out (written through a 0600 temporary
 * file in tmpdir, removed again). */
enum err sheet_xlsx(const struct sheet *sheets, size_t n, const char *tmpdir, struct strbuf *out,
                    struct strbuf *why) WUR;

/*
 * The key figures of t as sheets (arena a): one per group of figures that has any (group <
 * FG__COUNT: only that one), long format (figure, value of its dimension, split group, value,
 * numerator, denominator, count; suppressed cells say "<5"), and a last sheet with the
 * definitions. Returns how many sheets were written to out (at most FG__COUNT + 1).
 */
size_t figures_sheets(const struct config *cfg, const struct fig_table *t, int group,
                      struct arena *a, struct sheet *out);

#endif
