/*
 * web.h - what every page needs: the app of the worker thread (one database connection per
 * thread), the session from the cookie, the CSRF check, the page frame and error pages.
 */
#ifndef TRAPPE_PAGES_WEB_H
#define TRAPPE_PAGES_WEB_H

#include "app/app.h"
#include "html/html.h"
#include "http/http.h"

#define WEB_COOKIE "__Host-trappe"

struct web {
    struct app_options opt; /* how each worker thread opens its app */
};

/* The app of this worker thread, opened on first use; NULL (and a 500 page) if it cannot be. */
struct app *web_app(struct req *req);

/* Close every thread's app (at shutdown, after the server stopped). */
void web_release(void);

/* For http_options: the ticket of the read-audit rows this thread's request queued (0: none),
 * and whether it is durable yet (app_audit_state). */
uint64_t web_hold_ticket(void *ctx);
enum hold_state web_hold_state(void *ctx, uint64_t ticket);

/*
 * The door (http_options.admit), before every route's handler: a public route passes (a POST
 * with the login form's CSRF token); a session route needs a session (else a redirect to the
 * login page), for a POST a CSRF token and origin of that session, and the capability the route
 * needs (struct route.need = 1 + enum capability). Every refusal is audited and answered 403.
 */
bool web_admit(struct req *req, const struct route *rt);

/* The signed-in app of a request web_admit let through a session route. */
struct app *web_user(struct req *req);

/* The login form's CSRF token: no session yet, so a random token in a cookie of its own
 * (__Host-, SameSite=Strict) that the form must send back (double submit); web_admit checks it
 * and the origin. Sets the cookie and returns the token for the form. */
#define WEB_LOGIN_COOKIE "__Host-trappe-login"
const char *web_login_csrf_issue(struct req *req);

/* The CSRF token of this request's session (for hidden form fields), or "". */
const char *web_csrf(struct req *req);

/* The page frame: head, header with the user and the menu (active = the current menu path). */
void web_page_begin(struct req *req, struct app *app, const char *title, const char *active);
void web_page_end(struct req *req);

/* A whole error page with status and a Danish message (the request id is shown, nothing else). */
void web_error(struct req *req, int status, const char *message_da);

/* Long lists come WEB_LIST_ROWS rows at a time (?side=N, from 1), so that a team's list stays a
 * page that loads (QUALITY P-11: at most 100 KB; a list's row is about 400 bytes). */
#define WEB_LIST_ROWS 100u

struct web_list_page {
    size_t page, pages; /* this page and how many there are, from 1 */
    size_t from, to;    /* its rows: [from, to) */
    size_t total;
};

/* The page number ?side= asks for (1 without it), checked before the list is worked out so that
 * a malformed one changes nothing (not even an audit row); 0 after a 400 that names the field
 * and its rule. */
size_t web_list_side_or_respond(struct req *req);
/* Page `page` of a list of total rows; false after a 400 that names the field and its range when
 * the list has no such page (a link from when it was longer). */
bool web_list_page_or_respond(struct req *req, size_t page, size_t total, struct web_list_page *p);
/* "Side 2 af 10 (nr. 101–200 af 934)" with links to the pages either side (on path); nothing for
 * a list of one page. */
void web_list_pager(struct req *req, const char *path, const struct web_list_page *p);

/* The page a user lands on after login, by what the role may (policy.c's table): the worklist,
 * a consented partner's children, the leaders' overview, the extract, or the configuration. */
const char *web_landing(const struct app *app);

/* The HTTP status for an error from app/. */
int web_status(enum err e);
/* The error page for an error from app/: its status and its Danish text. */
/* A fault of the machine (disk full, lock timeout, read-only, database error): answered 503 with
 * its Danish text; nothing was saved. web_fault_logged ties the page's reference to the cause
 * logged where it arose. */
bool web_fault(enum err e);
const char *web_fault_da(enum err e);
void web_fault_logged(struct req *req, enum err e);
void web_error_rc(struct req *req, enum err e);

#endif
