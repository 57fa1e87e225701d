/*
 * html.c - escaping emitters and the page frame.
 * Must not: emit a non-literal string without escaping it.
 */
#include "html/html.h"

void
html_text(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
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
        case '\'':
            HTML_LIT(sb, "&#39;");
            break;
        default:
            strbuf_addch(sb, *s);
        }
    }
}

void
html_int(struct strbuf *sb, long long v)
{
    strbuf_addf(sb, "%lld", v);
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
