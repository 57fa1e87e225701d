/*
 * extract.c - GET /udtraek ("Pseudonymiseret udtræk"): for analysts, what the extract holds and a
 * form for its purpose; POST /udtraek hands out the extract itself as a JSON Lines download,
 * audited with the purpose stated (QUALITY S-31).
 */
#include <string.h>

#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"

/* The page: what the extract holds, and the purpose to state (typed, with its error, again). */
static void
extract_form(struct req *req, struct app *app, const char *typed, const char *error)
{
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_EXTRACT_TITLE, "/udtraek");
    HTML_LIT(b, "<p>" MSG_EXTRACT_INTRO "</p>\n<form method=\"post\" action=\"/udtraek\" "
                "class=\"form\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n");
    if (error)
        HTML_LIT(b, "<div class=\"form-group form-error\">\n");
    else
        HTML_LIT(b, "<div class=\"form-group\">\n");
    HTML_LIT(b, "<label class=\"form-label\" for=\"f-formaal\">" MSG_EXTRACT_PURPOSE
                " <span class=\"weight-normal\">(" MSG_FORM_REQUIRED ")</span></label>\n"
                "<span class=\"form-hint\" id=\"h-formaal\">" MSG_EXTRACT_PURPOSE_HINT "</span>\n");
    if (error) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"e-formaal\">");
        html_text(b, error);
        HTML_LIT(b, "</span>\n");
    }
    HTML_LIT(b, "<textarea class=\"form-input\" rows=\"3\" id=\"f-formaal\" name=\"formaal\" "
                "required maxlength=\"300\" aria-describedby=\"h-formaal");
    if (error)
        HTML_LIT(b, " e-formaal\" aria-invalid=\"true");
    HTML_LIT(b, "\">");
    html_text(b, typed ? typed : "");
    HTML_LIT(
        b,
        "</textarea>\n</div>\n<button type=\"submit\" class=\"button button-primary\">" MSG_EXTRACT_BUTTON
        "</button>\n</form>\n");
    web_page_end(req);
}

void
page_extract(struct req *req)
{
    struct app *app = web_user(req);
    if (app)
        extract_form(req, app, NULL, NULL);
}

void
page_extract_post(struct req *req)
{
    struct app *app = web_user(req);
    if (!app)
        return;
    const char *purpose = req_form(req, "formaal");
    size_t children = 0, records = 0;
    struct strbuf why = STRBUF_INIT;
    enum err rc = app_extract_pseudonymised(app, purpose, &req->body, &children, &records, &why);
    strbuf_release(&why);
    if (rc == ERR_INVALID) {
        strbuf_reset(&req->body);
        req->status = 400;
        extract_form(req, app, purpose, MSG_EXTRACT_PURPOSE_ERR);
        return;
    }
    if (rc) {
        strbuf_reset(&req->body);
        web_error_rc(req, rc);
        return;
    }
    req->content_type = "application/x-ndjson; charset=utf-8";
    resp_header(req, "Content-Disposition", "attachment; filename=\"trappe-udtraek.jsonl\"");
}
