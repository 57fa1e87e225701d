/*
 * form.c - GET /ny?type=T&barn=ID and POST /ny: registering a record about a child, one generic
 * form built from records.def (labels, kinds, code lists) and the child's own records (for
 * references). Errors re-show the form with the user's input, a summary at the top and a Danish
 * message at each field. Nothing is written unless app_record_add accepts the whole record.
 */
#include "pages/form.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

/* The record types the form offers; "placement" is an intervention of a placement type. */
static const struct {
    const char *type, *record, *title;
} kinds[] = {
    { "notification", "notification", MSG_NEW_NOTIFICATION },
    { "screening", "screening", MSG_NEW_SCREENING },
    { "assessment", "assessment", MSG_NEW_ASSESSMENT },
    { "conversation", "conversation", MSG_NEW_CONVERSATION },
    { "decision", "decision", MSG_NEW_DECISION },
    { "intervention", "intervention", MSG_NEW_INTERVENTION },
    { "placement", "intervention", MSG_NEW_PLACEMENT },
    { "plan", "plan", MSG_NEW_PLAN },
    { "goal", "goal", MSG_NEW_GOAL },
    { "followup", "followup", MSG_NEW_FOLLOWUP },
    { "supervision", "supervision", MSG_NEW_SUPERVISION },
    { "case", "case", MSG_NEW_CASE },
    { "consent", "consent", MSG_NEW_CONSENT },
    { "taskforce", "taskforce", MSG_NEW_TASKFORCE },
    { "taskforce_member", "taskforce_member", MSG_NEW_TF_MEMBER },
    { "taskforce_action", "taskforce_action", MSG_NEW_TF_ACTION },
    { "taskforce_meeting", "taskforce_meeting", MSG_NEW_TF_MEETING },
    { "aftercare_contact", "aftercare_contact", MSG_NEW_AFTERCARE_CONTACT },
};

bool
form_edits(const struct record_desc *d)
{
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
        if (strcmp(kinds[k].record, d->name) == 0)
            return true;
    return false;
}

static bool
placement_form(const struct form *f)
{
    return strcmp(kinds[f->kind].type, "placement") == 0;
}

/* A field a new record does not offer: a consent is withdrawn from the child's page, once it
 * exists (POST /samtykke/tilbage), not given already withdrawn. */
static bool
not_on_new(const struct form *f, int i)
{
    return !f->id && f->d->type == RT_consent && strcmp(f->d->fields[i].name, "withdrawn") == 0;
}

/* The records of the child a reference may point to, as <option>s. */
static void
ref_options(struct strbuf *b, struct req *req, const struct form *f, const struct field_desc *fd,
            const char *current)
{
    const struct record_desc *td = record_desc_by_name(fd->ref);
    const struct child_records *cr = &f->view.cr;
    (void)req;
    if (!td || td->child_field < 0)
        return;
    for (size_t i = 0; i < cr->n[td->type]; i++) {
        const struct record *x = &cr->recs[td->type][i];
        char id[32];
        snprintf(id, sizeof(id), "%lld", (long long)x->id);
        const char *wf = td->type == RT_goal ? "text" : record_when_field(td->type);
        const char *when = wf ? record_get_s(x, wf) : NULL;
        HTML_LIT(b, "<option value=\"");
        html_text(b, id);
        HTML_LIT(b, "\"");
        if (current && strcmp(current, id) == 0)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, td->label_da);
        HTML_LIT(b, " ");
        html_text(b, id);
        struct date day;
        int64_t at;
        if (when) {
            HTML_LIT(b, ": ");
            if (date_parse(when, &day) == OK)
                render_date_da(b, day); /* "7. juni 2013", as the pages write dates */
            else if (datetime_parse(when, &at) == OK)
                render_time_da(b, when);
            else
                html_text(b, when);
        }
        if (td->type == RT_intervention) {
            HTML_LIT(b, " (");
            html_text(b, record_get_s(x, "catalogue_code"));
            HTML_LIT(b, ")");
        }
        HTML_LIT(b, "</option>\n");
    }
}

/* One <option>, selected when it is the current value. */
static void
option(struct strbuf *b, const char *value, const char *current, const char *label,
       const char *note)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (current && strcmp(current, value) == 0)
        HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    html_text(b, label);
    if (note)
        html_text(b, note);
    HTML_LIT(b, "</option>\n");
}

/* A field that names an account (a case's caseworker, a consent's grantee) is a choice of the
 * accounts it may name, so nobody has to know a login. NULL (a plain input then) for any other
 * field, or if the accounts could not be read. */
static struct account *
accounts_named(struct req *req, struct app *app, const struct form *f, int i, size_t *n)
{
    const char *name = f->d->fields[i].name;
    struct account *acc = NULL;
    *n = 0;
    if (f->d->fields[i].kind == FK_TEXT && app_names_account(f->d, name)) {
        struct strbuf why = STRBUF_INIT;
        if (app_accounts_for(app, f->d, name, req->arena, &acc, n, &why) != OK)
            acc = NULL;
        strbuf_release(&why);
    }
    return acc;
}

static void
account_options(struct strbuf *b, struct req *req, const struct account *acc, size_t n,
                const char *v)
{
    bool listed = !v || !*v;
    HTML_LIT(b, "<option value=\"\">" MSG_FORM_CHOOSE "</option>\n");
    for (size_t k = 0; k < n; k++) {
        listed = listed || strcmp(acc[k].login, v) == 0;
        const char *where = acc[k].team ? acc[k].team : msg_label_da(acc[k].role);
        bool named = acc[k].name && strcmp(acc[k].name, acc[k].login) != 0;
        option(b, acc[k].login, v, named ? acc[k].name : acc[k].login,
               named ? arena_printf(req->arena, " (%s), %s", acc[k].login, where)
                     : arena_printf(req->arena, ", %s", where));
    }
    if (!listed) /* kept as it was (a former employee's, say), but it must be changed to save */
        option(b, v, v, v, " – " MSG_FORM_NOT_AN_ACCOUNT);
}

/* t (UTC) as a datetime-local input writes it: "YYYY-MM-DDTHH:MM", Copenhagen time. */
static const char *
local_minute(struct arena *a, int64_t t)
{
    char buf[DATETIME_BUF];
    datetime_format(t + calendar_cph_offset(t), buf);
    return arena_strndup(a, buf, 16);
}

/* Today in Copenhagen, as a date input writes it. */
static const char *
today_text(struct arena *a, const struct app *app)
{
    char buf[DATE_BUF];
    date_format(calendar_cph_date(app->now()), buf);
    return arena_strdup(a, buf);
}

static void
field_input(struct strbuf *b, struct req *req, struct app *app, const struct form *f, int i)
{
    const struct field_desc *fd = &f->d->fields[i];
    const char *v = f->input[i];
    const char *name = fd->name;
    bool err = f->error[i] != NULL;
    struct account *acc;
    size_t nacc;

    if (fd->flags & F_CHILD)
        return; /* the child is fixed by the page */
    if (f->d->type == RT_intervention &&
        (strcmp(name, "step") == 0 || strcmp(name, "legal_basis") == 0))
        return; /* derived from the catalogue entry */
    if (f->d->type == RT_intervention && !placement_form(f) &&
        (strcmp(name, "consent") == 0 || strcmp(name, "combination") == 0))
        return;
    if (f->d->type == RT_intervention && placement_form(f) && strcmp(name, "parents_consent") == 0)
        return; /* a step-1 course's */
    if (f->d->type == RT_notification && strcmp(name, "professional") == 0)
        return; /* derived from the notifier type */

    if (err)
        HTML_LIT(b, "<div class=\"form-group form-error\">\n");
    else
        HTML_LIT(b, "<div class=\"form-group\">\n");
    if (fd->kind == FK_CODES)
        HTML_LIT(b, "<fieldset><legend class=\"form-label\">");
    else
        HTML_LIT(b, "<label class=\"form-label\" for=\"f-");
    if (fd->kind != FK_CODES) {
        html_text(b, name);
        HTML_LIT(b, "\">");
    }
    html_text(b, fd->label_da);
    if (fd->flags & F_REQ)
        HTML_LIT(b, " <span class=\"weight-normal\">(" MSG_FORM_REQUIRED ")</span>");
    if (fd->kind == FK_CODES)
        HTML_LIT(b, "</legend>\n");
    else
        HTML_LIT(b, "</label>\n");
    /* A hint under the label: the ladder's rule, or the format a date is written in. */
    const char *hint = f->d->type == RT_intervention && strcmp(name, "lower_steps") == 0
                           ? MSG_FORM_LADDER_HINT
                       : fd->kind == FK_DATE     ? MSG_FORM_DATE_HINT
                       : fd->kind == FK_DATETIME ? MSG_FORM_DATETIME_HINT
                                                 : NULL;
    if (hint) {
        HTML_LIT(b, "<span class=\"form-hint\" id=\"h-");
        html_text(b, name);
        HTML_LIT(b, "\">");
        html_text(b, hint);
        HTML_LIT(b, "</span>\n");
    }
    if (err) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"e-");
        html_text(b, name);
        HTML_LIT(b, "\">");
        html_text(b, f->error[i]);
        HTML_LIT(b, "</span>\n");
    }
    /* Common attributes: id, name, error wiring. */
#define ATTRS()                                    \
    do {                                           \
        HTML_LIT(b, " id=\"f-");                   \
        html_text(b, name);                        \
        HTML_LIT(b, "\" name=\"");                 \
        html_text(b, name);                        \
        HTML_LIT(b, "\"");                         \
        if (err)                                   \
            HTML_LIT(b, " aria-invalid=\"true\""); \
        if (err || hint) {                         \
            HTML_LIT(b, " aria-describedby=\"");   \
            if (hint) {                            \
                HTML_LIT(b, "h-");                 \
                html_text(b, name);                \
            }                                      \
            if (err) {                             \
                if (hint)                          \
                    HTML_LIT(b, " ");              \
                HTML_LIT(b, "e-");                 \
                html_text(b, name);                \
            }                                      \
            HTML_LIT(b, "\"");                     \
        }                                          \
        if (fd->flags & F_REQ)                     \
            HTML_LIT(b, " required");              \
    } while (0)

    switch (fd->kind) {
    case FK_TEXT:
        if ((acc = accounts_named(req, app, f, i, &nacc)) != NULL) {
            HTML_LIT(b, "<select class=\"form-select\"");
            ATTRS();
            HTML_LIT(b, ">");
            account_options(b, req, acc, nacc, v);
            HTML_LIT(b, "</select>\n");
            break;
        }
        if (fd->max > 200) {
            HTML_LIT(b, "<textarea class=\"form-input\" rows=\"4\"");
            ATTRS();
            HTML_LIT(b, ">");
            html_text(b, v ? v : "");
            HTML_LIT(b, "</textarea>\n");
            break;
        }
        __attribute__((fallthrough)); /* a short text is a one-line input */
    case FK_CPR:
    case FK_INT:
    case FK_DATE:
    case FK_DATETIME:
    case FK_STEP:
        HTML_LIT(b, "<input class=\"form-input\"");
        ATTRS();
        if (fd->kind == FK_DATE)
            HTML_LIT(b, " type=\"date\"");
        else if (fd->kind == FK_DATETIME)
            HTML_LIT(b, " type=\"datetime-local\"");
        else if (fd->kind == FK_INT || fd->kind == FK_STEP)
            HTML_LIT(b, " inputmode=\"numeric\"");
        if ((fd->kind == FK_DATE || fd->kind == FK_DATETIME) && app_field_happened(f->d, name)) {
            /* What has happened is refused after now (the server allows ten minutes between
             * clocks): the calendar offers no later day or minute. */
            HTML_LIT(b, " max=\"");
            html_text(b, fd->kind == FK_DATE ? today_text(req->arena, app)
                                             : local_minute(req->arena, app->now() + 600));
            HTML_LIT(b, "\"");
        }
        HTML_LIT(b, " value=\"");
        html_text(b, v ? v : "");
        HTML_LIT(b, "\">\n");
        break;
    case FK_BOOL:
        HTML_LIT(b, "<select class=\"form-select\"");
        ATTRS();
        HTML_LIT(b, "><option value=\"\">" MSG_FORM_CHOOSE "</option><option value=\"true\"");
        if (v && strcmp(v, "true") == 0)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">" MSG_FORM_YES "</option><option value=\"false\"");
        if (v && strcmp(v, "false") == 0)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">" MSG_FORM_NO "</option></select>\n");
        break;
    case FK_ENUM:
        HTML_LIT(b, "<select class=\"form-select\"");
        ATTRS();
        HTML_LIT(b, "><option value=\"\">" MSG_FORM_CHOOSE "</option>\n");
        for (size_t k = 0; fd->enum_values[k]; k++)
            option(b, fd->enum_values[k], v, msg_label_da(fd->enum_values[k]), NULL);
        HTML_LIT(b, "</select>\n");
        break;
    case FK_CODE:
        HTML_LIT(b, "<select class=\"form-select\"");
        ATTRS();
        HTML_LIT(b, "><option value=\"\">" MSG_FORM_CHOOSE "</option>\n");
        if (strcmp(fd->ref, "catalogue") == 0) {
            for (size_t k = 0; k < app->cfg.ncatalogue; k++) {
                const struct catalogue_entry *c = &app->cfg.catalogue[k];
                if (c->placement != placement_form(f))
                    continue;
                option(b, c->code, v, c->name_da,
                       arena_printf(req->arena, " (%s, trin %d)%s", c->paragraph, c->step,
                                    c->conf == CONF_U ? " – " MSG_UNVERIFIED : ""));
            }
        } else {
            /* A partner's inquiry comes from a professional (Barnets lov § 133). */
            bool pro = f->d->type == RT_inquiry;
            for (size_t k = 0; k < app->cfg.ncodes; k++) {
                const struct code_entry *c = &app->cfg.codes[k];
                if (strcmp(c->list, fd->ref) != 0 || (pro && !c->professional))
                    continue;
                option(b, c->code, v, c->name_da, NULL);
            }
        }
        HTML_LIT(b, "</select>\n");
        break;
    case FK_CODES:
        /* A group of checkboxes in the fieldset opened above. */
        for (size_t k = 0; k < app->cfg.ncodes; k++) {
            const struct code_entry *c = &app->cfg.codes[k];
            if (strcmp(c->list, fd->ref) != 0)
                continue;
            HTML_LIT(b, "<div class=\"form-group-checkbox\"><input class=\"form-checkbox\" "
                        "type=\"checkbox\" id=\"f-");
            html_text(b, name);
            HTML_LIT(b, "-");
            html_text(b, c->code);
            HTML_LIT(b, "\" name=\"");
            html_text(b, name);
            HTML_LIT(b, "\" value=\"");
            html_text(b, c->code);
            HTML_LIT(b, "\"");
            if (v) {
                size_t n = strlen(c->code);
                for (const char *p = v; (p = strstr(p, c->code)); p += n)
                    if ((p == v || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) {
                        HTML_LIT(b, " checked");
                        break;
                    }
            }
            HTML_LIT(b, "><label for=\"f-");
            html_text(b, name);
            HTML_LIT(b, "-");
            html_text(b, c->code);
            HTML_LIT(b, "\">");
            html_text(b, c->name_da);
            HTML_LIT(b, "</label></div>\n");
        }
        HTML_LIT(b, "</fieldset>\n");
        break;
    case FK_REF:
        HTML_LIT(b, "<select class=\"form-select\"");
        ATTRS();
        HTML_LIT(b, "><option value=\"\">" MSG_FORM_CHOOSE "</option>\n");
        ref_options(b, req, f, fd, v);
        HTML_LIT(b, "</select>\n");
        break;
    }
#undef ATTRS
    HTML_LIT(b, "</div>\n");
}

/* A stored value in the form's text form (datetime-local for times, in Copenhagen time). */
static const char *
value_text(struct arena *a, const struct record *r, int i)
{
    const struct field_desc *fd = &r->desc->fields[i];
    const struct value *v = &r->v[i];
    int64_t t;
    if (!v->set)
        return NULL;
    switch (fd->kind) {
    case FK_BOOL:
        return v->i ? "true" : "false";
    case FK_INT:
    case FK_REF:
    case FK_STEP:
        return arena_printf(a, "%lld", (long long)v->i);
    case FK_DATETIME:
        if (datetime_parse(v->s, &t) == OK)
            return local_minute(a, t);
        return v->s;
    default:
        return v->s;
    }
}

/* After a conflict: what the other person saved, field by field, beside what this user typed. */
static void
conflict_panel(struct strbuf *b, const struct form *f)
{
    HTML_LIT(b, "<div class=\"alert\" role=\"alert\"><h2>" MSG_CONFLICT_TITLE
                "</h2><p>" MSG_CONFLICT_TEXT
                "</p>\n<table class=\"table\"><thead><tr><th scope=\"col\">" MSG_CONFLICT_FIELD
                "</th><th scope=\"col\">" MSG_CONFLICT_THEIRS
                "</th><th scope=\"col\">" MSG_CONFLICT_YOURS "</th></tr></thead><tbody>\n");
    for (int i = 0; i < f->d->nfields; i++) {
        if (f->d->fields[i].flags & F_CHILD)
            continue;
        const struct value *v = &f->theirs->v[i];
        char num[32];
        const char *theirs = !v->set ? ""
                             : v->s  ? v->s
                                     : (snprintf(num, sizeof(num), "%lld", (long long)v->i), num);
        const char *yours = f->input[i] ? f->input[i] : "";
        if (strcmp(theirs, yours) == 0)
            continue;
        HTML_LIT(b, "<tr><td>");
        html_text(b, f->d->fields[i].label_da);
        HTML_LIT(b, "</td><td>");
        html_text(b, theirs);
        HTML_LIT(b, "</td><td>");
        html_text(b, yours);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div></div>\n");
}

static bool
has_errors(const struct form *f)
{
    if (f->general)
        return true;
    for (int i = 0; i < f->d->nfields; i++)
        if (f->error[i])
            return true;
    return false;
}

static void
error_summary_begin(struct strbuf *b)
{
    HTML_LIT(b, "<div class=\"alert alert-error\" role=\"alert\"><div class=\"alert-body\">"
                "<h2 class=\"alert-heading\">" MSG_FORM_ERRORS "</h2><ul class=\"alert-text\">\n");
}

/* The summary's items of f: each links to its field (named with its record when the form holds
 * more than one). */
static void
error_items(struct strbuf *b, const struct form *f, bool name_record)
{
    if (f->general) {
        HTML_LIT(b, "<li>");
        html_text(b, f->general);
        HTML_LIT(b, "</li>\n");
    }
    for (int i = 0; i < f->d->nfields; i++) {
        if (!f->error[i])
            continue;
        HTML_LIT(b, "<li><a href=\"#f-");
        html_text(b, f->d->fields[i].name);
        HTML_LIT(b, "\">");
        if (name_record) {
            html_text(b, f->d->label_da);
            HTML_LIT(b, ", ");
        }
        html_text(b, f->d->fields[i].label_da);
        HTML_LIT(b, ": ");
        html_text(b, f->error[i]);
        HTML_LIT(b, "</a></li>\n");
    }
}

/* The form's one-time token (the one sent, when the form comes back): a second submit of it is
 * answered with what the first saved. */
static void
once_input(struct strbuf *b, struct req *req)
{
    char once[APP_TOKEN_LEN + 1];
    const char *sent = req_form(req, "engang");
    if (app_form_token_valid(sent))
        snprintf(once, sizeof(once), "%s", sent);
    else
        app_form_token(once);
    /* static/engang.js puts the first token back when the page is reached with the back button. */
    HTML_LIT(b, "<input type=\"hidden\" name=\"engang\" value=\"");
    html_text(b, once);
    HTML_LIT(b, "\">\n");
}

static bool read_fields(struct req *req, struct app *app, struct form *f, struct record *r);

/* ?gendan=1 after a login: what was typed when the last session ended, if it was kept for page,
 * becomes this request's form (read as if it had been posted). */
static bool
restore_typed(struct req *req, struct app *app, const char *page)
{
    const char *g = req_query(req, "gendan");
    const char *body = NULL;
    if (!g || strcmp(g, "1") != 0 || app_form_take(app, page, req->arena, &body, NULL) != OK)
        return false;
    req->form = body;
    req->form_len = strlen(body);
    return true;
}

/* Read what was restored into f's inputs; nothing is judged until it is saved. */
static void
restored_inputs(struct req *req, struct app *app, struct form *f)
{
    struct record r;
    (void)read_fields(req, app, f, &r);
    memset(f->error, 0, sizeof(f->error));
    f->general = NULL;
    f->restored = true;
}

static void
restored_notice(struct strbuf *b)
{
    HTML_LIT(b, "<div class=\"alert alert-info\" role=\"status\"><div class=\"alert-body\">"
                "<p class=\"alert-heading\">" MSG_RESTORED_HEADING
                "</p><p class=\"alert-text\">" MSG_RESTORED_TEXT "</p></div></div>\n");
}

static void
render_form(struct req *req, struct app *app, struct form *f)
{
    struct strbuf *b = &req->body;
    char id[32];
    snprintf(id, sizeof(id), "%lld", (long long)f->child);
    web_page_begin(req, app, f->id ? MSG_EDIT_TITLE : kinds[f->kind].title, NULL);
    HTML_LIT(b, "<p>");
    html_text(b, render_child_name(f->view.cr.child));
    HTML_LIT(b, "</p>\n");
    if (f->restored)
        restored_notice(b);
    if (has_errors(f)) {
        error_summary_begin(b);
        error_items(b, f, false);
        HTML_LIT(b, "</ul></div></div>\n");
    }
    if (f->theirs)
        conflict_panel(b, f);
    if (f->id)
        HTML_LIT(b, "<form method=\"post\" action=\"/ret\" class=\"form record\" novalidate>\n");
    else
        HTML_LIT(b, "<form method=\"post\" action=\"/ny\" class=\"form record\" novalidate>\n");
    HTML_LIT(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n");
    once_input(b, req);
    HTML_LIT(b, "<input type=\"hidden\" name=\"type\" value=\"");
    html_text(b, kinds[f->kind].type);
    HTML_LIT(b, "\">\n<input type=\"hidden\" name=\"barn\" value=\"");
    html_text(b, id);
    HTML_LIT(b, "\">\n");
    if (f->id) {
        HTML_LIT(b, "<input type=\"hidden\" name=\"id\" value=\"");
        html_int(b, f->id);
        HTML_LIT(b, "\">\n<input type=\"hidden\" name=\"version\" value=\"");
        html_int(b, f->version);
        HTML_LIT(b, "\">\n");
    }
    for (int i = 0; i < f->d->nfields; i++)
        if (!not_on_new(f, i))
            field_input(b, req, app, f, i);
    HTML_LIT(b, "<button type=\"submit\" class=\"button button-primary\">" MSG_FORM_SAVE
                "</button>\n</form>\n<script src=\"/static/engang.js\" defer></script>\n"
                "<p><a href=\"/barn/");
    html_text(b, id);
    HTML_LIT(b, "\">" MSG_FORM_CANCEL "</a></p>\n");
    web_page_end(req);
}

/* Find the form kind and the child; load the child's case (authorized, audited). */
static struct app *
setup(struct req *req, struct form *f, const char *type, const char *barn)
{
    struct app *app = web_user(req);
    if (!app)
        return NULL;
    memset(f, 0, sizeof(*f));
    for (f->kind = 0; f->kind < ARRAY_SIZE(kinds); f->kind++)
        if (type && strcmp(type, kinds[f->kind].type) == 0)
            break;
    if (f->kind == ARRAY_SIZE(kinds) || !barn || parse_i64(barn, 1, INT64_MAX, &f->child)) {
        web_error(req, 404, MSG_ERR_NOT_FOUND);
        return NULL;
    }
    f->d = record_desc_by_name(kinds[f->kind].record);
    enum err rc = app_child_form_view(app, f->child, f->d, req->arena, &f->view, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return NULL;
    }
    return app;
}

/* A new record's form starts where most are: a conversation, decision, follow-up, visit,
 * meeting or contact dated today (the date the record is named by; it can be changed, never to
 * later), a case the caseworker's own, in the own team, opened today, a consent from today, and
 * a record that belongs to a case in the child's open case when it has just one. */
static void
new_defaults(struct req *req, struct app *app, struct form *f)
{
    const char *when = record_when_field(f->d->type);
    int i = when ? record_field_index(f->d, when) : -1;
    if (i >= 0 && (strcmp(when, "date") == 0 || f->d->type == RT_case || f->d->type == RT_consent))
        f->input[i] = today_text(req->arena, app);
    if (f->d->type == RT_notification) /* received now */
        f->input[record_field_index(f->d, "received_at")] = local_minute(req->arena, app->now());
    size_t nopen;
    const struct record *open = child_open_case(&f->view.cr, &nopen);
    for (int k = 0; nopen == 1 && k < f->d->nfields; k++)
        if (f->d->fields[k].kind == FK_REF && strcmp(f->d->fields[k].ref, "case") == 0)
            f->input[k] = arena_printf(req->arena, "%lld", (long long)open->id);
    if (f->d->type == RT_case) {
        if (policy_may(&app->who, CAP_HOLD_CASES))
            f->input[record_field_index(f->d, "caseworker")] = app->who.login;
        f->input[record_field_index(f->d, "team")] = app->who.team;
    }
}

void
page_form(struct req *req)
{
    struct form f;
    struct app *app = setup(req, &f, req_query(req, "type"), req_query(req, "barn"));
    if (!app)
        return;
    /* Offer a form only to whom may file it (a consented partner reads, does not write). */
    if (app_may(app, OP_CREATE, f.d, f.child, NULL) != OK) {
        web_error(req, 403, MSG_ERR_FORBIDDEN);
        return;
    }
    new_defaults(req, app, &f);
    if (restore_typed(req, app,
                      ARENA_CAT(req->arena, "/ny?type=", kinds[f.kind].type,
                                "&barn=", req_query(req, "barn"))))
        restored_inputs(req, app, &f);
    render_form(req, app, &f);
}

/* datetime-local ("YYYY-MM-DDTHH:MM", Copenhagen) -> "YYYY-MM-DDTHH:MM:SSZ"; NULL if malformed. */
static const char *
local_to_utc(struct arena *a, const char *v)
{
    char buf[32];
    int64_t t;
    if (strlen(v) != 16 || xsnprintf(buf, sizeof(buf), "%s:00Z", v) || datetime_parse(buf, &t))
        return NULL;
    char out[DATETIME_BUF];
    datetime_format(calendar_cph_to_utc(t), out);
    return arena_strdup(a, out);
}

/* Read the posted fields into r (child fixed); field errors go into f. Returns true if any. */
static bool
read_fields(struct req *req, struct app *app, struct form *f, struct record *r)
{
    struct strbuf why = STRBUF_INIT;
    char msg[400];
    bool bad = false;
    record_init(r, f->d);
    for (int i = 0; i < f->d->nfields; i++) {
        const struct field_desc *fd = &f->d->fields[i];
        const char *v;
        if (not_on_new(f, i))
            continue;
        if (fd->flags & F_CHILD) {
            /* A child taken in has no id yet: app_intake sets it. */
            if (f->child && record_set_int(r, i, f->child, NULL) != OK)
                bad = true;
            continue;
        }
        if (fd->kind == FK_CODES) {
            const char *vals[32];
            size_t n = req_form_all(req, fd->name, vals, 32);
            struct strbuf joined = STRBUF_INIT;
            for (size_t k = 0; k < n; k++)
                strbuf_addf(&joined, "%s%s", k ? "," : "", vals[k]);
            v = n ? arena_strdup(req->arena, strbuf_str(&joined)) : NULL;
            strbuf_release(&joined);
        } else {
            v = req_form(req, fd->name);
        }
        f->input[i] = v;
        if (!v || !*v)
            continue;
        if (fd->kind == FK_DATETIME) {
            const char *utc = local_to_utc(req->arena, v);
            if (!utc) {
                f->error[i] = "Skriv en gyldig dato og et klokkeslæt.";
                bad = true;
                continue;
            }
            v = utc;
        }
        if (record_set_text(r, req->arena, i, v, &why) != OK) {
            f->error[i] = arena_strdup(req->arena, msg_rule_da(strbuf_str(&why), msg, sizeof(msg)));
            bad = true;
        }
    }
    if (!bad && placement_form(f)) {
        const char *cat = record_get_s(r, "catalogue_code");
        const struct catalogue_entry *c = cat ? config_catalogue(&app->cfg, cat) : NULL;
        if (c && !c->placement) {
            f->error[record_field_index(f->d, "catalogue_code")] = "Vælg en anbringelsesform.";
            bad = true;
        }
    }
    strbuf_release(&why);
    return bad;
}

/* Put an app/ validation error ("type.field: rule") at its field, in Danish. */
static void
place_error(struct req *req, struct form *f, const char *why_en)
{
    char msg[400];
    const char *dot = strchr(why_en, '.');
    const char *colon = strstr(why_en, ": ");
    int i = -1;
    if (dot && colon && colon > dot) {
        char name[64];
        size_t n = (size_t)(colon - dot - 1);
        if (n < sizeof(name)) {
            memcpy(name, dot + 1, n);
            name[n] = '\0';
            i = record_field_index(f->d, name);
        }
    }
    const char *da = arena_strdup(req->arena, msg_rule_da(why_en, msg, sizeof(msg)));
    if (i >= 0)
        f->error[i] = da;
    else
        f->general = da;
}

/* The answer to a saved form: back to the child on success, the form again with the errors
 * for bad input (400), an error page otherwise. A conflict is handled by the caller first. */
/* Back to the child's page, which confirms what was saved and marks it. */
static void
saved(struct req *req, int64_t child, const char *type, int64_t id)
{
    char to[96];
    snprintf(to, sizeof(to), "/barn/%lld?gemt=%s-%lld", (long long)child, type, (long long)id);
    resp_redirect(req, to);
}

/* A form sent again (the back button, a double click): what its first submit saved. */
static bool
sent_before(struct req *req, const struct app *app)
{
    const struct store_once *first = &app->once_first;
    if (!first->type[0] || first->other_actor)
        return false;
    saved(req, first->child, first->type, first->id);
    return true;
}

static void
answer(struct req *req, struct app *app, struct form *f, enum err rc, bool bad, const char *why,
       const struct record *r)
{
    if (rc == OK) {
        saved(req, f->child, r->desc->name, r->id);
    } else if (rc == ERR_CONFLICT && sent_before(req, app)) {
        return;
    } else if (rc == ERR_INVALID) {
        if (!bad)
            place_error(req, f, why);
        req->status = 400;
        render_form(req, app, f);
    } else if (web_fault(rc)) {
        /* Nothing was saved; what was typed stays in the form to send again. */
        web_fault_logged(req, rc);
        f->general = web_fault_da(rc);
        req->status = 503;
        render_form(req, app, f);
    } else {
        web_error_rc(req, rc);
    }
}

void
page_form_post(struct req *req)
{
    struct form f;
    struct record r;
    struct strbuf why = STRBUF_INIT;
    struct app *app = web_user(req);
    if (!app)
        return;
    app = setup(req, &f, req_form(req, "type"), req_form(req, "barn"));
    if (!app)
        return;
    bool bad = read_fields(req, app, &f, &r);
    const char *once = req_form(req, "engang");
    app->once = app_form_token_valid(once) ? once : NULL;
    memset(&app->once_first, 0, sizeof(app->once_first));
    enum err rc = bad ? ERR_INVALID : app_record_add(app, req->arena, &r, &why);
    app->once = NULL;
    answer(req, app, &f, rc, bad, strbuf_str(&why), &r);
    strbuf_release(&why);
}

/* The form kind for an existing record (a placement is an intervention of a placement type). */
static const char *
kind_of(const struct app *app, const struct record *r)
{
    if (r->desc->type == RT_intervention && app_is_placement(app, r))
        return "placement";
    return r->desc->name;
}

/* GET /ret?type=T&id=N: the record's form, filled in, with its version. */
void
page_edit(struct req *req)
{
    struct form f;
    struct record r;
    int64_t id;
    struct app *app = web_user(req);
    if (!app)
        return;
    const char *type = req_query(req, "type");
    const struct record_desc *d = type ? record_desc_by_name(type) : NULL;
    for (size_t k = 0; type && !d && k < ARRAY_SIZE(kinds); k++)
        if (strcmp(type, kinds[k].type) == 0) /* "placement", as a form sends it */
            d = record_desc_by_name(kinds[k].record);
    const char *ids = req_query(req, "id");
    if (!d || d->child_field < 0 || !ids || parse_i64(ids, 1, INT64_MAX, &id)) {
        web_error(req, 404, MSG_ERR_NOT_FOUND);
        return;
    }
    enum err rc = app_record_get(app, d, id, req->arena, &r, NULL);
    /* A form that could not be saved is not offered: who may only read it sees it on the
     * child's page (a partner's plan under consent). */
    if (!rc)
        rc = app_may(app, OP_UPDATE, d, r.v[d->child_field].i, NULL);
    if (rc) {
        web_error(req, web_status(rc), rc == ERR_FORBIDDEN ? MSG_ERR_FORBIDDEN : MSG_ERR_NOT_FOUND);
        return;
    }
    char child[32];
    snprintf(child, sizeof(child), "%lld", (long long)r.v[d->child_field].i);
    if (!setup(req, &f, kind_of(app, &r), child))
        return;
    f.id = r.id;
    f.version = r.version;
    for (int i = 0; i < d->nfields; i++)
        f.input[i] = value_text(req->arena, &r, i);
    if (restore_typed(req, app, ARENA_CAT(req->arena, "/ret?type=", type, "&id=", ids))) {
        /* The version typed against: a save in between is then shown as a conflict. */
        const char *v = req_form(req, "version");
        int64_t typed;
        if (v && !parse_i64(v, 1, INT64_MAX, &typed))
            f.version = typed;
        restored_inputs(req, app, &f);
    }
    render_form(req, app, &f);
}

/* POST /ret: save an edit if nobody saved the record in between; else show both versions. */
void
page_edit_post(struct req *req)
{
    struct form f;
    struct record r, current;
    int64_t id, version;
    struct strbuf why = STRBUF_INIT;
    struct app *app = web_user(req);
    if (!app)
        return;
    const char *ids = req_form(req, "id"), *vs = req_form(req, "version");
    if (!ids || !vs || parse_i64(ids, 1, INT64_MAX, &id) || parse_i64(vs, 1, INT64_MAX, &version)) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    app = setup(req, &f, req_form(req, "type"), req_form(req, "barn"));
    if (!app)
        return;
    f.id = id;
    f.version = version;
    bool bad = read_fields(req, app, &f, &r);
    r.id = id;
    const char *once = req_form(req, "engang");
    app->once = app_form_token_valid(once) ? once : NULL;
    memset(&app->once_first, 0, sizeof(app->once_first));
    enum err rc = bad ? ERR_INVALID : app_record_update(app, req->arena, &r, version, &why);
    app->once = NULL;
    if (rc == ERR_CONFLICT && sent_before(req, app)) {
        /* The same edit sent twice: its first submit saved it. */
    } else if (rc == ERR_CONFLICT &&
               app_record_get(app, f.d, id, req->arena, &current, NULL) == OK) {
        /* Nothing is lost: the user's input stays in the form, the other version beside it,
         * and saving again (with the new version) is a deliberate overwrite. */
        struct record *theirs = arena_alloc(req->arena, sizeof(*theirs));
        *theirs = current;
        f.theirs = theirs;
        f.version = current.version;
        req->status = 409;
        render_form(req, app, &f);
    } else {
        answer(req, app, &f, rc, bad, strbuf_str(&why), &r);
    }
    strbuf_release(&why);
}

/* --- taking in a child not known before: GET and POST /modtag ------------------------------ */

struct intake {
    struct form child, kase, notif;
    bool searched;          /* the search for a known child was run */
    const char *q;          /* what was searched for (NULL for a CPR number: not written back) */
    const char *search_err; /* Danish, or NULL */
    struct intake_hit *hits;
    size_t nhits;
};

/* Which fields the intake asks for: what is known when a notification arrives. */
static bool
intake_field(const struct form *f, int i)
{
    const struct field_desc *fd = &f->d->fields[i];
    static const char *const skip[] = { "case_id",         "assessed_at",      "assessment_outcome",
                                        "receipt_sent_at", "feedback_sent_at", "closed" };
    if (fd->flags & F_CHILD)
        return false;
    for (size_t k = 0; k < ARRAY_SIZE(skip); k++)
        if (strcmp(fd->name, skip[k]) == 0)
            return false;
    return true;
}

static void
intake_init(struct intake *in)
{
    memset(in, 0, sizeof(*in));
    in->child.d = record_desc_get(RT_child);
    in->kase.d = record_desc_get(RT_case);
    in->notif.d = record_desc_get(RT_notification);
}

/* "Findes barnet allerede?": a search over every child before a new one is made (POST, so no CPR
 * number or name is in a URL), and what it found. */
static void
intake_search_part(struct req *req, const struct intake *in)
{
    struct strbuf *b = &req->body;
    HTML_LIT(b, "<h2>" MSG_INTAKE_SEARCH "</h2>\n<form method=\"post\" action=\"/modtag/soeg\" "
                "class=\"form\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n<div class=\"form-group");
    if (in->search_err)
        HTML_LIT(b, " form-error");
    HTML_LIT(b, "\"><label class=\"form-label\" for=\"sq\">" MSG_INTAKE_SEARCH_LABEL
                "</label>\n<span class=\"form-hint\" id=\"sq-hint\">" MSG_INTAKE_SEARCH_HINT
                "</span>\n");
    if (in->search_err) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"sq-error\">");
        html_text(b, in->search_err);
        HTML_LIT(b, "</span>\n");
    }
    HTML_LIT(
        b, "<input class=\"form-input input-width-xl\" id=\"sq\" name=\"q\" autocomplete=\"off\" ");
    if (in->search_err)
        HTML_LIT(b, "aria-invalid=\"true\" aria-describedby=\"sq-hint sq-error\" value=\"");
    else
        HTML_LIT(b, "aria-describedby=\"sq-hint\" value=\"");
    html_text(b, in->q ? in->q : "");
    HTML_LIT(
        b, "\"></div>\n<button type=\"submit\" class=\"button button-secondary\">" MSG_SEARCH_BUTTON
           "</button>\n</form>\n");
    if (!in->searched || in->search_err)
        return;
    if (!in->nhits) {
        HTML_LIT(b, "<p class=\"summary\">" MSG_INTAKE_SEARCH_NONE "</p>\n");
        return;
    }
    HTML_LIT(b, "<table class=\"table\">\n<caption>" MSG_INTAKE_SEARCH_FOUND "</caption>\n"
                "<thead><tr><th scope=\"col\">" MSG_COL_CHILD
                "</th><th scope=\"col\">" MSG_CHILD_CPR "</th><th scope=\"col\">" MSG_CHILD_BORN_COL
                "</th><th scope=\"col\">" MSG_INTAKE_OPEN_CASE "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < in->nhits; i++) {
        const struct intake_hit *h = &in->hits[i];
        HTML_LIT(b, "<tr><td>");
        const char *name = h->name && *h->name ? h->name : MSG_UNNAMED_CHILD;
        if (h->may_read)
            render_child_link(b, h->id, name);
        else
            html_text(b, name);
        HTML_LIT(b, "</td><td>");
        if (h->cpr6[0]) {
            html_text(b, h->cpr6);
            HTML_LIT(b, "-XXXX");
        }
        HTML_LIT(b, "</td><td>");
        if (h->has_born)
            render_date_da(b, h->born);
        HTML_LIT(b, "</td><td>");
        if (h->caseworker) {
            html_text(b, h->caseworker);
            if (h->team) {
                HTML_LIT(b, ", ");
                html_text(b, h->team);
            }
        } else {
            HTML_LIT(b, MSG_INTAKE_NO_CASE);
        }
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody>\n</table>\n<p>" MSG_INTAKE_SEARCH_ADVICE "</p>\n");
}

static void
render_intake(struct req *req, struct app *app, struct intake *in)
{
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_INTAKE_TITLE, "/modtag");
    if (in->child.restored)
        restored_notice(b);
    HTML_LIT(b, "<p>" MSG_INTAKE_INTRO "</p>\n");
    intake_search_part(req, in);
    if (has_errors(&in->child) || has_errors(&in->kase) || has_errors(&in->notif)) {
        error_summary_begin(b);
        error_items(b, &in->child, true);
        error_items(b, &in->notif, true);
        error_items(b, &in->kase, true);
        HTML_LIT(b, "</ul></div></div>\n");
    }
    HTML_LIT(b, "<form method=\"post\" action=\"/modtag\" class=\"form record\" novalidate>\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n");
    once_input(b, req);

    const struct {
        struct form *f;
        const char *legend, *hint;
    } parts[] = {
        { &in->child, MSG_INTAKE_CHILD, MSG_INTAKE_CHILD_HINT },
        { &in->notif, MSG_INTAKE_NOTIFICATION, NULL },
        { &in->kase, MSG_INTAKE_CASE, MSG_INTAKE_CASE_HINT },
    };

    for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
        HTML_LIT(b, "<fieldset class=\"intake\"><legend class=\"h2\">");
        html_text(b, parts[k].legend);
        HTML_LIT(b, "</legend>\n");
        if (parts[k].hint) {
            HTML_LIT(b, "<p class=\"form-hint\">");
            html_text(b, parts[k].hint);
            HTML_LIT(b, "</p>\n");
        }
        for (int i = 0; i < parts[k].f->d->nfields; i++)
            if (intake_field(parts[k].f, i))
                field_input(b, req, app, parts[k].f, i);
        HTML_LIT(b, "</fieldset>\n");
    }
    HTML_LIT(b, "<button type=\"submit\" class=\"button button-primary\">" MSG_FORM_SAVE
                "</button>\n</form>\n<script src=\"/static/engang.js\" defer></script>\n");
    web_page_end(req);
}

/* An empty intake: the case and the notification as new ones start (new_defaults). */
static void
intake_defaults(struct req *req, struct app *app, struct intake *in)
{
    intake_init(in);
    new_defaults(req, app, &in->kase);
    new_defaults(req, app, &in->notif);
}

/* POST /modtag/soeg: is the child known already? Every child is searched (audited with the
 * purpose); the intake form follows, empty. */
void
page_intake_search(struct req *req)
{
    struct app *app = web_user(req);
    struct intake in;
    if (!app)
        return;
    intake_defaults(req, app, &in);
    const char *q = req_form(req, "q");
    enum err rc = app_intake_search(app, q ? q : "", req->arena, &in.hits, &in.nhits, NULL);
    if (rc == ERR_RATE) {
        web_error(req, web_status(rc), MSG_SEARCH_THROTTLED);
        return;
    }
    if (rc && rc != ERR_INVALID) {
        web_error_rc(req, rc);
        return;
    }
    in.searched = true;
    /* A name or a birth date stays in the field; a CPR number is not written back. */
    char six[7];
    in.q = q && !render_cpr_term(q, six) ? q : NULL;
    if (rc == ERR_INVALID) {
        req->status = 400;
        in.search_err = MSG_SEARCH_BAD;
    }
    render_intake(req, app, &in);
}

void
page_intake(struct req *req)
{
    struct app *app = web_user(req);
    struct intake in;
    if (!app)
        return;
    /* Offered to whom may take in (a consented partner files through other channels). */
    if (app_may(app, OP_CREATE, record_desc_get(RT_child), 0, NULL) != OK) {
        web_error(req, 403, MSG_ERR_FORBIDDEN);
        return;
    }
    intake_defaults(req, app, &in);
    if (restore_typed(req, app, "/modtag")) {
        restored_inputs(req, app, &in.child);
        restored_inputs(req, app, &in.kase);
        restored_inputs(req, app, &in.notif);
    }
    render_intake(req, app, &in);
}

/* An app/ error ("type.field: rule") at its field of the part it names. */
static void
place_intake_error(struct req *req, struct intake *in, const char *why_en)
{
    struct form *f = strncmp(why_en, "case.", 5) == 0            ? &in->kase
                     : strncmp(why_en, "notification.", 13) == 0 ? &in->notif
                                                                 : &in->child;
    place_error(req, f, why_en);
}

void
page_intake_post(struct req *req)
{
    struct app *app = web_user(req);
    struct intake in;
    struct record child, kase, notif;
    struct strbuf why = STRBUF_INIT;
    if (!app)
        return;
    intake_init(&in);
    bool bad = read_fields(req, app, &in.child, &child);
    bad = read_fields(req, app, &in.kase, &kase) || bad;
    bad = read_fields(req, app, &in.notif, &notif) || bad;
    const char *once = req_form(req, "engang");
    app->once = app_form_token_valid(once) ? once : NULL;
    memset(&app->once_first, 0, sizeof(app->once_first));
    enum err rc = bad ? ERR_INVALID : app_intake(app, req->arena, &child, &kase, &notif, &why);
    app->once = NULL;
    if (rc == OK) {
        saved(req, child.id, "notification", notif.id);
    } else if (rc == ERR_CONFLICT && sent_before(req, app)) {
        /* sent twice: answered with the first */
    } else if (rc == ERR_INVALID || rc == ERR_FORBIDDEN) {
        if (!bad)
            place_intake_error(req, &in, strbuf_str(&why));
        req->status = rc == ERR_INVALID ? 400 : 403;
        render_intake(req, app, &in);
    } else if (web_fault(rc)) {
        web_fault_logged(req, rc); /* nothing saved; the typing stays in the form */
        in.child.general = web_fault_da(rc);
        req->status = 503;
        render_intake(req, app, &in);
    } else {
        web_error_rc(req, rc);
    }
    strbuf_release(&why);
}

/* --- for the other pages with a record form (pages/form.h) ------------------------------------ */

void
form_field(struct strbuf *b, struct req *req, struct app *app, const struct form *f, int i)
{
    field_input(b, req, app, f, i);
}

bool
form_read(struct req *req, struct app *app, struct form *f, struct record *r)
{
    return read_fields(req, app, f, r);
}

bool
form_has_errors(const struct form *f)
{
    return has_errors(f);
}

void
form_error_summary(struct strbuf *b, const struct form *f)
{
    if (!has_errors(f))
        return;
    error_summary_begin(b);
    error_items(b, f, false);
    HTML_LIT(b, "</ul></div></div>\n");
}

void
form_place_error(struct req *req, struct form *f, const char *why_en)
{
    place_error(req, f, why_en);
}

void
form_once(struct strbuf *b, struct req *req)
{
    once_input(b, req);
}
