/*
 * web.c - the glue between http/ and app/ for the pages: a thread-local app per worker thread,
 * the session cookie, CSRF, the page frame and error pages.
 * Must not: call the store, or write anything dynamic without html_text.
 */
#include "pages/web.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "pages/msg_da.h"

#define MAX_THREADS 64

static pthread_mutex_t apps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct app *apps[MAX_THREADS];
static size_t napps;
static _Thread_local struct app *thread_app;
static _Thread_local char thread_csrf[APP_TOKEN_LEN + 1];
static _Thread_local char thread_admitted[32]; /* the request id web_admit let through */

struct app *
web_app(struct req *req)
{
    const struct web *w = req->ctx;
    if (!thread_app) {
        struct strbuf why = STRBUF_INIT;
        struct app *app = xcalloc(1, sizeof(*app));
        if (app_open(app, &w->opt, &why) != OK) {
            LOG(LOG_ERROR, "req=%s cannot open the database for a worker: %s", req->request_id,
                strbuf_str(&why));
            strbuf_release(&why);
            free(app);
            web_error(req, 500, MSG_ERR_INTERNAL);
            return NULL;
        }
        strbuf_release(&why);
        app->defer_reads = true; /* the server holds the response (web_hold_ticket) */
        pthread_mutex_lock(&apps_lock);
        if (napps < MAX_THREADS)
            apps[napps++] = app;
        pthread_mutex_unlock(&apps_lock);
        thread_app = app;
    }
    thread_app->request_id = req->request_id;
    app_keys_fresh(thread_app); /* a key rotation while the server runs */
    app_set_nobody(thread_app);
    thread_csrf[0] = '\0';
    thread_admitted[0] = '\0';
    return thread_app;
}

void
web_release(void)
{
    pthread_mutex_lock(&apps_lock);
    for (size_t i = 0; i < napps; i++) {
        app_close(apps[i]);
        free(apps[i]);
    }
    napps = 0;
    pthread_mutex_unlock(&apps_lock);
}

uint64_t
web_hold_ticket(void *ctx)
{
    (void)ctx;
    return thread_app ? app_audit_ticket_take(thread_app) : 0;
}

enum hold_state
web_hold_state(void *ctx, uint64_t ticket)
{
    (void)ctx;
    switch (app_audit_state(ticket)) {
    case AUDIT_PENDING:
        return HOLD_PENDING;
    case AUDIT_DURABLE:
        return HOLD_DONE;
    default:
        return HOLD_FAILED;
    }
}

size_t
web_list_side_or_respond(struct req *req)
{
    const char *side = req_query(req, "side");
    int64_t page = 1;
    if (side && parse_i64(side, 1, INT32_MAX, &page)) {
        web_error(req, 400, MSG_ERR_PAGE_NUMBER);
        return 0;
    }
    return (size_t)page;
}

bool
web_list_page_or_respond(struct req *req, size_t page, size_t total, struct web_list_page *p)
{
    p->total = total;
    p->pages = total ? (total + WEB_LIST_ROWS - 1) / WEB_LIST_ROWS : 1;
    if (page > p->pages) {
        char last[FMT_I64_BUF];
        fmt_i64(last, (int64_t)p->pages);
        web_error(req, 400, ARENA_CAT(req->arena, MSG_ERR_PAGE " ", last, "."));
        return false;
    }
    p->page = page;
    p->from = (p->page - 1) * WEB_LIST_ROWS;
    p->to = p->from + WEB_LIST_ROWS < total ? p->from + WEB_LIST_ROWS : total;
    return true;
}

static void
pager_link(struct strbuf *b, const char *path, const char *rel, size_t page, const char *text)
{
    HTML_LIT(b, " <a rel=\"");
    html_text(b, rel);
    HTML_LIT(b, "\" href=\"");
    html_text(b, path);
    if (strchr(path, '?'))
        HTML_LIT(b, "&amp;side=");
    else
        HTML_LIT(b, "?side=");
    html_int(b, (long long)page);
    HTML_LIT(b, "\">");
    html_text(b, text);
    HTML_LIT(b, "</a>");
}

void
web_list_pager(struct req *req, const char *path, const struct web_list_page *p)
{
    struct strbuf *b = &req->body;
    if (p->pages < 2)
        return;
    HTML_LIT(b, "<nav class=\"pager\" aria-label=\"" MSG_PAGER_LABEL "\"><p>" MSG_PAGER_PAGE " ");
    html_int(b, (long long)p->page);
    HTML_LIT(b, " " MSG_PAGER_OF " ");
    html_int(b, (long long)p->pages);
    HTML_LIT(b, " (" MSG_PAGER_ROWS " ");
    html_int(b, (long long)p->from + 1);
    HTML_LIT(b, "–");
    html_int(b, (long long)p->to);
    HTML_LIT(b, " " MSG_PAGER_OF " ");
    html_int(b, (long long)p->total);
    HTML_LIT(b, ")");
    if (p->page > 1)
        pager_link(b, path, "prev", p->page - 1, MSG_PAGER_PREV);
    if (p->page < p->pages)
        pager_link(b, path, "next", p->page + 1, MSG_PAGER_NEXT);
    HTML_LIT(b, "</p></nav>\n");
}

const char *
web_landing(const struct app *app)
{
    if (policy_may(&app->who, CAP_CASE_LISTS))
        return policy_by_consent(&app->who) ? "/boern" : "/";
    if (policy_may(&app->who, CAP_KEY_FIGURES))
        return "/ledelse";
    if (policy_may(&app->who, CAP_EXTRACT))
        return "/udtraek";
    return "/opsaetning";
}

int
web_status(enum err e)
{
    switch (e) {
    case OK:
        return 200;
    case ERR_INVALID:
        return 400;
    case ERR_NOT_FOUND:
        return 404;
    case ERR_CONFLICT:
        return 409;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_TOO_LARGE:
        return 413;
    case ERR_RATE:
        return 429;
    case ERR_FULL:
    case ERR_BUSY:
    case ERR_READONLY:
        return 503;
    default:
        return 500;
    }
}

bool
web_fault(enum err e)
{
    return e == ERR_FULL || e == ERR_BUSY || e == ERR_READONLY || e == ERR_DB;
}

const char *
web_fault_da(enum err e)
{
    return e == ERR_FULL       ? MSG_ERR_FULL
           : e == ERR_BUSY     ? MSG_ERR_BUSY
           : e == ERR_READONLY ? MSG_ERR_READONLY
                               : MSG_ERR_DB;
}

void
web_fault_logged(struct req *req, enum err e)
{
    LOG(LOG_ERROR, "req=%s answered %d: %s", req->request_id, web_status(e), err_str(e));
}

void
web_error_rc(struct req *req, enum err e)
{
    int status = web_status(e);
    /* The cause was logged where it arose (store_db_fail); this line ties it to the page's
     * reference. */
    if (status >= 500)
        web_fault_logged(req, e);
    web_error(req, status,
              e == ERR_FORBIDDEN   ? MSG_ERR_FORBIDDEN
              : e == ERR_NOT_FOUND ? MSG_ERR_NOT_FOUND
              : e == ERR_TOO_LARGE ? MSG_ERR_TOO_LARGE
              : web_fault(e)       ? web_fault_da(e)
                                   : MSG_ERR_INTERNAL);
}

static bool same_origin(struct req *req);

/* A form's fields safe to write into a path: letters, digits and '_' (a type), or digits. */
static bool
plain_word(const char *s, bool digits_only)
{
    if (!s || !*s || strlen(s) > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') ||
              (!digits_only && ((*s >= 'a' && *s <= 'z') || *s == '_'))))
            return false;
    return true;
}

/* The page that shows the form a POST to rt came from, or NULL for a route whose typing is not
 * kept: a new record, an edit, the intake. */
static const char *
form_page(struct req *req, const struct route *rt)
{
    const char *type = req_form(req, "type");
    if (strcmp(rt->path, "/modtag") == 0)
        return "/modtag";
    if (!plain_word(type, false))
        return NULL;
    if (strcmp(rt->path, "/ny") == 0 && plain_word(req_form(req, "barn"), true))
        return ARENA_CAT(req->arena, "/ny?type=", type, "&barn=", req_form(req, "barn"));
    if (strcmp(rt->path, "/ret") == 0 && plain_word(req_form(req, "id"), true))
        return ARENA_CAT(req->arena, "/ret?type=", type, "&id=", req_form(req, "id"));
    return NULL;
}

/* A form sent after its session ended: if the form carries that session's CSRF token and comes
 * from this site, what was typed is kept sealed for the account (app_form_keep) and the login
 * page says so; after the next login the form comes back filled in. Nothing is saved. */
static bool
keep_typed(struct req *req, struct app *app, const struct route *rt, const char *token)
{
    char old[APP_TOKEN_LEN + 1];
    const char *sent = req_form(req, "csrf");
    const char *page = form_page(req, rt);
    if (!app->expired_user || strcmp(req->method, "POST") != 0 || !page || !sent ||
        !same_origin(req) || !req->form || req->form_len > 256 * 1024)
        return false;
    app_csrf_token(token, old);
    if (!app_csrf_equal(sent, old))
        return false;
    const char *body = arena_strndup(req->arena, req->form, req->form_len);
    return app_form_keep(app, page, body, NULL) == OK;
}

static struct app *
session_or_respond(struct req *req, const struct route *rt)
{
    struct app *app = web_app(req);
    if (!app)
        return NULL;
    const char *token = req_cookie(req, WEB_COOKIE);
    enum err rc = app_session_resume(app, token, NULL);
    if (rc == ERR_FORBIDDEN) {
        resp_redirect(req, keep_typed(req, app, rt, token) ? "/login?gemt=1" : "/login");
        return NULL;
    }
    if (rc) {
        web_error(req, 500, MSG_ERR_INTERNAL);
        return NULL;
    }
    app_csrf_token(token, thread_csrf);
    return app;
}

const char *
web_csrf(struct req *req)
{
    (void)req;
    return thread_csrf;
}

/* A POST from this site: no Sec-Fetch-Site or a same-origin one, and an Origin that is absent,
 * "null" or this host. Under our Referrer-Policy: no-referrer a browser sends "Origin: null"
 * even from our own forms, so "null" proves nothing either way and the token decides; a
 * named other origin is refused outright. */
static bool
same_origin(struct req *req)
{
    const char *site = req_header(req, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return false;
    const char *origin = req_header(req, "Origin");
    if (!origin || strcmp(origin, "null") == 0)
        return true;
    const char *host = req_header(req, "Host");
    const char *rest = strncmp(origin, "https://", 8) == 0  ? origin + 8
                       : strncmp(origin, "http://", 7) == 0 ? origin + 7
                                                            : NULL;
    return host && rest && strcmp(rest, host) == 0;
}

static bool
csrf_ok(struct req *req)
{
    const char *sent = req_form(req, "csrf");
    return same_origin(req) && sent && thread_csrf[0] && app_csrf_equal(sent, thread_csrf);
}

const char *
web_login_csrf_issue(struct req *req)
{
    char token[CRYPTO_TOKEN_LEN + 1];
    crypto_token_new(token);
    resp_header(req, "Set-Cookie",
                ARENA_CAT(req->arena, WEB_LOGIN_COOKIE "=", token,
                          "; Path=/; Secure; HttpOnly; SameSite=Strict"));
    return arena_strdup(req->arena, token);
}

static bool
login_csrf_ok(struct req *req)
{
    const char *sent = req_form(req, "csrf");
    const char *cookie = req_cookie(req, WEB_LOGIN_COOKIE);
    return same_origin(req) && sent && cookie && strlen(sent) == CRYPTO_TOKEN_LEN &&
           app_csrf_equal(sent, cookie);
}

bool
web_admit(struct req *req, const struct route *rt)
{
    bool post = strcmp(req->method, "POST") == 0;
    if (rt->flags & ROUTE_PUBLIC) {
        if (!post || login_csrf_ok(req))
            return true;
        web_error(req, 403, MSG_ERR_CSRF); /* nobody signed in: nobody to audit */
        return false;
    }
    struct app *app = session_or_respond(req, rt);
    if (!app)
        return false;
    const char *what = ARENA_CAT(req->arena, req->method, " ", rt->path);
    if (post && !csrf_ok(req)) {
        app_refusal(app, what, "no valid CSRF token or a foreign origin");
        web_error(req, 403, MSG_ERR_CSRF);
        return false;
    }
    if (rt->need > 0 && app_capability(app, (enum capability)(rt->need - 1), what, NULL) != OK) {
        web_error(req, 403, MSG_ERR_FORBIDDEN);
        return false;
    }
    snprintf(thread_admitted, sizeof(thread_admitted), "%s", req->request_id);
    return true;
}

struct app *
web_user(struct req *req)
{
    if (thread_app && thread_admitted[0] && strcmp(thread_admitted, req->request_id) == 0)
        return thread_app;
    LOG(LOG_ERROR, "req=%s %s %s: a session handler ran without web_admit", req->request_id,
        req->method, req->path);
    web_error(req, 500, MSG_ERR_INTERNAL);
    return NULL;
}

void
web_page_begin(struct req *req, struct app *app, const char *title, const char *active)
{
    struct strbuf *b = &req->body;
    HTML_LIT(b,
             "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(b, title);
    HTML_LIT(b, " · " MSG_APP_NAME "</title>\n"
                "<link rel=\"stylesheet\" href=\"/static/dkfds/css/dkfds.min.css\">\n"
                "<link rel=\"stylesheet\" href=\"/static/trappe.css\">\n</head>\n<body>\n"
                "<a class=\"skipnav\" href=\"#indhold\">" MSG_SKIP_LINK "</a>\n"
                "<header class=\"header\">\n<div class=\"portal-info\"><div class=\"container "
                "portal-info-inner\">\n<p class=\"authority\">");
    /* DKFDS's header: the authority on the portal line with the user, the solution below it,
     * the menu under both. The names are the configuration's (settings.jsonl). */
    const struct config *cfg = app ? &app->cfg : thread_app ? &thread_app->cfg : NULL;
    const char *authority = cfg ? cfg->settings.municipality_name : NULL;
    const char *area = cfg ? cfg->settings.area_name : NULL;
    html_text(b, authority ? authority : "");
    HTML_LIT(b, "</p>\n");
    bool user = app && app->who.kind == ACTOR_USER;
    if (user) {
        HTML_LIT(b, "<form class=\"logout\" method=\"post\" action=\"/logout\">"
                    "<span>" MSG_LOGGED_IN_AS " ");
        if (app->who_name[0] && strcmp(app->who_name, app->who.login) != 0) {
            html_text(b, app->who_name);
            HTML_LIT(b, " (");
            html_text(b, app->who.login);
            HTML_LIT(b, ")");
        } else {
            html_text(b, app->who.login);
        }
        HTML_LIT(b, "</span> <input type=\"hidden\" name=\"csrf\" value=\"");
        html_text(b, web_csrf(req));
        HTML_LIT(b, "\"><button type=\"submit\" class=\"button button-secondary\">" MSG_LOGOUT
                    "</button></form>\n");
    }
    HTML_LIT(b,
             "</div></div>\n<div class=\"solution-info\"><div class=\"container "
             "solution-info-inner\">\n<div class=\"solution-heading\"><a href=\"/\">" MSG_APP_NAME
             "</a></div>\n");
    if (area) {
        HTML_LIT(b, "<div class=\"additional-info\"><p><strong class=\"authority-name\">");
        html_text(b, area);
        HTML_LIT(b, "</strong></p></div>\n");
    }
    HTML_LIT(b, "</div></div>\n");
    if (user) {
        /* What the role may use, as policy.c's table says: nothing it cannot follow. */
        bool team = policy_team_scope(&app->who) != NULL;
        bool shared = policy_by_consent(&app->who); /* a partner, the task force */

        const struct {
            const char *path, *label;
            enum capability cap;
        } menu[] = {
            { "/", team ? MSG_NAV_WORKLIST_TEAM : MSG_NAV_WORKLIST, CAP_CASE_LISTS },
            { "/boern",
              shared ? MSG_NAV_SHARED
              : team ? MSG_NAV_CASELOAD_TEAM
                     : MSG_NAV_CASELOAD,
              CAP_CASE_LISTS },
            { "/soeg", MSG_NAV_SEARCH, CAP_CASE_LISTS },
            { "/henvendelser", MSG_NAV_INQUIRIES, CAP_FILE_INQUIRY },
            { "/indbakke", MSG_NAV_INBOX, CAP_INTAKE },
            { "/modtag", MSG_NAV_INTAKE, CAP_INTAKE },
            { "/ledelse", MSG_NAV_LEADERS, CAP_KEY_FIGURES },
            { "/strategi", MSG_NAV_STRATEGY, CAP_KEY_FIGURES },
            { "/tilsyn", MSG_NAV_REVIEW, CAP_ACCESS_REVIEW },
            { "/udtraek", MSG_NAV_EXTRACT, CAP_EXTRACT },
            { "/opsaetning", MSG_NAV_CONFIG, CAP_CONFIG_VIEW },
        };

        HTML_LIT(b, "<nav class=\"navigation-menu\" aria-label=\"" MSG_NAV_LABEL
                    "\"><div class=\"navigation-menu-inner container\"><ul class=\"mainmenu\">\n");
        for (size_t i = 0; i < ARRAY_SIZE(menu); i++) {
            if (!policy_may(&app->who, menu[i].cap) ||
                (shared && (strcmp(menu[i].path, "/") == 0 || strcmp(menu[i].path, "/soeg") == 0)))
                continue; /* a partner's list is short and has no deadlines */
            bool here = active && strcmp(active, menu[i].path) == 0;
            HTML_LIT(b, "<li class=\"mainmenu-item");
            if (here)
                HTML_LIT(b, " current");
            HTML_LIT(b, "\"><a class=\"mainmenu-link\" href=\"");
            html_text(b, menu[i].path);
            HTML_LIT(b, "\"");
            if (here)
                HTML_LIT(b, " aria-current=\"page\"");
            HTML_LIT(b, ">");
            html_text(b, menu[i].label);
            HTML_LIT(b, "</a></li>\n");
        }
        HTML_LIT(b, "</ul></div></nav>\n");
    }
    HTML_LIT(b, "</header>\n<main id=\"indhold\" class=\"container\">\n<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
}

void
web_page_end(struct req *req)
{
    struct strbuf *b = &req->body;
    const struct config *cfg = thread_app ? &thread_app->cfg : NULL;
    const char *authority = cfg ? cfg->settings.municipality_name : NULL;
    const char *area = cfg ? cfg->settings.area_name : NULL;
    HTML_LIT(b, "</main>\n<footer><div class=\"footer\"><div class=\"container\">\n"
                "<div class=\"footer-col\"><p><strong>");
    html_text(b, authority ? authority : MSG_APP_NAME);
    HTML_LIT(b, "</strong>");
    if (area) {
        HTML_LIT(b, " · ");
        html_text(b, area);
    }
    HTML_LIT(b,
             "</p>\n<p>" MSG_FOOTER_TEXT "</p></div>\n</div></div></footer>\n</body>\n</html>\n");
}

void
web_error(struct req *req, int status, const char *message_da)
{
    strbuf_reset(&req->body);
    req->status = status;
    req->content_type = "text/html; charset=utf-8";
    /* A logged-in user keeps the menu and the logout button on an error page. */
    web_page_begin(req, thread_app && thread_csrf[0] ? thread_app : NULL, MSG_ERR_TITLE, NULL);
    HTML_LIT(&req->body, "<p>");
    html_text(&req->body, message_da);
    HTML_LIT(&req->body, "</p>\n<p>" MSG_ERR_REQUEST_ID ": ");
    html_text(&req->body, req->request_id);
    HTML_LIT(&req->body, "</p>\n");
    web_page_end(req);
}
