/*
 * login.c - GET/POST /login and POST /logout. The session cookie is __Host- prefixed, Secure,
 * HttpOnly and SameSite=Strict; a new token on every login (no fixation), deleted on logout.
 */
#include <string.h>

#include "core/str.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"

static void
login_form(struct req *req, const char *error_da, const char *login)
{
    struct strbuf *b = &req->body;
    if (!web_app(req)) /* the configuration names the municipality in the header */
        return;
    web_page_begin(req, NULL, MSG_LOGIN_TITLE, NULL);
    const char *kept = req_query(req, "gemt");
    if (!error_da && kept && strcmp(kept, "1") == 0)
        HTML_LIT(b, "<div class=\"alert alert-info\" role=\"status\"><div class=\"alert-body\">"
                    "<p class=\"alert-heading\">" MSG_KEPT_HEADING
                    "</p><p class=\"alert-text\">" MSG_KEPT_TEXT "</p></div></div>\n");
    if (error_da) {
        HTML_LIT(b, "<div class=\"alert alert-error\" role=\"alert\"><div class=\"alert-body\">"
                    "<p class=\"alert-text\">");
        html_text(b, error_da);
        HTML_LIT(b, "</p></div></div>\n");
    }
    HTML_LIT(b, "<form method=\"post\" action=\"/login\" class=\"form\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_login_csrf_issue(req));
    HTML_LIT(
        b,
        "\">\n<div class=\"form-group\"><label class=\"form-label\" for=\"login\">" MSG_LOGIN_USER
        "</label>\n<input class=\"form-input input-width-l\" id=\"login\" name=\"login\" "
        "autocomplete=\"username\" required value=\"");
    html_text(b, login ? login : "");
    HTML_LIT(b, "\"></div>\n<div class=\"form-group\"><label class=\"form-label\" "
                "for=\"password\">" MSG_LOGIN_PASSWORD "</label>\n"
                "<input class=\"form-input input-width-l\" id=\"password\" name=\"password\" "
                "type=\"password\" autocomplete=\"current-password\" required></div>\n"
                "<div class=\"form-group\"><label class=\"form-label\" for=\"code\">" MSG_LOGIN_CODE
                "</label>\n<span class=\"form-hint\" id=\"code-hint\">" MSG_LOGIN_CODE_HINT
                "</span>\n<input class=\"form-input input-char-8\" id=\"code\" name=\"code\" "
                "inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" "
                "maxlength=\"6\" aria-describedby=\"code-hint\" required></div>\n"
                "<button type=\"submit\" class=\"button button-primary\">" MSG_LOGIN_BUTTON
                "</button>\n</form>\n");
    web_page_end(req);
}

void
page_login(struct req *req)
{
    login_form(req, NULL, NULL);
}

void
page_login_post(struct req *req)
{
    struct app *app = web_app(req);
    char token[APP_TOKEN_LEN + 1];
    struct strbuf why = STRBUF_INIT;
    if (!app)
        return;
    const char *login = req_form(req, "login");
    const char *password = req_form(req, "password");
    const char *code = req_form(req, "code");
    int64_t wait = 0;
    enum err rc = app_login(app, login ? login : "", password ? password : "", code ? code : "",
                            req->client, token, &wait, &why);
    if (rc == ERR_FORBIDDEN) {
        req->status = 401;
        login_form(req, MSG_LOGIN_FAILED, login);
    } else if (rc == ERR_RATE) {
        char secs[FMT_I64_BUF];
        fmt_i64(secs, wait);
        req->status = 429;
        resp_header(req, "Retry-After", secs);
        login_form(req, ARENA_CAT(req->arena, MSG_LOGIN_THROTTLED " ", secs, " " MSG_LOGIN_SECONDS),
                   login);
    } else if (rc) {
        web_error(req, 500, MSG_ERR_INTERNAL);
    } else {
        char *cookie = arena_printf(req->arena,
                                    WEB_COOKIE "=%s; Path=/; Secure; HttpOnly; "
                                               "SameSite=Strict",
                                    token);
        resp_header(req, "Set-Cookie", cookie);
        /* A form typed when the last session ended: back to it, to be filled in again. */
        const char *kept = NULL;
        if (app_form_kept_path(app, req->arena, &kept, NULL) == OK && kept)
            resp_redirect(req,
                          ARENA_CAT(req->arena, kept, strchr(kept, '?') ? "&" : "?", "gendan=1"));
        else
            resp_redirect(req, "/");
        memset(token, 0, sizeof(token));
    }
    strbuf_release(&why);
}

void
page_logout(struct req *req)
{
    struct app *app = web_user(req);
    if (!app)
        return;
    if (app_logout(app, req_cookie(req, WEB_COOKIE), NULL) != OK) {
        web_error(req, 500, MSG_ERR_INTERNAL);
        return;
    }
    resp_header(req, "Set-Cookie",
                WEB_COOKIE "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    resp_redirect(req, "/login");
}
