/*
 * doc.c - building a document (doc.h).
 * Must not: render; doc_html.c and doc_pdf.c do.
 */
#include "report/doc.h"

#include <string.h>

void
doc_init(struct doc *d, struct arena *a, const char *title)
{
    memset(d, 0, sizeof(*d));
    d->a = a;
    d->title = arena_strdup(a, title);
}

struct block *
doc_add(struct doc *d, enum block_kind kind, const char *text)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        struct block *b = arena_alloc(d->a, cap * sizeof(*b));
        if (d->n)
            memcpy(b, d->blocks, d->n * sizeof(*b));
        d->blocks = b;
        d->cap = cap;
    }
    struct block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->text = text ? arena_strdup(d->a, text) : NULL;
    return b;
}

void
doc_list(struct doc *d, enum block_kind kind, const char *const *items, size_t n)
{
    struct block *b = doc_add(d, kind, NULL);
    b->items = arena_alloc(d->a, (n ? n : 1) * sizeof(*b->items));
    for (size_t i = 0; i < n; i++)
        b->items[i] = arena_strdup(d->a, items[i]);
    b->nitems = n;
}

struct block *
doc_table(struct doc *d, const char *caption, const char *const *heads, size_t ncols)
{
    struct block *b = doc_add(d, B_TABLE, caption);
    b->ncols = ncols;
    b->heads = arena_alloc(d->a, ncols * sizeof(*b->heads));
    for (size_t i = 0; i < ncols; i++)
        b->heads[i] = arena_strdup(d->a, heads[i]);
    b->first_col_head = true;
    return b;
}

void
doc_row(struct doc *d, struct block *t, const char *const *cells)
{
    /* Rows are few: grow one row at a time. */
    const char **c = arena_alloc(d->a, (t->nrows + 1) * t->ncols * sizeof(*c));
    if (t->nrows)
        memcpy(c, t->cells, t->nrows * t->ncols * sizeof(*c));
    for (size_t i = 0; i < t->ncols; i++)
        c[t->nrows * t->ncols + i] = arena_strdup(d->a, cells[i] ? cells[i] : "");
    t->cells = c;
    t->nrows++;
}
