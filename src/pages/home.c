/*
 * home.c - the route table of the web application and the health check (which shows no personal
 * data, so there is nothing to audit).
 */
#include "app/policy.h"
#include "core/log.h"
#include "html/html.h"
#include "pages/pages.h"
#include "pages/web.h"

/* 1 + the capability a route needs (struct route.need; 0 means none). */
#define NEEDS(cap) ROUTE_SESSION, 1 + (cap)

/* Every route names what it needs; the dispatcher enforces it (web_admit) before the handler. */
const struct route pages_routes[] = {
    { "GET", "/", page_worklist, ROUTE_SESSION | ROUTE_ANY_ROLE, 0 }, /* redirects to the landing */
    { "GET", "/boern", page_caseload, NEEDS(CAP_CASE_LISTS) },
    { "GET", "/soeg", page_search, NEEDS(CAP_CASE_LISTS) },
    { "POST", "/soeg", page_search_post, NEEDS(CAP_CASE_LISTS) },
    { "GET", "/tilsyn", page_review, NEEDS(CAP_ACCESS_REVIEW) },
    { "GET", "/udtraek", page_extract, NEEDS(CAP_EXTRACT) },
    { "POST", "/udtraek", page_extract_post, NEEDS(CAP_EXTRACT) },
    { "GET", "/ledelse", page_leaders, NEEDS(CAP_KEY_FIGURES) },
    { "GET", "/ledelse/data", page_leaders_data, NEEDS(CAP_KEY_FIGURES) },
    { "GET", "/ledelse/notat", page_leaders_note, NEEDS(CAP_KEY_FIGURES) },
    { "GET", "/ledelse/notat.css", page_leaders_note_css, ROUTE_SESSION | ROUTE_ANY_ROLE, 0 },
    { "GET", "/opsaetning", page_config, NEEDS(CAP_CONFIG_VIEW) },
    { "GET", "/strategi", page_strategy, NEEDS(CAP_KEY_FIGURES) },
    { "GET", "/strategi/ny", page_strategy_new, NEEDS(CAP_STRATEGY_EDIT) },
    { "POST", "/strategi/ny", page_strategy_post, NEEDS(CAP_STRATEGY_EDIT) },
    { "GET", "/strategi/ret", page_strategy_edit, NEEDS(CAP_STRATEGY_EDIT) },
    { "POST", "/strategi/ret", page_strategy_post, NEEDS(CAP_STRATEGY_EDIT) },
    { "GET", "/barn/", page_child, ROUTE_ID | NEEDS(CAP_CHILD_PAGES) },
    { "POST", "/samtykke/tilbage", page_consent_withdraw, NEEDS(CAP_CHILD_PAGES) },
    { "GET", "/ny", page_form, NEEDS(CAP_CHILD_PAGES) },
    { "POST", "/ny", page_form_post, NEEDS(CAP_CHILD_PAGES) },
    { "GET", "/modtag", page_intake, NEEDS(CAP_INTAKE) },
    { "POST", "/modtag", page_intake_post, NEEDS(CAP_INTAKE) },
    { "POST", "/modtag/soeg", page_intake_search, NEEDS(CAP_INTAKE) },
    { "GET", "/henvendelser", page_inquiries, NEEDS(CAP_FILE_INQUIRY) },
    { "GET", "/henvendelser/ny", page_inquiry_new, NEEDS(CAP_FILE_INQUIRY) },
    { "POST", "/henvendelser/ny", page_inquiry_post, NEEDS(CAP_FILE_INQUIRY) },
    { "GET", "/indbakke", page_inbox, NEEDS(CAP_INTAKE) },
    { "GET", "/indbakke/", page_inbox_item, ROUTE_ID | NEEDS(CAP_INTAKE) },
    { "POST", "/indbakke/modtag", page_inbox_take, NEEDS(CAP_INTAKE) },
    { "POST", "/indbakke/svar", page_inbox_answer, NEEDS(CAP_INTAKE) },
    { "GET", "/ret", page_edit, NEEDS(CAP_CHILD_PAGES) },
    { "POST", "/ret", page_edit_post, NEEDS(CAP_CHILD_PAGES) },
    { "GET", "/login", page_login, ROUTE_PUBLIC, 0 },
    { "POST", "/login", page_login_post, ROUTE_PUBLIC, 0 },
    { "POST", "/logout", page_logout, ROUTE_SESSION | ROUTE_ANY_ROLE, 0 },
    { "GET", "/healthz", page_health, ROUTE_PUBLIC, 0 },
};
const size_t pages_nroutes = sizeof(pages_routes) / sizeof(pages_routes[0]);

/* For a monitor: 200 "ok" when the database answers a read (with a warning under 1 GiB of free
 * disk), 503 with the fault's name when it does not. Names no path and no data. */
void
page_health(struct req *req)
{
    struct app *app = web_app(req);
    struct strbuf why = STRBUF_INIT;
    int64_t mib = -1;
    enum err rc = app ? app_health(app, &mib, &why) : ERR_DB;
    strbuf_reset(&req->body);
    req->content_type = "text/plain; charset=utf-8";
    if (rc) {
        LOG(LOG_ERROR, "req=%s healthz: %s", req->request_id,
            why.len ? strbuf_str(&why) : "no database connection");
        req->status = 503;
        strbuf_addf(&req->body, "fejl: %s\n", err_str(rc));
    } else if (mib >= 0 && mib < 1024) {
        strbuf_addf(&req->body, "ok; advarsel: %lld MiB fri diskplads\n", (long long)mib);
    } else {
        HTML_LIT(&req->body, "ok\n");
    }
    strbuf_release(&why);
}
