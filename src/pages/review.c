/*
 * review.c - GET /tilsyn ("Adgangstilsyn"): for team leaders and leadership, the refused
 * accesses of the last 30 days (alerts on access outside a caseload) and a random sample of one
 * staff member's accesses (QUALITY S-15). Children appear by id only, never by name.
 */
#include <string.h>

#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

static void
rows_table(struct strbuf *b, const struct review_row *rows, size_t n)
{
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_COL_TIME
                "</th><th scope=\"col\">" MSG_COL_USER "</th><th scope=\"col\">" MSG_COL_ACTION
                "</th><th scope=\"col\">" MSG_COL_RECORD "</th><th scope=\"col\">" MSG_COL_CHILD_ID
                "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct review_row *r = &rows[i];
        HTML_LIT(b, "<tr><td>");
        render_time_da(b, r->at);
        HTML_LIT(b, "</td><td>");
        html_text(b, r->who);
        HTML_LIT(b, "</td><td>");
        const char *action = msg_audit_action_da(r->action);
        html_text(b, action ? action : MSG_REVIEW_OTHER_ACTION);
        /* What was refused: the operation, in Danish; another detail (a reason written for the
         * log) stays in the log. */
        const char *op =
            r->detail && strcmp(r->action, "refused") == 0 ? msg_audit_action_da(r->detail) : NULL;
        if (op) {
            HTML_LIT(b, " (");
            html_text(b, op);
            HTML_LIT(b, ")");
        }
        HTML_LIT(b, "</td><td>");
        const struct record_desc *d = r->record_type ? record_desc_by_name(r->record_type) : NULL;
        html_text(b, d ? d->label_da : "");
        if (r->record_id) {
            HTML_LIT(b, " ");
            html_int(b, r->record_id);
        }
        HTML_LIT(b, "</td><td>");
        if (r->child_id)
            html_int(b, r->child_id);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
}

void
page_review(struct req *req)
{
    struct app *app = web_user(req);
    struct access_review rv;
    if (!app)
        return;
    const char *user = req_query(req, "bruger");
    enum err rc = app_access_review(app, user, req->arena, &rv, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_REVIEW_TITLE, "/tilsyn");
    HTML_LIT(b, "<p>" MSG_REVIEW_INTRO "</p>\n<h2>" MSG_REVIEW_REFUSED "</h2>\n");
    if (rv.nrefused)
        rows_table(b, rv.refused, rv.nrefused);
    else
        HTML_LIT(b, "<p>" MSG_REVIEW_NONE "</p>\n");
    HTML_LIT(
        b,
        "<form method=\"get\" action=\"/tilsyn\" class=\"form\">\n<label for=\"bruger\">" MSG_REVIEW_USER
        "</label>\n<input id=\"bruger\" name=\"bruger\" "
        "autocomplete=\"off\" value=\"");
    html_text(b, rv.user ? rv.user : "");
    HTML_LIT(b, "\">\n<button type=\"submit\">" MSG_REVIEW_BUTTON "</button>\n</form>\n");
    if (rv.user) {
        HTML_LIT(b, "<h2>" MSG_REVIEW_SAMPLE " ");
        html_text(b, rv.user);
        HTML_LIT(b, "</h2>\n");
        if (rv.nsample)
            rows_table(b, rv.sample, rv.nsample);
        else
            HTML_LIT(b, "<p>" MSG_REVIEW_NO_SAMPLE "</p>\n");
    }
    web_page_end(req);
}
