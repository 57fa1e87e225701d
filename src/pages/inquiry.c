/*
 * inquiry.c - a partner's inquiries (GET /henvendelser, GET and POST /henvendelser/ny) and the
 * intake's inbox of them (GET /indbakke, GET /indbakke/ID, POST /indbakke/modtag and
 * /indbakke/svar). A partner sees what it sent and the answers, in words written for a school or
 * a daycare; the intake takes each in and answers it.
 */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "domain/calendar.h"
#include "pages/form.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"

/* What a partner fills in (the rest is the system's or the intake's). */
static const char *const partner_fields[] = { "kind",      "notifier_type",  "child_name",
                                              "child_cpr", "child_birth",    "seen",
                                              "since",     "partner_action", "parents_informed" };

static void
hidden_csrf(struct strbuf *b, struct req *req)
{
    HTML_LIT(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n");
}

static void
inquiry_init(struct form *f)
{
    memset(f, 0, sizeof(*f));
    f->d = record_desc_get(RT_inquiry);
}

/* The status of an inquiry in a few words (the same for the partner and the intake). */
static void
status_text(struct strbuf *b, const struct record *q)
{
    const char *taken = record_get_s(q, "taken_at"), *resp = record_get_s(q, "response");
    const char *fb = record_get_s(q, "feedback_at");
    if (!taken) {
        HTML_LIT(b, MSG_INQ_WAITING);
        return;
    }
    HTML_LIT(b, MSG_INQ_TAKEN " ");
    render_time_da(b, taken);
    if (resp) {
        HTML_LIT(b, ". " MSG_INQ_ANSWER ": ");
        html_text(b, msg_label_da(resp));
    }
    if (fb) {
        HTML_LIT(b, ". " MSG_INQ_FEEDBACK " ");
        render_time_da(b, fb);
    }
}

/* A read-only list of label and value for the fields named, as set. */
static void
fields_dl(struct strbuf *b, struct app *app, const struct record *q, const char *const *names,
          size_t n)
{
    HTML_LIT(b, "<dl class=\"fields\">\n");
    for (size_t i = 0; i < n; i++) {
        int k = record_field_index(q->desc, names[i]);
        const struct field_desc *fd = &q->desc->fields[k];
        const struct value *v = &q->v[k];
        if (!v->set)
            continue;
        HTML_LIT(b, "<dt>");
        html_text(b, fd->label_da);
        HTML_LIT(b, "</dt><dd>");
        if (fd->kind == FK_BOOL)
            html_text(b, v->i ? MSG_FORM_YES : MSG_FORM_NO);
        else if (fd->kind == FK_ENUM)
            html_text(b, msg_label_da(v->s));
        else if (fd->kind == FK_CODE) {
            const struct code_entry *c = config_code(&app->cfg, fd->ref, v->s);
            html_text(b, c ? c->name_da : v->s);
        } else if (fd->kind == FK_DATETIME)
            render_time_da(b, v->s);
        else
            html_text(b, v->s ? v->s : "");
        HTML_LIT(b, "</dd>\n");
    }
    HTML_LIT(b, "</dl>\n");
}

/* --- the partner ----------------------------------------------------------------------------- */

typedef enum err (*inquiry_list_fn)(struct app *app, struct arena *a, struct record **out,
                                    size_t *n, struct strbuf *why);

/* The page number ?side= asks for and the list fn gives, or 0 after an answer (a malformed page
 * number is refused before the list is read). */
static size_t
list_or_respond(struct req *req, struct app *app, inquiry_list_fn fn, struct record **items,
                size_t *n)
{
    size_t side = app ? web_list_side_or_respond(req) : 0;
    if (!side)
        return 0;
    enum err rc = fn(app, req->arena, items, n, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return 0;
    }
    return side;
}

void
page_inquiries(struct req *req)
{
    struct app *app = web_user(req);
    struct record *items;
    struct web_list_page p;
    size_t n;
    size_t side = list_or_respond(req, app, app_inquiry_mine, &items, &n);
    if (!side || !web_list_page_or_respond(req, side, n, &p))
        return;
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_INQ_TITLE, "/henvendelser");
    const char *sent = req_query(req, "sendt");
    if (sent)
        render_success(b, MSG_INQ_SENT);
    HTML_LIT(b, "<p>" MSG_INQ_INTRO "</p>\n<p><a class=\"button button-primary\" "
                "href=\"/henvendelser/ny\">" MSG_INQ_NEW "</a></p>\n");
    if (n == 0) {
        HTML_LIT(b, "<p>" MSG_INQ_EMPTY "</p>\n");
        web_page_end(req);
        return;
    }
    static const char *const wrote[] = { "notifier_type", "child_birth",    "seen",
                                         "since",         "partner_action", "parents_informed" };
    web_list_pager(req, "/henvendelser", &p);
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_INQ_COL_SENT
                "</th><th scope=\"col\">" MSG_COL_CHILD "</th><th scope=\"col\">" MSG_INQ_COL_KIND
                "</th><th scope=\"col\">" MSG_INQ_COL_STATUS "</th></tr></thead>\n<tbody>\n");
    for (size_t i = p.from; i < p.to; i++) {
        const struct record *q = &items[i];
        HTML_LIT(b, "<tr><td>");
        render_time_da(b, record_get_s(q, "filed_at"));
        HTML_LIT(b, "</td><td>");
        html_text(b, record_get_s(q, "child_name"));
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(q, "kind")));
        HTML_LIT(b, "</td><td>");
        status_text(b, q);
        if (record_get_s(q, "feedback")) {
            HTML_LIT(b, "<p><strong>" MSG_INQ_FEEDBACK ":</strong> ");
            html_text(b, record_get_s(q, "feedback"));
            HTML_LIT(b, "</p>");
        }
        HTML_LIT(b, "<details><summary>" MSG_INQ_DETAILS "</summary>\n");
        fields_dl(b, app, q, wrote, ARRAY_SIZE(wrote));
        HTML_LIT(b, "</details></td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
    web_list_pager(req, "/henvendelser", &p);
    web_page_end(req);
}

static void
render_new(struct req *req, struct app *app, struct form *f)
{
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_INQ_NEW, "/henvendelser");
    form_error_summary(b, f);
    HTML_LIT(b, "<p>" MSG_INQ_NEW_HINT "</p>\n"
                "<form method=\"post\" action=\"/henvendelser/ny\" class=\"form record\" "
                "novalidate>\n");
    hidden_csrf(b, req);
    form_once(b, req);
    for (size_t i = 0; i < ARRAY_SIZE(partner_fields); i++) {
        if (i == 2)
            HTML_LIT(b, "<fieldset><legend class=\"h2\">" MSG_INQ_CHILD "</legend>\n");
        if (i == 5)
            HTML_LIT(b, "</fieldset>\n<fieldset><legend class=\"h2\">" MSG_INQ_WHAT "</legend>\n");
        form_field(b, req, app, f, record_field_index(f->d, partner_fields[i]));
    }
    HTML_LIT(b, "</fieldset>\n<button type=\"submit\" class=\"button button-primary\">" MSG_INQ_SEND
                "</button>\n</form>\n<script src=\"/static/engang.js\" defer></script>\n");
    web_page_end(req);
}

void
page_inquiry_new(struct req *req)
{
    struct app *app = web_user(req);
    struct form f;
    if (!app)
        return;
    inquiry_init(&f);
    render_new(req, app, &f);
}

void
page_inquiry_post(struct req *req)
{
    struct app *app = web_user(req);
    struct form f;
    struct record r;
    struct strbuf why = STRBUF_INIT;
    if (!app)
        return;
    inquiry_init(&f);
    bool bad = form_read(req, app, &f, &r);
    const char *once = req_form(req, "engang");
    app->once = app_form_token_valid(once) ? once : NULL;
    memset(&app->once_first, 0, sizeof(app->once_first));
    enum err rc = bad ? ERR_INVALID : app_inquiry_file(app, req->arena, &r, &why);
    app->once = NULL;
    if (rc == OK || (rc == ERR_CONFLICT && app->once_first.type[0])) {
        resp_redirect(req, "/henvendelser?sendt=1"); /* a second submit: the first was sent */
    } else if (rc == ERR_INVALID) {
        if (!bad)
            form_place_error(req, &f, strbuf_str(&why));
        req->status = 400;
        render_new(req, app, &f);
    } else if (web_fault(rc)) {
        web_fault_logged(req, rc);
        f.general = web_fault_da(rc);
        req->status = 503;
        render_new(req, app, &f);
    } else {
        web_error_rc(req, rc);
    }
    strbuf_release(&why);
}

/* --- the intake ------------------------------------------------------------------------------ */

/* A formal notification is assessed within 24 hours of its filing (U1): when, and whether late. */
static void
due_cell(struct strbuf *b, const struct app *app, const struct record *q)
{
    int64_t filed;
    if (strcmp(record_get_s(q, "kind"), "formal_notification") != 0 ||
        record_get_s(q, "taken_at") || datetime_parse(record_get_s(q, "filed_at"), &filed) != OK)
        return;
    char due[DATETIME_BUF];
    datetime_format(filed + 24 * 3600, due);
    bool late = app->now() > filed + 24 * 3600;
    if (late)
        HTML_LIT(b, "<strong class=\"status-overdue\">" MSG_INBOX_OVERDUE ":</strong> ");
    render_time_da(b, due);
}

/* One of the inbox's two tables: the new inquiries with their deadline, or those taken in and
 * waiting for the partner's answer with when they were taken in. */
static void
inbox_table(struct strbuf *b, struct app *app, const struct record *items, size_t n, bool fresh)
{
    HTML_LIT(b, "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_INQ_COL_SENT
                "</th><th scope=\"col\">" MSG_INQ_COL_KIND "</th><th scope=\"col\">" MSG_COL_CHILD
                "</th><th scope=\"col\">");
    if (fresh)
        HTML_LIT(b, MSG_INBOX_DUE);
    else
        HTML_LIT(b, MSG_INBOX_TAKEN_AT);
    HTML_LIT(b, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const struct record *q = &items[i];
        HTML_LIT(b, "<tr><td>");
        render_time_da(b, record_get_s(q, "filed_at"));
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(q, "kind")));
        HTML_LIT(b, "</td><td><a href=\"/indbakke/");
        html_int(b, q->id);
        HTML_LIT(b, "\">");
        html_text(b, record_get_s(q, "child_name"));
        HTML_LIT(b, "</a></td><td>");
        if (fresh)
            due_cell(b, app, q);
        else
            render_time_da(b, record_get_s(q, "taken_at"));
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
}

/* The intake's inbox: the new inquiries on top (a formal notification has 24 hours), all of them;
 * below them those taken in that still wait for the partner's answer, a page at a time. Both
 * oldest first: what has waited longest comes first. */
void
page_inbox(struct req *req)
{
    struct app *app = web_user(req);
    struct record *items;
    struct web_list_page p;
    size_t n;
    size_t side = list_or_respond(req, app, app_inquiry_inbox, &items, &n);
    if (!side)
        return;
    struct record *fresh = arena_alloc(req->arena, (n ? n : 1) * sizeof(*fresh));
    struct record *waiting = arena_alloc(req->arena, (n ? n : 1) * sizeof(*waiting));
    size_t nfresh = 0, nwaiting = 0;
    for (size_t i = 0; i < n; i++) {
        if (record_get_s(&items[i], "taken_at"))
            waiting[nwaiting++] = items[i];
        else
            fresh[nfresh++] = items[i];
    }
    if (!web_list_page_or_respond(req, side, nwaiting, &p))
        return;
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_INBOX_TITLE, "/indbakke");
    HTML_LIT(b, "<p>" MSG_INBOX_INTRO "</p>\n<h2>" MSG_INBOX_NEW_HEADING " (");
    html_int(b, (long long)nfresh);
    HTML_LIT(b, ")</h2>\n");
    if (nfresh)
        inbox_table(b, app, fresh, nfresh, true);
    else
        HTML_LIT(b, "<p>" MSG_INBOX_EMPTY "</p>\n");
    if (nwaiting) {
        HTML_LIT(b, "<h2>" MSG_INBOX_NEEDS_ANSWER " (");
        html_int(b, (long long)nwaiting);
        HTML_LIT(b, ")</h2>\n<p>" MSG_INBOX_NEEDS_ANSWER_HINT "</p>\n");
        web_list_pager(req, "/indbakke", &p);
        inbox_table(b, app, waiting + p.from, p.to - p.from, false);
        web_list_pager(req, "/indbakke", &p);
    }
    web_page_end(req);
}

static void
hidden_id_version(struct strbuf *b, const struct record *q)
{
    HTML_LIT(b, "<input type=\"hidden\" name=\"id\" value=\"");
    html_int(b, q->id);
    HTML_LIT(b, "\"><input type=\"hidden\" name=\"version\" value=\"");
    html_int(b, q->version);
    HTML_LIT(b, "\">\n");
}

static void
take_form(struct strbuf *b, struct req *req, struct app *app, const struct record *q,
          const char *error_da)
{
    const struct field_desc *fd = &q->desc->fields[record_field_index(q->desc, "response")];
    bool formal = strcmp(record_get_s(q, "kind"), "formal_notification") == 0;
    HTML_LIT(b, "<h2>" MSG_INBOX_TAKE "</h2>\n<p class=\"form-hint\">" MSG_INBOX_TAKE_HINT
                "</p>\n<form method=\"post\" action=\"/indbakke/modtag\" class=\"form\">\n");
    hidden_csrf(b, req);
    form_once(b, req);
    hidden_id_version(b, q);
    HTML_LIT(b, "<div class=\"form-group");
    if (error_da)
        HTML_LIT(b, " form-error");
    HTML_LIT(b,
             "\"><label class=\"form-label\" for=\"f-response\">" MSG_INBOX_RESPONSE "</label>\n");
    if (error_da) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"e-response\">");
        html_text(b, error_da);
        HTML_LIT(b, "</span>\n");
    }
    HTML_LIT(b, "<select class=\"form-select\" id=\"f-response\" name=\"response\">\n");
    for (size_t k = 0; fd->enum_values[k]; k++) {
        if (formal && strcmp(fd->enum_values[k], "notification") != 0)
            continue; /* a formal notification is one (§ 133) */
        HTML_LIT(b, "<option value=\"");
        html_text(b, fd->enum_values[k]);
        HTML_LIT(b, "\">");
        html_text(b, msg_label_da(fd->enum_values[k]));
        HTML_LIT(b, "</option>\n");
    }
    HTML_LIT(b,
             "</select></div>\n<div class=\"form-group\"><label class=\"form-label\" "
             "for=\"f-caseworker\">" MSG_INBOX_CASEWORKER "</label>\n<input class=\"form-input\" "
             "id=\"f-caseworker\" name=\"caseworker\" autocomplete=\"off\" value=\"");
    if (policy_may(&app->who, CAP_HOLD_CASES))
        html_text(b, app->who.login);
    HTML_LIT(b, "\"></div>\n<button type=\"submit\" class=\"button button-primary\">" MSG_INBOX_TAKE
                "</button>\n</form>\n");
}

static void
answer_form(struct strbuf *b, struct req *req, const struct record *q, const char *error_da)
{
    HTML_LIT(b, "<h2>" MSG_INBOX_ANSWER "</h2>\n<form method=\"post\" action=\"/indbakke/svar\" "
                "class=\"form\">\n");
    hidden_csrf(b, req);
    form_once(b, req);
    hidden_id_version(b, q);
    HTML_LIT(b, "<div class=\"form-group");
    if (error_da)
        HTML_LIT(b, " form-error");
    HTML_LIT(b, "\"><label class=\"form-label\" for=\"f-feedback\">" MSG_INQ_FEEDBACK
                "</label>\n<span class=\"form-hint\" id=\"h-feedback\">" MSG_INBOX_ANSWER_HINT
                "</span>\n");
    if (error_da) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"e-feedback\">");
        html_text(b, error_da);
        HTML_LIT(b, "</span>\n");
    }
    HTML_LIT(b, "<textarea class=\"form-input\" rows=\"4\" id=\"f-feedback\" name=\"feedback\" "
                "aria-describedby=\"h-feedback\">");
    const char *typed = req_form(req, "feedback");
    html_text(b, typed ? typed : "");
    HTML_LIT(
        b,
        "</textarea></div>\n<button type=\"submit\" class=\"button button-primary\">" MSG_INBOX_ANSWER
        "</button>\n</form>\n");
}

static void
render_item(struct req *req, struct app *app, const struct record *q, const char *take_err,
            const char *answer_err)
{
    static const char *const shown[] = {
        "kind",        "filed_at", "filed_by", "notifier_type",  "child_name",       "child_cpr",
        "child_birth", "seen",     "since",    "partner_action", "parents_informed", "taken_at",
        "taken_by",    "response", "feedback", "feedback_at"
    };
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_INBOX_TITLE, "/indbakke");
    if (req_query(req, "modtaget"))
        render_success(b, MSG_INBOX_TAKEN_OK);
    if (req_query(req, "svaret"))
        render_success(b, MSG_INBOX_ANSWERED_OK);
    HTML_LIT(b, "<p>");
    status_text(b, q);
    HTML_LIT(b, "</p>\n");
    fields_dl(b, app, q, shown, ARRAY_SIZE(shown));
    int64_t child = record_get_i(q, "child_id", 0);
    if (child && app_may(app, OP_READ, record_desc_get(RT_child), child, NULL) == OK) {
        HTML_LIT(b, "<p><a href=\"/barn/");
        html_int(b, child);
        HTML_LIT(b, "\">" MSG_INBOX_TO_CHILD "</a></p>\n");
    }
    if (!record_get_s(q, "taken_at"))
        take_form(b, req, app, q, take_err);
    else if (!record_get_s(q, "feedback_at"))
        answer_form(b, req, q, answer_err);
    web_page_end(req);
}

void
page_inbox_item(struct req *req)
{
    struct app *app = web_user(req);
    struct record q;
    if (!app)
        return;
    enum err rc = app_inquiry_get(app, req->id, req->arena, &q, NULL);
    if (rc) {
        web_error_rc(req, rc == ERR_NOT_FOUND ? ERR_FORBIDDEN : rc);
        return;
    }
    render_item(req, app, &q, NULL, NULL);
}

/* POST /indbakke/modtag and /indbakke/svar: id and version in the body. */
static void
inbox_post(struct req *req, bool take)
{
    struct app *app = web_user(req);
    struct strbuf why = STRBUF_INIT;
    int64_t id, version, child = 0;
    char msg[400];
    if (!app)
        return;
    const char *ids = req_form(req, "id"), *vs = req_form(req, "version");
    if (!ids || !vs || parse_i64(ids, 1, INT64_MAX, &id) || parse_i64(vs, 1, INT64_MAX, &version)) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    const char *once = req_form(req, "engang");
    app->once = app_form_token_valid(once) ? once : NULL;
    memset(&app->once_first, 0, sizeof(app->once_first));
    enum err rc =
        take ? app_inquiry_take(app, req->arena, id, version, req_form(req, "response"),
                                req_form(req, "caseworker"), &child, &why)
             : app_inquiry_answer(app, req->arena, id, version, req_form(req, "feedback"), &why);
    app->once = NULL;
    if (rc == OK || (rc == ERR_CONFLICT && app->once_first.type[0])) {
        char to[96];
        snprintf(to, sizeof(to), "/indbakke/%lld?%s=1", (long long)id,
                 take ? "modtaget" : "svaret");
        resp_redirect(req, to);
    } else if (rc == ERR_INVALID || rc == ERR_CONFLICT || (take && rc == ERR_FORBIDDEN)) {
        /* The page again with the reason at the form; nothing was saved. */
        const char *da = arena_strdup(req->arena, msg_rule_da(strbuf_str(&why), msg, sizeof(msg)));
        struct record q;
        struct strbuf w2 = STRBUF_INIT;
        enum err g = app_inquiry_get(app, id, req->arena, &q, &w2);
        strbuf_release(&w2);
        if (g) {
            web_error_rc(req, g == ERR_NOT_FOUND ? ERR_FORBIDDEN : g);
        } else {
            req->status = rc == ERR_CONFLICT ? 409 : rc == ERR_FORBIDDEN ? 403 : 400;
            render_item(req, app, &q, take ? da : NULL, take ? NULL : da);
        }
    } else {
        web_error_rc(req, rc == ERR_NOT_FOUND ? ERR_FORBIDDEN : rc);
    }
    strbuf_release(&why);
}

void
page_inbox_take(struct req *req)
{
    inbox_post(req, true);
}

void
page_inbox_answer(struct req *req)
{
    inbox_post(req, false);
}
