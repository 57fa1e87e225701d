/*
 * html.c - escaping emitters and the page frame.
 * Must not: emit a non-literal string without escaping it.
 */
#include "html/html.h"

#include <string.h>

void
html_text(struct strbuf *sb, const char *s)
{
    for (;;) {
        /* The run of characters that need no escape, in one append. */
        size_t n = strcspn(s, "&<>\"'");
        if (n)
            strbuf_add(sb, s, n);
        s += n;
        switch (*s) {
        case '\0':
            return;
        case '&':
            HTML_LIT(sb, "&amp;");
            break;
        case '<':
            HTML_LIT(sb, "&lt;");
            break;
        case '>':
            HTML_LIT(sb, "&gt;");
            break;
        case '"':
            HTML_LIT(sb, "&quot;");
            break;
        default: /* '\'' */
            HTML_LIT(sb, "&#39;");
            break;
        }
        s++;
    }
}

void
html_int(struct strbuf *sb, long long v)
{
    strbuf_add_int(sb, v);
}

void
html_page_begin(struct strbuf *sb, const char *title)
{
    HTML_LIT(sb, "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>");
    html_text(sb, title);
    HTML_LIT(sb, " · trappe</title>\n</head>\n<body>\n<main>\n");
}

void
html_page_end(struct strbuf *sb)
{
    HTML_LIT(sb, "</main>\n</body>\n</html>\n");
}
