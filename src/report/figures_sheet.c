/*
 * figures_sheet.c - the key figures as sheets for CSV and XLSX: one sheet per group of figures,
 * in long format (one row per figure, value of its dimension and split group), so that a pivot
 * table makes any cross-tabulation; then the definitions.
 * Must not: show the numbers of a suppressed cell.
 */
#include <string.h>

#include "report/sheet.h"

void
sheet_init(struct sheet *s, struct arena *a, const char *name, size_t ncols, const char **heads)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->ncols = ncols;
    s->heads = heads;
    s->a = a;
}

struct sheet_cell *
sheet_row(struct sheet *s)
{
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct sheet_cell *cells = arena_alloc(s->a, cap * s->ncols * sizeof(*cells));
        if (s->nrows)
            memcpy(cells, s->cells, s->nrows * s->ncols * sizeof(*cells));
        s->cells = cells;
        s->cap = cap;
    }
    struct sheet_cell *row = &s->cells[s->nrows++ * s->ncols];
    memset(row, 0, s->ncols * sizeof(*row));
    return row;
}

static const char *heads[] = { "Nøgletal", "Værdi af", "Gruppe", "Værdi", "Enhed",
                               "Tæller",   "Nævner",   "Antal",  "Fra",   "Til" };

static void
text(struct sheet_cell *c, const char *s)
{
    c->kind = s ? CELL_TEXT : CELL_EMPTY;
    c->text = s;
}

static void
num(struct sheet_cell *c, double v, int decimals)
{
    c->kind = CELL_NUMBER;
    c->number = v;
    c->decimals = decimals;
}

size_t
figures_sheets(const struct config *cfg, const struct fig_table *t, int group, struct arena *a,
               struct sheet *out)
{
    size_t n = 0;
    char from[DATE_BUF], to[DATE_BUF];
    date_format(t->p.from, from);
    date_format(t->p.to, to);
    const char *f = arena_strdup(a, from), *tt = arena_strdup(a, to);
    for (int g = 0; g < FG__COUNT; g++) {
        if (group >= 0 && group != g)
            continue;
        struct sheet *s = &out[n];
        sheet_init(s, a, fig_group_da((enum fig_group)g), ARRAY_SIZE(heads), heads);
        for (size_t c = 0; c < t->ncolumns; c++) {
            const struct fig_desc *d = fig_desc(t->columns[c].fig);
            if ((int)d->group != g)
                continue;
            for (size_t k = 0; k < t->ngroups; k++) {
                const struct fig_value *v = fig_cell(t, k, c);
                if (v->empty && !v->suppressed)
                    continue;
                struct sheet_cell *row = sheet_row(s);
                text(&row[0], d->name_da);
                text(&row[1],
                     d->dim == FD_NONE ? NULL : fig_dim_label_da(cfg, d->dim, t->columns[c].dim));
                text(&row[2], k ? t->groups[k] : "I alt");
                text(&row[4], fig_unit_da(d->unit));
                text(&row[8], f);
                text(&row[9], tt);
                if (v->suppressed) {
                    text(&row[3], "<5");
                    continue;
                }
                if (d->unit == FU_SHARE || d->unit == FU_RATIO) {
                    if (d->unit == FU_SHARE) {
                        row[3].kind = CELL_SHARE;
                        row[3].number = v->value;
                    } else {
                        num(&row[3], v->value, 2);
                    }
                    num(&row[5], v->num, 0);
                    num(&row[6], v->den, 0);
                } else {
                    num(&row[3], v->value, d->unit == FU_SCORE ? 1 : 0);
                    num(&row[7], (double)v->n, 0);
                }
            }
        }
        if (s->nrows)
            n++;
    }
    static const char *def_heads[] = { "Nøgletal", "Id",    "Definition", "Tæller",
                                       "Nævner",   "Enhed", "Bedre er" };
    struct sheet *s = &out[n++];
    sheet_init(s, a, "Definitioner", ARRAY_SIZE(def_heads), def_heads);
    for (int i = 0; i < FIG__COUNT; i++) {
        const struct fig_desc *d = fig_desc((enum fig_id)i);
        if (group >= 0 && (int)d->group != group)
            continue;
        struct sheet_cell *row = sheet_row(s);
        text(&row[0], d->name_da);
        text(&row[1], d->id);
        text(&row[2], d->definition_da);
        text(&row[3], d->numerator_da);
        text(&row[4], d->denominator_da);
        text(&row[5], fig_unit_da(d->unit));
        text(&row[6], d->better > 0 ? "højere" : d->better < 0 ? "lavere" : "–");
    }
    struct sheet_cell *row = sheet_row(s);
    text(&row[0], "Diskretion");
    text(&row[2], FIG_SUPPRESSION_NOTE_DA);
    return n;
}
