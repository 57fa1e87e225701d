/*
 * err.c - names of the error enum, the BUG() handler and the aborting allocators.
 * Must not: print to stdout, or know anything of the application.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"

const char *
err_str(enum err e)
{
    switch (e) {
    case OK:
        return "ok";
    case ERR_INVALID:
        return "invalid input";
    case ERR_NOT_FOUND:
        return "not found";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_FORBIDDEN:
        return "forbidden";
    case ERR_TOO_LARGE:
        return "too large";
    case ERR_RATE:
        return "rate limited";
    case ERR_DB:
        return "database error";
    case ERR_FULL:
        return "disk full";
    case ERR_BUSY:
        return "database locked";
    case ERR_READONLY:
        return "read-only";
    case ERR_IO:
        return "i/o error";
    case ERR_INTERNAL:
        return "internal error";
    }
    return "unknown error";
}

void
bug_at(const char *file, int line, const char *msg)
{
    fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
    abort();
}

static NORETURN void
oom(size_t n)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}
