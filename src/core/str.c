/*
 * str.c - integer parsing, checked formatting and UTF-8 validation.
 * Must not: accept partial input silently (every parser consumes the whole string or fails).
 */
#include "core/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum err
parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s)
        return ERR_INVALID;
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return ERR_INVALID;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0')
        return ERR_INVALID;
    if (v < min || v > max)
        return ERR_INVALID;
    *out = (int64_t)v;
    return OK;
}

enum err
xsnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size)
        return ERR_TOO_LARGE;
    return OK;
}

bool
utf8_text_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return false;
            i++;
            continue;
        }
        size_t len;
        unsigned cp;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

size_t
utf8_len(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            count++;
    return count;
}

bool
str_in_list(const char *s, const char *const *list, size_t *index)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (strcmp(s, list[i]) == 0) {
            if (index)
                *index = i;
            return true;
        }
    }
    return false;
}

size_t
fmt_i64(char buf[static FMT_I64_BUF], int64_t v)
{
    char tmp[FMT_I64_BUF - 1], *p = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(tmp + sizeof(tmp) - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return n;
}

size_t
fmt_utc_stamp(char buf[static FMT_STAMP_BUF], int y, int mo, int d, int h, int mi, int s)
{
    const int v[] = { y / 100, y % 100, mo, d, h, mi, s };
    static const char after[] = { 0, '-', '-', 'T', ':', ':', 'Z' }; /* after each pair */
    char *p = buf;
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        *p++ = (char)('0' + v[i] / 10);
        *p++ = (char)('0' + v[i] % 10);
        if (after[i])
            *p++ = after[i];
    }
    *p = '\0';
    return (size_t)(p - buf);
}

size_t
fmt_number_da(char buf[static FMT_NUMBER_DA_BUF], double v, int decimals)
{
    char raw[48];
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    if (!(v > -1e15 && v < 1e15))
        v = 0;
    snprintf(raw, sizeof(raw), "%.*f", decimals, v);
    const char *p = raw;
    size_t n = 0;
    if (*p == '-') {
        /* A value that rounds to zero has no sign. */
        bool zero = true;
        for (const char *q = p + 1; *q; q++)
            zero = zero && (*q == '0' || *q == '.');
        if (!zero)
            buf[n++] = '-';
        p++;
    }
    const char *dot = strchr(p, '.');
    size_t whole = dot ? (size_t)(dot - p) : strlen(p);
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0)
            buf[n++] = '.';
        buf[n++] = p[i];
    }
    if (dot) {
        buf[n++] = ',';
        for (const char *q = dot + 1; *q; q++)
            buf[n++] = *q;
    }
    buf[n] = '\0';
    return n;
}
