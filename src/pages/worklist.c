/*
 * worklist.c - GET /: "Mine frister", the caseworker's start page: every open statutory deadline of
 * the children in the user's cases (a team leader: the team's), overdue first.
 */
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

void
page_worklist(struct req *req)
{
    struct app *app = web_session_or_respond(req);
    struct deadline_query q = { { { 0, 0, 0 }, 0, false }, NULL, NULL, 0, false };
    struct deadline_list list;
    struct strbuf *b = &req->body;
    if (!app)
        return;
    q.at.d = calendar_cph_date(app->now());
    enum err rc = app_deadlines(app, &q, req->arena, &list, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    web_page_begin(req, app, MSG_WORKLIST_TITLE, "/");
    HTML_LIT(b, "<p>" MSG_WORKLIST_INTRO "</p>\n");
    if (list.n == 0) {
        HTML_LIT(b, "<p>" MSG_WORKLIST_EMPTY "</p>\n");
        web_page_end(req);
        return;
    }
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_COL_STATUS
                "</th><th scope=\"col\">" MSG_COL_DUE "</th><th scope=\"col\">" MSG_COL_CHILD
                "</th><th scope=\"col\">" MSG_COL_RULE "</th><th scope=\"col\">" MSG_COL_DETAIL
                "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < list.n; i++) {
        const struct deadline *d = &list.items[i];
        HTML_LIT(b, "<tr><td>");
        render_status(b, d->status);
        HTML_LIT(b, "</td><td>");
        render_date_da(b, d->due);
        HTML_LIT(b, "</td><td>");
        render_child_link(b, d->child_id, d->child_name ? d->child_name : MSG_UNNAMED_CHILD);
        HTML_LIT(b, "</td><td>");
        html_text(b, d->rule->name_da);
        HTML_LIT(b, " <span class=\"para\">(");
        html_text(b, d->rule->paragraph);
        HTML_LIT(b, ")</span>");
        if (d->rule->conf == CONF_U)
            HTML_LIT(b, " <span class=\"unverified\">" MSG_UNVERIFIED "</span>");
        HTML_LIT(b, "</td><td>");
        html_text(b, deadline_explain_da(d, q.at, req->arena));
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
    web_page_end(req);
}
