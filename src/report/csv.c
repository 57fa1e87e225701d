/*
 * csv.c - sheets as CSV in the dialect Danish Excel opens without asking: UTF-8 with a
 * byte-order mark, ';' between fields, ',' before decimals, CRLF line ends, fields with ';', '"'
 * or a line break quoted. A text that Excel would take for a formula (=, +, -, @ first) is
 * prefixed with an apostrophe (OWASP CSV injection).
 * Must not: know what the numbers mean.
 */
#include <stdio.h>
#include <string.h>

#include "report/sheet.h"

static void
field(struct strbuf *out, const char *s)
{
    bool quote = strpbrk(s, ";\"\r\n") != NULL;
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    if (quote)
        strbuf_addch(out, '"');
    if (formula)
        strbuf_addch(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            strbuf_addch(out, '"');
        strbuf_addch(out, *p);
    }
    if (quote)
        strbuf_addch(out, '"');
}

static void
number(struct strbuf *out, double v, int decimals)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ',';
    strbuf_addstr(out, buf);
}

enum err
sheet_csv(const struct sheet *sheets, size_t n, struct strbuf *out)
{
    strbuf_addstr(out, "\xEF\xBB\xBF");
    for (size_t k = 0; k < n; k++) {
        const struct sheet *s = &sheets[k];
        if (n > 1) {
            if (k)
                strbuf_addstr(out, "\r\n");
            field(out, s->name);
            strbuf_addstr(out, "\r\n");
        }
        for (size_t c = 0; c < s->ncols; c++) {
            if (c)
                strbuf_addch(out, ';');
            field(out, s->heads[c]);
        }
        strbuf_addstr(out, "\r\n");
        for (size_t r = 0; r < s->nrows; r++) {
            for (size_t c = 0; c < s->ncols; c++) {
                const struct sheet_cell *x = &s->cells[r * s->ncols + c];
                if (c)
                    strbuf_addch(out, ';');
                switch (x->kind) {
                case CELL_EMPTY:
                    break;
                case CELL_TEXT:
                    field(out, x->text);
                    break;
                case CELL_NUMBER:
                    number(out, x->number, x->decimals);
                    break;
                case CELL_SHARE:
                    number(out, x->number * 100.0, 1);
                    break;
                }
            }
            strbuf_addstr(out, "\r\n");
        }
    }
    return strbuf_error(out);
}
