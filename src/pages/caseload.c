/*
 * caseload.c - GET /boern ("Mine børn") and GET/POST /soeg (search by name or CPR, by POST so no
 * name or CPR is ever in a URL). CPR numbers are masked in lists (QUALITY S-21, S-24).
 */
#include <string.h>

#include "domain/cpr.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

/* The children's rows; a team leader's say whose case each child is (the caseworker by name). */
static void
children_table(struct req *req, struct app *app, const struct caseload_row *rows, size_t n)
{
    struct strbuf *b = &req->body;
    struct date today = calendar_cph_date(app->now());
    bool team = policy_team_scope(&app->who) != NULL;
    struct account *acc = NULL;
    size_t nacc = 0;
    if (team)
        render_caseworkers(app, req->arena, &acc, &nacc);
    HTML_LIT(b,
             "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_COL_CHILD
             "</th><th scope=\"col\">" MSG_COL_CPR "</th><th scope=\"col\">" MSG_COL_AGE "</th>");
    if (team)
        HTML_LIT(b, "<th scope=\"col\">" MSG_COL_CASEWORKER "</th>");
    HTML_LIT(b, "<th scope=\"col\">" MSG_COL_STEP "</th><th scope=\"col\">" MSG_COL_DAYS_ON_STEP
                "</th><th scope=\"col\">" MSG_COL_NEXT_DEADLINE "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct caseload_row *r = &rows[i];
        const char *cpr = record_get_s(r->child, "cpr");
        struct cpr c;
        char masked[12] = "";
        int age = render_age(r->child, today);
        if (cpr && cpr_parse(cpr, &c, NULL) == OK)
            cpr_mask(&c, masked);
        HTML_LIT(b, "<tr><td>");
        render_child_link(b, r->child->id, render_child_name(r->child));
        HTML_LIT(b, "</td><td>");
        html_text(b, masked);
        HTML_LIT(b, "</td><td>");
        if (age >= 0) {
            html_int(b, age);
            HTML_LIT(b, " " MSG_YEARS);
        }
        HTML_LIT(b, "</td><td>");
        if (team) {
            render_account(b, acc, nacc, r->caseworker);
            HTML_LIT(b, "</td><td>");
        }
        render_step(b, &app->cfg, r->step);
        HTML_LIT(b, "</td><td>");
        html_int(b, (long long)(date_to_days(today) - date_to_days(r->since)));
        HTML_LIT(b, "</td><td>");
        if (r->next) {
            render_status(b, r->next->status);
            HTML_LIT(b, " ");
            render_date_da(b, r->next->due);
            HTML_LIT(b, ": ");
            html_text(b, r->next->rule->name_da);
        }
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
}

/* A partner's or the task force's children: who they are, no CPR, no step (the consent may not
 * cover the case) and no deadlines (the caseworker's). */
static void
shared_list(struct req *req, struct app *app, const struct caseload_row *rows, size_t n,
            const struct web_list_page *p)
{
    struct strbuf *b = &req->body;
    struct date today = calendar_cph_date(app->now());
    web_page_begin(req, app, MSG_NAV_SHARED, "/boern");
    if (n == 0) {
        HTML_LIT(b, "<p>" MSG_SHARED_LIST_EMPTY "</p>\n");
        web_page_end(req);
        return;
    }
    HTML_LIT(b, "<p>" MSG_SHARED_LIST_INTRO "</p>\n");
    web_list_pager(req, "/boern", p);
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th "
                "scope=\"col\">" MSG_COL_CHILD "</th><th scope=\"col\">" MSG_COL_AGE
                "</th><th scope=\"col\">" MSG_COL_CONSENT_SCOPE
                "</th><th scope=\"col\">" MSG_COL_CONSENT_UNTIL "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        int age = render_age(rows[i].child, today);
        HTML_LIT(b, "<tr><td>");
        render_child_link(b, rows[i].child->id, render_child_name(rows[i].child));
        HTML_LIT(b, "</td><td>");
        if (age >= 0) {
            html_int(b, age);
            HTML_LIT(b, " " MSG_YEARS);
        }
        HTML_LIT(b, "</td><td>");
        if (rows[i].consent_scope)
            html_text(b, msg_label_da(rows[i].consent_scope));
        HTML_LIT(b, "</td><td>");
        struct date until;
        if (rows[i].consent_until && date_parse(rows[i].consent_until, &until) == OK)
            render_date_da(b, until);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
    web_list_pager(req, "/boern", p);
    web_page_end(req);
}

/* A team leader's children come a hundred to a page (?side=N). */
void
page_caseload(struct req *req)
{
    struct app *app = web_user(req);
    struct caseload_row *rows;
    struct web_list_page p;
    size_t n;
    size_t side = app ? web_list_side_or_respond(req) : 0;
    if (!side)
        return;
    enum err rc = app_caseload(app, req->arena, &rows, &n, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    if (!web_list_page_or_respond(req, side, n, &p))
        return;
    bool team = policy_team_scope(&app->who) != NULL;
    if (policy_by_consent(&app->who)) {
        shared_list(req, app, rows + p.from, p.to - p.from, &p);
        return;
    }
    web_page_begin(req, app, team ? MSG_NAV_CASELOAD_TEAM : MSG_CASELOAD_TITLE, "/boern");
    if (n == 0) {
        if (team)
            HTML_LIT(&req->body, "<p>" MSG_CASELOAD_EMPTY_TEAM "</p>\n");
        else
            HTML_LIT(&req->body, "<p>" MSG_CASELOAD_EMPTY "</p>\n");
    } else {
        web_list_pager(req, "/boern", &p);
        children_table(req, app, rows + p.from, p.to - p.from);
        web_list_pager(req, "/boern", &p);
    }
    web_page_end(req);
}

/* The search form in DKFDS style; the term searched for stays in the field (it came by POST and
 * goes back in the body, never into a URL). */
static void
search_form(struct req *req, const struct app *app, const char *error_da, const char *q)
{
    struct strbuf *b = &req->body;
    HTML_LIT(b, "<form method=\"post\" action=\"/soeg\" class=\"form\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n<div class=\"form-group");
    if (error_da)
        HTML_LIT(b, " form-error");
    HTML_LIT(b, "\"><label class=\"form-label\" for=\"q\">" MSG_SEARCH_LABEL "</label>\n"
                "<span class=\"form-hint\" id=\"q-hint\">");
    /* Where it searches: the same scope as the lists (policy.c). */
    if (policy_by_consent(&app->who))
        HTML_LIT(b, MSG_SEARCH_HINT_CONSENT);
    else if (policy_team_scope(&app->who))
        HTML_LIT(b, MSG_SEARCH_HINT_TEAM);
    else
        HTML_LIT(b, MSG_SEARCH_HINT);
    HTML_LIT(b, "</span>\n");
    if (error_da) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"q-error\"><span class=\"sr-only\">"
                    "Fejl: </span>");
        html_text(b, error_da);
        HTML_LIT(b,
                 "</span>\n<input class=\"form-input input-width-xl\" id=\"q\" name=\"q\" "
                 "aria-describedby=\"q-hint q-error\" aria-invalid=\"true\" autocomplete=\"off\" "
                 "value=\"");
    } else {
        HTML_LIT(b, "<input class=\"form-input input-width-xl\" id=\"q\" name=\"q\" "
                    "aria-describedby=\"q-hint\" autocomplete=\"off\" value=\"");
    }
    html_text(b, q ? q : "");
    HTML_LIT(b,
             "\"></div>\n<button type=\"submit\" class=\"button button-primary\">" MSG_SEARCH_BUTTON
             "</button>\n</form>\n");
}

void
page_search(struct req *req)
{
    struct app *app = web_user(req);
    if (!app)
        return;
    web_page_begin(req, app, MSG_SEARCH_TITLE, "/soeg");
    search_form(req, app, NULL, NULL);
    web_page_end(req);
}

void
page_search_post(struct req *req)
{
    struct app *app = web_user(req);
    struct caseload_row *rows;
    size_t n = 0;
    if (!app)
        return;
    const char *q = req_form(req, "q");
    enum err rc = app_search(app, q ? q : "", req->arena, &rows, &n, NULL);
    if (rc == ERR_RATE) {
        web_error(req, web_status(rc), MSG_SEARCH_THROTTLED);
        return;
    }
    if (rc && rc != ERR_INVALID) {
        web_error_rc(req, rc);
        return;
    }
    if (rc == ERR_INVALID)
        req->status = 400;
    web_page_begin(req, app, MSG_SEARCH_TITLE, "/soeg");
    char six[7];
    bool cpr = render_cpr_term(q, six);
    search_form(req, app, rc == ERR_INVALID ? MSG_SEARCH_BAD : NULL, cpr ? NULL : q);
    if (cpr) {
        HTML_LIT(&req->body, "<p>" MSG_SEARCH_CPR_DONE " ");
        html_text(&req->body, six);
        HTML_LIT(&req->body, "-XXXX.</p>\n");
    }
    /* A search is posted (no name or CPR in a URL), so it has no pages to link to: it shows the
     * first hundred and asks for more of the name. */
    if (!rc && n == 0) {
        HTML_LIT(&req->body, "<p>" MSG_SEARCH_NONE "</p>\n");
    } else if (!rc && n > WEB_LIST_ROWS) {
        HTML_LIT(&req->body, "<p class=\"summary\">");
        html_int(&req->body, (long long)n);
        HTML_LIT(&req->body, " " MSG_SEARCH_FOUND " ");
        html_int(&req->body, WEB_LIST_ROWS);
        HTML_LIT(&req->body, " " MSG_SEARCH_MORE "</p>\n");
        children_table(req, app, rows, WEB_LIST_ROWS);
    } else if (!rc) {
        children_table(req, app, rows, n);
    }
    web_page_end(req);
}
