/*
 * extract.c - GET /udtraek ("Pseudonymiseret udtræk"): for analysts, what the extract holds and a
 * button; GET /udtraek?hent=1 hands out the extract itself as a JSON Lines download.
 */
#include <string.h>

#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"

void
page_extract(struct req *req)
{
    struct app *app = web_user(req);
    if (!app)
        return;
    const char *get = req_query(req, "hent");
    if (!get || strcmp(get, "1") != 0) {
        struct strbuf *b = &req->body;
        web_page_begin(req, app, MSG_EXTRACT_TITLE, "/udtraek");
        HTML_LIT(b, "<p>" MSG_EXTRACT_INTRO "</p>\n<form method=\"get\" action=\"/udtraek\" "
                    "class=\"form\">\n<input type=\"hidden\" name=\"hent\" value=\"1\">\n"
                    "<button type=\"submit\">" MSG_EXTRACT_BUTTON "</button>\n</form>\n");
        web_page_end(req);
        return;
    }
    size_t children = 0, records = 0;
    struct strbuf why = STRBUF_INIT;
    enum err rc = app_extract_pseudonymised(app, &req->body, &children, &records, &why);
    strbuf_release(&why);
    if (rc) {
        strbuf_reset(&req->body);
        web_error_rc(req, rc);
        return;
    }
    req->content_type = "application/x-ndjson; charset=utf-8";
    resp_header(req, "Content-Disposition", "attachment; filename=\"trappe-udtraek.jsonl\"");
}
