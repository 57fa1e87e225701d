/*
 * strbuf.c - bounded growable strings with a sticky error.
 * Must not: abort on a too-long input (that is the sticky error's job).
 */
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

void
strbuf_init(struct strbuf *sb, size_t max)
{
    sb->buf = NULL;
    sb->len = 0;
    sb->cap = 0;
    sb->max = max ? max : STRBUF_DEFAULT_MAX;
    sb->failed = false;
}

void
strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    strbuf_init(sb, sb->max);
}

void
strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    sb->failed = false;
    if (sb->buf)
        sb->buf[0] = '\0';
}

static bool
grow(struct strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    if (extra > sb->max - sb->len) {
        sb->failed = true;
        return false;
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
    return true;
}

void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
    if (!grow(sb, n))
        return;
    if (n)
        memcpy(sb->buf + sb->len, p, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    if (sb->failed)
        return;
    /* Format into the room there is; only when it does not fit, grow and format again. */
    size_t room = sb->cap > sb->len ? sb->cap - sb->len : 0;
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, cp);
    va_end(cp);
    if (n < 0) {
        sb->failed = true;
        if (room)
            sb->buf[sb->len] = '\0';
        return;
    }
    if ((size_t)n < room && (size_t)n <= sb->max - sb->len) {
        sb->len += (size_t)n;
        return;
    }
    if (room)
        sb->buf[sb->len] = '\0'; /* undo the partial write before a possible failure */
    if (!grow(sb, (size_t)n))
        return;
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void
strbuf_add_int(struct strbuf *sb, long long v)
{
    char tmp[FMT_I64_BUF];
    strbuf_add(sb, tmp, fmt_i64(tmp, v));
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *
strbuf_str(const struct strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

enum err
strbuf_error(const struct strbuf *sb)
{
    return sb->failed ? ERR_TOO_LARGE : OK;
}

enum err
why_set(struct strbuf *why, enum err e, const char *fmt, ...)
{
    if (why) {
        va_list ap;
        strbuf_reset(why);
        va_start(ap, fmt);
        strbuf_vaddf(why, fmt, ap);
        va_end(ap);
    }
    return e;
}
