/*
 * worklist.c - GET /: "Mine frister", the caseworker's start page: every open statutory deadline of
 * the children in the user's cases (a team leader: the team's), overdue first. Their count by
 * status heads the list, which comes a hundred rows to a page (?side=N).
 */
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

/* "934 åbne frister i alt: 312 overskredet, 41 snart, 581 kommende." in the list's order. */
static void
summary(struct strbuf *b, const struct deadline_list *list)
{
    static const enum deadline_status order[] = { DL_OVERDUE, DL_DUE_SOON, DL_UPCOMING };

    size_t count[ARRAY_SIZE(order)] = { 0 };
    for (size_t i = 0; i < list->n; i++)
        for (size_t k = 0; k < ARRAY_SIZE(order); k++)
            if (list->items[i].status == order[k])
                count[k]++;
    HTML_LIT(b, "<p class=\"summary\">");
    html_int(b, (long long)list->n);
    HTML_LIT(b, " " MSG_WORKLIST_TOTAL);
    const char *sep = ": ";
    for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
        if (!count[k])
            continue;
        strbuf_addstr(b, sep);
        html_int(b, (long long)count[k]);
        HTML_LIT(b, " ");
        render_status(b, order[k]);
        sep = ", ";
    }
    HTML_LIT(b, ".</p>\n");
}

void
page_worklist(struct req *req)
{
    struct app *app = web_user(req);
    struct deadline_query q = { { { 0, 0, 0 }, 0, false }, NULL, NULL, 0, false };
    struct deadline_list list;
    struct web_list_page p;
    struct strbuf *b = &req->body;
    /* "/" is where everybody lands after login: a role without a worklist goes to its page. */
    if (app && (!policy_may(&app->who, CAP_CASE_LISTS) || policy_by_consent(&app->who))) {
        resp_redirect(req, web_landing(app));
        return;
    }
    size_t side = app ? web_list_side_or_respond(req) : 0;
    if (!side)
        return;
    q.at.d = calendar_cph_date(app->now());
    enum err rc = app_deadlines(app, &q, req->arena, &list, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    if (!web_list_page_or_respond(req, side, list.n, &p))
        return;
    bool team = policy_team_scope(&app->who) != NULL;
    web_page_begin(req, app, team ? MSG_NAV_WORKLIST_TEAM : MSG_WORKLIST_TITLE, "/");
    if (team)
        HTML_LIT(b, "<p>" MSG_WORKLIST_INTRO_TEAM "</p>\n");
    else
        HTML_LIT(b, "<p>" MSG_WORKLIST_INTRO "</p>\n");
    if (list.n == 0) {
        HTML_LIT(b, "<p>" MSG_WORKLIST_EMPTY "</p>\n");
        web_page_end(req);
        return;
    }
    summary(b, &list);
    web_list_pager(req, "/", &p);
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_COL_STATUS
                "</th><th scope=\"col\">" MSG_COL_DUE "</th><th scope=\"col\">" MSG_COL_CHILD
                "</th><th scope=\"col\">" MSG_COL_RULE "</th><th scope=\"col\">" MSG_COL_DETAIL
                "</th></tr></thead>\n<tbody>\n");
    for (size_t i = p.from; i < p.to; i++) {
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
    web_list_pager(req, "/", &p);
    web_page_end(req);
}
