/*
 * html.h - HTML output, escaped by construction. Raw output takes string literals only
 * (HTML_LIT fails to compile on a variable); everything dynamic goes through an escaping emitter.
 */
#ifndef TRAPPE_HTML_HTML_H
#define TRAPPE_HTML_HTML_H

#include "core/strbuf.h"

/* Append a string literal as raw HTML. */
#define HTML_LIT(sb, lit) strbuf_add((sb), "" lit "", sizeof(lit) - 1)

/* Append text escaped for element content and double-quoted attributes (& < > " '). */
void html_text(struct strbuf *sb, const char *s);
/* Append a number. */
void html_int(struct strbuf *sb, long long v);
/* The page frame: doctype, <html lang="da">, head with title, opening <main>. */
void html_page_begin(struct strbuf *sb, const char *title);
/* Close <main>, body and html. */
void html_page_end(struct strbuf *sb);

#endif
