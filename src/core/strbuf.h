/*
 * strbuf.h - a growable string with a maximum size and a sticky error (curl dynbuf, SQLite
 * accError).
 *
 * Appending past the maximum sets the error and drops the data; check strbuf_error() once at the
 * end. The buffer is always NUL-terminated.
 */
#ifndef TRAPPE_CORE_STRBUF_H
#define TRAPPE_CORE_STRBUF_H

#include <stdarg.h>

#include "core/common.h"

#define STRBUF_DEFAULT_MAX (64u * 1024u * 1024u)

struct strbuf {
    char *buf;   /* owned; NULL until the first append */
    size_t len;  /* bytes used, excluding the NUL */
    size_t cap;  /* bytes allocated */
    size_t max;  /* maximum len; appending beyond it fails */
    bool failed; /* sticky: an append was dropped */
};

#define STRBUF_INIT                           \
    {                                         \
        NULL, 0, 0, STRBUF_DEFAULT_MAX, false \
    }

/* Initialise with a maximum length (0 = STRBUF_DEFAULT_MAX). */
void strbuf_init(struct strbuf *sb, size_t max);
/* Free the buffer; the strbuf may be reused after strbuf_init. */
void strbuf_release(struct strbuf *sb);
/* Empty the buffer and clear the error, keeping the allocation. */
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *p, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* v in decimal (what "%lld" gives, without printf's cost). */
void strbuf_add_int(struct strbuf *sb, long long v);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
/* The contents (borrowed), "" when empty. */
const char *strbuf_str(const struct strbuf *sb);
/* ERR_TOO_LARGE if an append was dropped, else OK. */
enum err strbuf_error(const struct strbuf *sb) WUR;

/*
 * Set an error detail: reset why (if not NULL) and write the message into it.
 * Returns e, so a failing function can `return why_set(why, ERR_INVALID, "...")`.
 */
enum err why_set(struct strbuf *why, enum err e, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
