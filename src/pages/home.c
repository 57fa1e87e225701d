/*
 * home.c - the route table of the web application and the health check (which shows no personal
 * data, so there is nothing to audit).
 */
#include "html/html.h"
#include "pages/pages.h"

const struct route pages_routes[] = {
    { "GET", "/", page_worklist, 0 },
    { "GET", "/boern", page_caseload, 0 },
    { "GET", "/tilsyn", page_review, 0 },
    { "GET", "/udtraek", page_extract, 0 },
    { "GET", "/ledelse", page_leaders, 0 },
    { "GET", "/ledelse/data", page_leaders_data, 0 },
    { "GET", "/ledelse/notat", page_leaders_note, 0 },
    { "GET", "/ledelse/notat.css", page_leaders_note_css, 0 },
    { "GET", "/ledelse/notat", page_leaders_note, 0 },
    { "GET", "/ledelse/notat.css", page_leaders_note_css, 0 },
    { "GET", "/opsaetning", page_config, 0 },
    { "GET", "/strategi", page_strategy, 0 },
    { "GET", "/strategi/ny", page_strategy_new, 0 },
    { "POST", "/strategi/ny", page_strategy_post, 0 },
    { "GET", "/strategi/ret", page_strategy_edit, 0 },
    { "POST", "/strategi/ret", page_strategy_post, 0 },
    { "GET", "/barn/", page_child, ROUTE_ID },
    { "GET", "/ny", page_form, 0 },
    { "POST", "/ny", page_form_post, 0 },
    { "GET", "/ret", page_edit, 0 },
    { "POST", "/ret", page_edit_post, 0 },
    { "GET", "/soeg", page_search, 0 },
    { "POST", "/soeg", page_search_post, 0 },
    { "GET", "/login", page_login, ROUTE_PUBLIC },
    { "POST", "/login", page_login_post, ROUTE_PUBLIC },
    { "POST", "/logout", page_logout, 0 },
    { "GET", "/healthz", page_health, ROUTE_PUBLIC },
};
const size_t pages_nroutes = sizeof(pages_routes) / sizeof(pages_routes[0]);

void
page_health(struct req *req)
{
    req->content_type = "text/plain; charset=utf-8";
    HTML_LIT(&req->body, "ok\n");
}
