/*
 * arena.c - region allocation with a cap.
 * Must not: hand out memory that outlives arena_free/arena_reset.
 */
#include "core/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK   (64u * 1024u)
#define ARENA_ALIGN   16u
#define ARENA_DEFAULT (64u * 1024u * 1024u)

struct block {
    struct block *next;
    size_t size; /* usable bytes in data */
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct block *head;
    size_t cap;   /* maximum bytes handed out */
    size_t total; /* bytes handed out so far */
};

struct arena *
arena_new(size_t cap)
{
    struct arena *a = xcalloc(1, sizeof(*a));
    a->cap = cap ? cap : ARENA_DEFAULT;
    return a;
}

static void
free_blocks(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
}

void
arena_free(struct arena *a)
{
    if (!a)
        return;
    free_blocks(a->head);
    free(a);
}

void
arena_reset(struct arena *a)
{
    free_blocks(a->head);
    a->head = NULL;
    a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < n || need > a->cap - a->total)
        BUG("arena over its cap: an input size was not capped");
    a->total += need;
#ifdef ARENA_DEBUG
    struct block *d = xmalloc(sizeof(*d) + need);
    d->size = need;
    d->used = need;
    d->next = a->head;
    a->head = d;
    return d->data;
#else
    struct block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        struct block *nb = xmalloc(sizeof(*nb) + size);
        nb->size = size;
        nb->used = 0;
        if (b && size == need && b->size - b->used > 0) {
            /* A big one-off block goes behind the current one, which keeps its free space. */
            nb->next = b->next;
            b->next = nb;
            nb->used = need;
            return nb->data;
        }
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    return p;
#endif
}

bool
arena_fits(const struct arena *a, size_t bytes, size_t pieces)
{
    size_t room = a->cap - a->total;
    if (pieces > room / ARENA_ALIGN)
        return false;
    size_t pad = pieces * (ARENA_ALIGN - 1); /* each piece rounds up by at most this */
    return bytes <= room - pad;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *
arena_cat(struct arena *a, ...)
{
    va_list ap;
    size_t n = 0;
    va_start(ap, a);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
        n += strlen(s);
    va_end(ap);
    char *out = arena_alloc(a, n + 1), *o = out;
    va_start(ap, a);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *)) {
        size_t k = strlen(s);
        memcpy(o, s, k);
        o += k;
    }
    va_end(ap);
    *o = '\0';
    return out;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
#ifndef ARENA_DEBUG
    /* Format once, straight into the current block's free space; only text that does not fit
     * there is measured and formatted again. Blocks, allocations and room keep ARENA_ALIGN, so
     * the rounded-up size fits whenever the text does. */
    struct block *b = a->head;
    size_t room = b ? b->size - b->used : 0;
    if (room > a->cap - a->total)
        room = (a->cap - a->total) & ~(size_t)(ARENA_ALIGN - 1);
    if (room) {
        int k = vsnprintf((char *)b->data + b->used, room, fmt, cp);
        if (k < 0)
            BUG("arena_printf: bad format");
        if ((size_t)k < room) {
            va_end(cp);
            va_end(ap);
            char *p = (char *)b->data + b->used;
            size_t need = ((size_t)k + ARENA_ALIGN) & ~(size_t)(ARENA_ALIGN - 1);
            b->used += need;
            a->total += need;
            return p;
        }
        va_end(cp);
        va_copy(cp, ap);
    }
#endif
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        BUG("arena_printf: bad format");
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
