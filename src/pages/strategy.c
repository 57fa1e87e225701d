/*
 * strategy.c - the strategy's follow-up in the web: GET /strategi shows the directions and focus
 * areas of the committee papers with the objectives under them (each with its key figure now and
 * its target), the actions (status, owner, dates) and every half-yearly follow-up; leadership
 * adds and edits objectives and actions and records follow-ups (GET/POST /strategi/ny and
 * /strategi/ret). Team leaders read it. Errors are shown at their fields in Danish; an edit of a
 * version someone else replaced keeps what was typed and says so.
 */
#include "app/strategy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "html/chart.h"
#include "pages/leaders.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

enum sf_kind {
    SF_TEXT,
    SF_AREA,
    SF_DATE,
    SF_NUMBER,
    SF_PARENT,
    SF_OBJECTIVE,
    SF_INDICATOR,
    SF_BETTER,
    SF_STATUS
};

struct sfield {
    const char *name, *label, *hint;
    enum sf_kind kind;
    bool required;
};

enum item { IT_OBJECTIVE, IT_ACTION, IT_FOLLOWUP };

static const struct sfield objective_fields[] = {
    { "parent_code", MSG_STRAT_F_PARENT, NULL, SF_PARENT, true },
    { "title", MSG_STRAT_F_TITLE, NULL, SF_TEXT, true },
    { "description", MSG_STRAT_F_DESCRIPTION, NULL, SF_AREA, false },
    { "indicator", MSG_STRAT_F_INDICATOR, MSG_STRAT_H_INDICATOR, SF_INDICATOR, false },
    { "better", MSG_STRAT_F_BETTER, NULL, SF_BETTER, false },
    { "target", MSG_STRAT_F_TARGET, MSG_STRAT_H_TARGET, SF_NUMBER, false },
    { "target_note", MSG_STRAT_F_TARGET_NOTE, NULL, SF_TEXT, false },
};
static const struct sfield action_fields[] = {
    { "objective_id", MSG_STRAT_F_OBJECTIVE, MSG_STRAT_H_OBJECTIVE, SF_OBJECTIVE, false },
    { "parent_code", MSG_STRAT_F_PARENT, MSG_STRAT_H_PARENT, SF_PARENT, false },
    { "theme", MSG_STRAT_F_THEME, NULL, SF_TEXT, true },
    { "content", MSG_STRAT_F_CONTENT, NULL, SF_AREA, false },
    { "owner", MSG_STRAT_F_OWNER, NULL, SF_TEXT, false },
    { "start_date", MSG_STRAT_F_START, MSG_STRAT_H_DATE, SF_DATE, false },
    { "end_date", MSG_STRAT_F_END, MSG_STRAT_H_DATE, SF_DATE, false },
    { "status", MSG_STRAT_F_STATUS, NULL, SF_STATUS, true },
    { "status_text", MSG_STRAT_F_STATUS_TEXT, NULL, SF_AREA, false },
};
static const struct sfield followup_fields[] = {
    { "period", MSG_STRAT_F_PERIOD, MSG_STRAT_H_PERIOD, SF_TEXT, true },
    { "date", MSG_STRAT_F_DATE, MSG_STRAT_H_DATE, SF_DATE, true },
    { "status", MSG_STRAT_F_STATUS, NULL, SF_STATUS, true },
    { "status_text", MSG_STRAT_F_STATUS_TEXT, NULL, SF_AREA, true },
};

static const struct {
    const char *type, *title;
    const struct sfield *fields;
    size_t n;
} items[] = {
    [IT_OBJECTIVE] = { "maal", MSG_STRAT_NEW_OBJECTIVE, objective_fields,
                       ARRAY_SIZE(objective_fields) },
    [IT_ACTION] = { "tiltag", MSG_STRAT_NEW_ACTION, action_fields, ARRAY_SIZE(action_fields) },
    [IT_FOLLOWUP] = { "opfoelgning", MSG_STRAT_NEW_FOLLOWUP, followup_fields,
                      ARRAY_SIZE(followup_fields) },
};

#define MAX_FIELDS 10

struct sform {
    enum item item;
    int64_t id, version; /* editing: the item and the version edited */
    int64_t action_id;   /* a follow-up: its action */
    const char *val[MAX_FIELDS];
    const char *err[MAX_FIELDS];
    const char *general;
};

static int
field_index(enum item it, const char *name)
{
    for (size_t i = 0; i < items[it].n; i++)
        if (strcmp(items[it].fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

static const char *
val(const struct sform *f, const char *name)
{
    int i = field_index(f->item, name);
    return i >= 0 && f->val[i] && *f->val[i] ? f->val[i] : NULL;
}

static void
set_val(struct sform *f, const char *name, const char *v)
{
    int i = field_index(f->item, name);
    if (i >= 0)
        f->val[i] = v;
}

/* --- the view ------------------------------------------------------------------------------- */

static void
indicator_label(struct strbuf *b, const struct config *cfg, const char *indicator)
{
    enum fig_id f;
    size_t dim;
    if (!indicator || !fig_indicator_find(cfg, indicator, &f, &dim)) {
        HTML_LIT(b, MSG_LEAD_NO_INDICATOR);
        return;
    }
    html_text(b, fig_desc(f)->name_da);
    if (fig_desc(f)->dim != FD_NONE) {
        HTML_LIT(b, ": ");
        html_text(b, fig_dim_label_da(cfg, fig_desc(f)->dim, dim));
    }
}

/* A target as text: a share in percent, else a number. */
static void
target_text(struct strbuf *b, const struct config *cfg, const struct strategy_objective *o)
{
    enum fig_id f;
    if (!o->has_target) {
        HTML_LIT(b, MSG_LEAD_NO_TARGET);
        return;
    }
    if (o->better)
        html_text(b,
                  strcmp(o->better, "higher") == 0 ? MSG_LEAD_AT_LEAST " " : MSG_LEAD_AT_MOST " ");
    if (fig_indicator_find(cfg, o->indicator, &f, NULL) && fig_desc(f)->unit == FU_SHARE)
        chart_percent(b, o->target);
    else
        chart_number(b, o->target, o->target == floor(o->target) ? 0 : 1);
}

static void
strategy_objective_row(struct strbuf *b, const struct config *cfg, const struct fig_table *t,
                       const struct strategy_objective *o)
{
    enum fig_id f;
    size_t dim;
    HTML_LIT(b, "<td>");
    indicator_label(b, cfg, o->indicator);
    HTML_LIT(b, "</td><td class=\"num\">");
    if (t && o->indicator && fig_indicator_find(cfg, o->indicator, &f, &dim)) {
        int c = fig_column_of(t, f, dim);
        if (c >= 0) {
            const struct fig_value *v = fig_cell(t, 0, (size_t)c);
            leaders_value(b, fig_desc(f), v);
            if (o->has_target && !v->suppressed && !v->empty) {
                bool higher = o->better && strcmp(o->better, "higher") == 0;
                bool met = higher ? v->value >= o->target : v->value <= o->target;
                if (met)
                    HTML_LIT(b, " <span class=\"status status-met\">" MSG_STRAT_MET "</span>");
                else
                    HTML_LIT(b,
                             " <span class=\"status status-overdue\">" MSG_STRAT_NOT_MET "</span>");
            }
        }
    }
    HTML_LIT(b, "</td><td>");
    target_text(b, cfg, o);
    if (o->target_note) {
        HTML_LIT(b, " <span class=\"unverified\">");
        html_text(b, o->target_note);
        HTML_LIT(b, "</span>");
    }
    HTML_LIT(b, "</td>");
}

static const struct strategy_followup *
last_followup(const struct strategy_data *s, int64_t action)
{
    const struct strategy_followup *last = NULL;
    for (size_t i = 0; i < s->nfollowups; i++)
        if (s->followups[i].action_id == action)
            last = &s->followups[i];
    return last;
}

static void
edit_link(struct strbuf *b, const char *type, int64_t id, const char *text)
{
    HTML_LIT(b, " <a class=\"edit\" href=\"/strategi/ret?type=");
    html_text(b, type);
    HTML_LIT(b, "&amp;id=");
    html_int(b, id);
    HTML_LIT(b, "\">");
    html_text(b, text);
    HTML_LIT(b, "</a>");
}

static void
actions_table(struct strbuf *b, const struct strategy_data *s, const char *parent,
              int64_t objective, bool editor)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nactions; i++) {
        const struct strategy_action *x = &s->actions[i];
        if (x->objective_id != objective || (!objective && strcmp(x->parent_code, parent) != 0))
            continue;
        if (!n++)
            HTML_LIT(b,
                     "<div class=\"table-wrap\"><table class=\"table table--compact\">\n"
                     "<caption>" MSG_STRAT_ACTIONS
                     "</caption>\n<thead><tr><th scope=\"col\">" MSG_STRAT_F_THEME
                     "</th><th scope=\"col\">" MSG_STRAT_F_STATUS
                     "</th><th scope=\"col\">" MSG_STRAT_F_STATUS_TEXT
                     "</th><th scope=\"col\">" MSG_STRAT_FOLLOWED "</th></tr></thead>\n<tbody>\n");
        const struct strategy_followup *last = last_followup(s, x->id);
        HTML_LIT(b, "<tr id=\"tiltag-");
        html_int(b, x->id);
        HTML_LIT(b, "\"><th scope=\"row\">");
        html_text(b, x->theme);
        if (x->owner) {
            HTML_LIT(b, "<br><span class=\"para\">" MSG_STRAT_F_OWNER ": ");
            html_text(b, x->owner);
            HTML_LIT(b, "</span>");
        }
        if (x->source) {
            HTML_LIT(b, "<br><span class=\"para\">" MSG_STRAT_SOURCE ": ");
            html_text(b, x->source);
            HTML_LIT(b, "</span>");
        }
        if (editor) {
            HTML_LIT(b, "<br>");
            edit_link(b, "tiltag", x->id, MSG_STRAT_EDIT);
            HTML_LIT(b, " <a href=\"/strategi/ny?type=opfoelgning&amp;tiltag=");
            html_int(b, x->id);
            HTML_LIT(b, "\">" MSG_STRAT_ADD_FOLLOWUP "</a>");
        }
        HTML_LIT(b, "</th><td>");
        html_text(b, strategy_status_da(x->status));
        HTML_LIT(b, "</td><td>");
        html_text(b, x->status_text ? x->status_text : "");
        HTML_LIT(b, "</td><td>");
        if (last) {
            html_text(b, last->period);
            if (last->example)
                HTML_LIT(b, " <span class=\"unverified\">" MSG_STRAT_EXAMPLE "</span>");
        }
        /* Every follow-up, oldest first: the history is kept. */
        size_t k = 0;
        for (size_t i2 = 0; i2 < s->nfollowups; i2++) {
            const struct strategy_followup *f = &s->followups[i2];
            if (f->action_id != x->id)
                continue;
            if (!k++)
                HTML_LIT(b,
                         "<details><summary>" MSG_STRAT_HISTORY "</summary><ol class=\"history\">");
            HTML_LIT(b, "<li><strong>");
            html_text(b, f->period);
            HTML_LIT(b, "</strong> (");
            html_text(b, f->date);
            HTML_LIT(b, ", ");
            html_text(b, strategy_status_da(f->status));
            HTML_LIT(b, "): ");
            html_text(b, f->status_text);
            HTML_LIT(b, "</li>");
        }
        if (k)
            HTML_LIT(b, "</ol></details>");
        HTML_LIT(b, "</td></tr>\n");
    }
    if (n)
        HTML_LIT(b, "</tbody>\n</table></div>\n");
}

void
strategy_tree(struct strbuf *b, const struct config *cfg, const struct strategy_data *s,
              const struct fig_table *t, bool editor)
{
    static const enum strategy_kind kinds[] = { SK_DIRECTION, SK_FOCUS_AREA, SK_INITIATIVE };

    static const char *const heads[] = { MSG_STRAT_DIRECTIONS, MSG_STRAT_FOCUS_AREAS,
                                         MSG_STRAT_INITIATIVES };
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        HTML_LIT(b, "<h3>");
        html_text(b, heads[k]);
        HTML_LIT(b, "</h3>\n");
        for (size_t i = 0; i < cfg->nstrategy; i++) {
            const struct strategy_item *it = &cfg->strategy[i];
            if (it->kind != kinds[k])
                continue;
            HTML_LIT(b, "<div class=\"strategy-item\" id=\"s-");
            html_text(b, it->code);
            HTML_LIT(b, "\"><h4>");
            html_text(b, it->code);
            HTML_LIT(b, " · ");
            html_text(b, it->title_da);
            HTML_LIT(b, "</h4>\n<p>");
            html_text(b, it->text_da);
            HTML_LIT(b, " <span class=\"para\">(");
            html_text(b, it->source);
            HTML_LIT(b, ")</span></p>\n");
            size_t n = 0;
            for (size_t j = 0; j < s->nobjectives; j++) {
                const struct strategy_objective *o = &s->objectives[j];
                if (strcmp(o->parent_code, it->code) != 0)
                    continue;
                if (!n++)
                    HTML_LIT(
                        b,
                        "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>" MSG_STRAT_OBJECTIVES
                        "</caption>\n<thead><tr><th scope=\"col\">" MSG_STRAT_F_TITLE
                        "</th><th scope=\"col\">" MSG_LEAD_INDICATOR
                        "</th><th scope=\"col\">" MSG_LEAD_NOW
                        "</th><th scope=\"col\">" MSG_LEAD_TARGET "</th></tr></thead>\n<tbody>\n");
                HTML_LIT(b, "<tr id=\"maal-");
                html_int(b, o->id);
                HTML_LIT(b, "\"><th scope=\"row\">");
                html_text(b, o->title);
                if (o->example)
                    HTML_LIT(b, " <span class=\"unverified\">" MSG_STRAT_EXAMPLE "</span>");
                if (editor) {
                    edit_link(b, "maal", o->id, MSG_STRAT_EDIT);
                    HTML_LIT(b, " <a href=\"/strategi/ny?type=tiltag&amp;maal=");
                    html_int(b, o->id);
                    HTML_LIT(b, "\">" MSG_STRAT_ADD_ACTION "</a>");
                }
                HTML_LIT(b, "</th>");
                strategy_objective_row(b, cfg, t, o);
                HTML_LIT(b, "</tr>\n");
            }
            if (n)
                HTML_LIT(b, "</tbody>\n</table></div>\n");
            /* The actions under each objective, then those directly under the item. */
            for (size_t j = 0; j < s->nobjectives; j++)
                if (strcmp(s->objectives[j].parent_code, it->code) == 0)
                    actions_table(b, s, it->code, s->objectives[j].id, editor);
            actions_table(b, s, it->code, 0, editor);
            if (editor) {
                HTML_LIT(b,
                         "<p class=\"actions-line\"><a href=\"/strategi/ny?type=maal&amp;under=");
                html_text(b, it->code);
                HTML_LIT(b, "\">" MSG_STRAT_ADD_OBJECTIVE
                            "</a> <a href=\"/strategi/ny?type=tiltag&amp;under=");
                html_text(b, it->code);
                HTML_LIT(b, "\">" MSG_STRAT_ADD_ACTION "</a></p>\n");
            }
            HTML_LIT(b, "</div>\n");
        }
    }
}

void
page_strategy(struct req *req)
{
    struct app *app = web_user(req);
    struct strategy_data s;
    struct fig_table t;
    if (!app)
        return;
    enum err rc = app_strategy_read(app, req->arena, &s, NULL);
    struct date today = calendar_cph_date(app->now());
    struct fig_query q = { { { today.y, 1, 1 }, today }, FS_NONE, NULL, NULL, 0 };
    if (!rc)
        rc = app_figures(app, &q, req->arena, &t, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    bool editor = policy_may(&app->who, CAP_STRATEGY_EDIT);
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_STRAT_TITLE, "/strategi");
    HTML_LIT(b, "<p>" MSG_STRAT_INTRO " ");
    render_date_da(b, q.p.from);
    HTML_LIT(b, " – ");
    render_date_da(b, q.p.to);
    HTML_LIT(b, ".</p>\n");
    strategy_tree(b, &app->cfg, &s, &t, editor);
    web_page_end(req);
}

/* --- forms ------------------------------------------------------------------------------------ */

static void
option(struct strbuf *b, const char *value, const char *label, const char *selected)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected && strcmp(selected, value) == 0)
        HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</option>\n");
}

static void
field_input(struct strbuf *b, const struct config *cfg, const struct strategy_data *s,
            const struct sform *f, size_t i)
{
    const struct sfield *fd = &items[f->item].fields[i];
    const char *v = f->val[i];
    char buf[16];
    HTML_LIT(b, "<div class=\"form-group");
    if (f->err[i])
        HTML_LIT(b, " form-error");
    HTML_LIT(b, "\">\n<label class=\"form-label\" for=\"f-");
    html_text(b, fd->name);
    HTML_LIT(b, "\">");
    html_text(b, fd->label);
    if (fd->required)
        HTML_LIT(b, " <span class=\"para\">(" MSG_FORM_REQUIRED ")</span>");
    HTML_LIT(b, "</label>\n");
    if (fd->hint) {
        HTML_LIT(b, "<span class=\"form-hint\" id=\"h-");
        html_text(b, fd->name);
        HTML_LIT(b, "\">");
        html_text(b, fd->hint);
        HTML_LIT(b, "</span>\n");
    }
    if (f->err[i]) {
        HTML_LIT(b, "<span class=\"form-error-message\" id=\"e-");
        html_text(b, fd->name);
        HTML_LIT(b, "\">");
        html_text(b, f->err[i]);
        HTML_LIT(b, "</span>\n");
    }
    /* The attributes every control shares. */
#define ATTRS()                                              \
    do {                                                     \
        HTML_LIT(b, " id=\"f-");                             \
        html_text(b, fd->name);                              \
        HTML_LIT(b, "\" name=\"");                           \
        html_text(b, fd->name);                              \
        HTML_LIT(b, "\"");                                   \
        if (fd->hint || f->err[i]) {                         \
            HTML_LIT(b, " aria-describedby=\"");             \
            if (fd->hint) {                                  \
                HTML_LIT(b, "h-");                           \
                html_text(b, fd->name);                      \
            }                                                \
            if (f->err[i]) {                                 \
                HTML_LIT(b, " e-");                          \
                html_text(b, fd->name);                      \
            }                                                \
            HTML_LIT(b, "\"");                               \
        }                                                    \
        if (fd->required)                                    \
            HTML_LIT(b, " required aria-required=\"true\""); \
    } while (0)
    switch (fd->kind) {
    case SF_TEXT:
    case SF_DATE:
    case SF_NUMBER:
        HTML_LIT(b, "<input class=\"form-input\" type=\"text\"");
        ATTRS();
        HTML_LIT(b, " value=\"");
        html_text(b, v ? v : "");
        HTML_LIT(b, "\">\n");
        break;
    case SF_AREA:
        HTML_LIT(b, "<textarea class=\"form-input\" rows=\"4\"");
        ATTRS();
        HTML_LIT(b, ">");
        html_text(b, v ? v : "");
        HTML_LIT(b, "</textarea>\n");
        break;
    default:
        HTML_LIT(b, "<select class=\"form-select\"");
        ATTRS();
        HTML_LIT(b, ">\n");
        if (!fd->required || !v)
            option(b, "", fd->kind == SF_OBJECTIVE ? MSG_STRAT_NO_OBJECTIVE : MSG_FORM_CHOOSE, v);
        if (fd->kind == SF_PARENT) {
            for (size_t k = 0; k < cfg->nstrategy; k++)
                if (cfg->strategy[k].kind != SK_ACTIVITY) {
                    struct strbuf l = STRBUF_INIT;
                    strbuf_addf(&l, "%s · %s", cfg->strategy[k].code, cfg->strategy[k].title_da);
                    option(b, cfg->strategy[k].code, strbuf_str(&l), v);
                    strbuf_release(&l);
                }
        } else if (fd->kind == SF_OBJECTIVE) {
            for (size_t k = 0; s && k < s->nobjectives; k++) {
                char id[24];
                snprintf(id, sizeof(id), "%lld", (long long)s->objectives[k].id);
                struct strbuf l = STRBUF_INIT;
                strbuf_addf(&l, "%s · %s", s->objectives[k].parent_code, s->objectives[k].title);
                option(b, id, strbuf_str(&l), v);
                strbuf_release(&l);
            }
        } else if (fd->kind == SF_INDICATOR) {
            for (int k = 0; k < FIG__COUNT; k++) {
                const struct fig_desc *d = fig_desc((enum fig_id)k);
                for (size_t dv = 0; dv < fig_dim_count(cfg, d->dim); dv++) {
                    struct strbuf id = STRBUF_INIT, l = STRBUF_INIT;
                    strbuf_addstr(&id, d->id);
                    strbuf_addstr(&l, d->name_da);
                    if (d->dim != FD_NONE) {
                        strbuf_addf(&id, "/%s", fig_dim_code(cfg, d->dim, dv, buf));
                        strbuf_addf(&l, ": %s", fig_dim_label_da(cfg, d->dim, dv));
                    }
                    option(b, strbuf_str(&id), strbuf_str(&l), v);
                    strbuf_release(&id);
                    strbuf_release(&l);
                }
            }
        } else if (fd->kind == SF_BETTER) {
            option(b, "higher", MSG_LEAD_HIGHER, v);
            option(b, "lower", MSG_LEAD_LOWER, v);
        } else {
            for (int k = 0; k < SS__COUNT; k++)
                option(b, strategy_status_str((enum strategy_status)k),
                       strategy_status_da((enum strategy_status)k), v);
        }
        HTML_LIT(b, "</select>\n");
        break;
    }
#undef ATTRS
    HTML_LIT(b, "</div>\n");
}

static void
render_sform(struct req *req, struct app *app, const struct strategy_data *s, const struct sform *f)
{
    struct strbuf *b = &req->body;
    const struct sfield *fields = items[f->item].fields;
    web_page_begin(req, app, f->id ? MSG_STRAT_EDIT_TITLE : items[f->item].title, "/strategi");
    bool any = f->general != NULL;
    for (size_t i = 0; i < items[f->item].n; i++)
        any = any || f->err[i];
    if (any) {
        HTML_LIT(b,
                 "<div class=\"alert alert-error\" role=\"alert\"><div class=\"alert-body\">"
                 "<h2 class=\"alert-heading\">" MSG_FORM_ERRORS "</h2><ul class=\"alert-text\">\n");
        if (f->general) {
            HTML_LIT(b, "<li>");
            html_text(b, f->general);
            HTML_LIT(b, "</li>\n");
        }
        for (size_t i = 0; i < items[f->item].n; i++) {
            if (!f->err[i])
                continue;
            HTML_LIT(b, "<li><a href=\"#f-");
            html_text(b, fields[i].name);
            HTML_LIT(b, "\">");
            html_text(b, fields[i].label);
            HTML_LIT(b, ": ");
            html_text(b, f->err[i]);
            HTML_LIT(b, "</a></li>\n");
        }
        HTML_LIT(b, "</ul></div></div>\n");
    }
    if (f->id)
        HTML_LIT(b, "<form method=\"post\" action=\"/strategi/ret\" class=\"form\" novalidate>\n");
    else
        HTML_LIT(b, "<form method=\"post\" action=\"/strategi/ny\" class=\"form\" novalidate>\n");
    HTML_LIT(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(b, web_csrf(req));
    HTML_LIT(b, "\">\n<input type=\"hidden\" name=\"type\" value=\"");
    html_text(b, items[f->item].type);
    HTML_LIT(b, "\">\n");
    if (f->id) {
        HTML_LIT(b, "<input type=\"hidden\" name=\"id\" value=\"");
        html_int(b, f->id);
        HTML_LIT(b, "\">\n<input type=\"hidden\" name=\"version\" value=\"");
        html_int(b, f->version);
        HTML_LIT(b, "\">\n");
    }
    if (f->action_id) {
        HTML_LIT(b, "<input type=\"hidden\" name=\"tiltag\" value=\"");
        html_int(b, f->action_id);
        HTML_LIT(b, "\">\n");
        for (size_t i = 0; s && i < s->nactions; i++)
            if (s->actions[i].id == f->action_id) {
                HTML_LIT(b, "<p>" MSG_STRAT_FOR_ACTION " <strong>");
                html_text(b, s->actions[i].theme);
                HTML_LIT(b, "</strong></p>\n");
            }
    }
    for (size_t i = 0; i < items[f->item].n; i++)
        field_input(b, &app->cfg, s, f, i);
    HTML_LIT(b, "<button type=\"submit\" class=\"button button-primary\">" MSG_FORM_SAVE
                "</button>\n</form>\n<p><a href=\"/strategi\">" MSG_STRAT_BACK "</a></p>\n");
    web_page_end(req);
}

static bool
item_of(const char *type, enum item *out)
{
    for (size_t i = 0; type && i < ARRAY_SIZE(items); i++)
        if (strcmp(items[i].type, type) == 0) {
            *out = (enum item)i;
            return true;
        }
    return false;
}

static const char *
num_text(struct arena *a, double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%g", v);
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ',';
    return arena_strdup(a, buf);
}

static const char *
id_text(struct arena *a, int64_t v)
{
    return v ? arena_printf(a, "%lld", (long long)v) : NULL;
}

/* The form of an existing objective or action, filled in. */
static void
fill_from(struct req *req, struct app *app, struct sform *f, const struct strategy_data *s)
{
    for (size_t i = 0; f->item == IT_OBJECTIVE && i < s->nobjectives; i++) {
        const struct strategy_objective *o = &s->objectives[i];
        if (o->id != f->id)
            continue;
        f->version = o->version;
        set_val(f, "parent_code", o->parent_code);
        set_val(f, "title", o->title);
        set_val(f, "description", o->description);
        set_val(f, "indicator", o->indicator);
        set_val(f, "better", o->better);
        enum fig_id fg;
        bool share = o->indicator && fig_indicator_find(&app->cfg, o->indicator, &fg, NULL) &&
                     fig_desc(fg)->unit == FU_SHARE;
        if (o->has_target)
            set_val(f, "target", num_text(req->arena, share ? o->target * 100 : o->target));
        set_val(f, "target_note", o->target_note);
    }
    for (size_t i = 0; f->item == IT_ACTION && i < s->nactions; i++) {
        const struct strategy_action *x = &s->actions[i];
        if (x->id != f->id)
            continue;
        f->version = x->version;
        set_val(f, "objective_id", id_text(req->arena, x->objective_id));
        set_val(f, "parent_code", x->parent_code);
        set_val(f, "theme", x->theme);
        set_val(f, "content", x->content);
        set_val(f, "owner", x->owner);
        set_val(f, "start_date", x->start_date);
        set_val(f, "end_date", x->end_date);
        set_val(f, "status", strategy_status_str(x->status));
        set_val(f, "status_text", x->status_text);
    }
}

static bool
found(const struct sform *f, const struct strategy_data *s)
{
    for (size_t i = 0; f->item == IT_OBJECTIVE && i < s->nobjectives; i++)
        if (s->objectives[i].id == f->id)
            return true;
    for (size_t i = 0; f->item != IT_OBJECTIVE && i < s->nactions; i++)
        if (s->actions[i].id == (f->item == IT_FOLLOWUP ? f->action_id : f->id))
            return true;
    return false;
}

/* GET /strategi/ny and /strategi/ret: the form (leadership only). */
static void
form_get(struct req *req, bool edit)
{
    struct app *app = web_user(req);
    struct strategy_data s;
    struct sform f;
    int64_t n = 0;
    if (!app)
        return;
    memset(&f, 0, sizeof(f));
    if (!item_of(req_query(req, "type"), &f.item) || (edit && f.item == IT_FOLLOWUP)) {
        web_error(req, 404, MSG_ERR_NOT_FOUND);
        return;
    }
    if (app_strategy_read(app, req->arena, &s, NULL) != OK) {
        web_error(req, 500, MSG_ERR_INTERNAL);
        return;
    }
    const char *id = req_query(req, edit ? "id" : f.item == IT_FOLLOWUP ? "tiltag" : "maal");
    if (id && parse_i64(id, 1, INT64_MAX, &n) == OK) {
        if (edit)
            f.id = n;
        else if (f.item == IT_FOLLOWUP)
            f.action_id = n;
        else
            set_val(&f, "objective_id", arena_strdup(req->arena, id));
    }
    if ((edit || f.item == IT_FOLLOWUP) && !found(&f, &s)) {
        web_error(req, 404, MSG_ERR_NOT_FOUND);
        return;
    }
    if (edit)
        fill_from(req, app, &f, &s);
    const char *under = req_query(req, "under");
    if (!edit && under && strategy_parent(&app->cfg, under))
        set_val(&f, "parent_code", under);
    if (!edit && f.item == IT_ACTION && !val(&f, "status"))
        set_val(&f, "status", "planned");
    if (f.item == IT_FOLLOWUP) {
        char period[8], day[DATE_BUF];
        struct date today = calendar_cph_date(app->now());
        strategy_period_of(today, period);
        date_format(today, day);
        set_val(&f, "period", arena_strdup(req->arena, period));
        set_val(&f, "date", arena_strdup(req->arena, day));
        set_val(&f, "status", "ongoing");
    }
    render_sform(req, app, &s, &f);
}

void
page_strategy_new(struct req *req)
{
    form_get(req, false);
}

void
page_strategy_edit(struct req *req)
{
    form_get(req, true);
}

/* Put an app/ error ("strategy.field: rule") at its field, in Danish. */
static void
place(struct req *req, struct sform *f, const char *why)
{
    char msg[400];
    const char *da = arena_strdup(req->arena, msg_rule_da(why, msg, sizeof(msg)));
    if (strncmp(why, "strategy.", 9) == 0) {
        const char *colon = strchr(why, ':');
        char name[40];
        size_t n = colon ? (size_t)(colon - why - 9) : 0;
        if (n && n < sizeof(name)) {
            memcpy(name, why + 9, n);
            name[n] = '\0';
            int i = field_index(f->item, name);
            if (i >= 0) {
                f->err[i] = da;
                return;
            }
        }
    }
    f->general = da;
}

/* Every error of the form at once, each at its field in Danish (domain/strategy.c's rules). */
struct placing {
    struct req *req;
    struct sform *f;
};

static void
place_one(void *ctx, const char *field, const char *rule)
{
    struct placing *p = ctx;
    char msg[400];
    int i = field_index(p->f->item, field);
    const char *da = arena_strdup(p->req->arena, msg_rule_da(rule, msg, sizeof(msg)));
    if (i >= 0 && !p->f->err[i])
        p->f->err[i] = da;
    else if (i < 0 && !p->f->general)
        p->f->general = da;
}

/* The parsed number of a target ("15", "15,5", "0,15"); a share is written in percent. */
static bool
parse_target(const char *s, double *out)
{
    char buf[32], *end;
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof(buf))
        return false;
    for (size_t i = 0; i <= n; i++)
        buf[i] = s[i] == ',' ? '.' : s[i];
    *out = strtod(buf, &end);
    while (*end == ' ' || *end == '%')
        end++;
    return !*end && isfinite(*out);
}

void
page_strategy_post(struct req *req)
{
    struct app *app = web_user(req);
    struct strategy_data s;
    struct sform f;
    struct strbuf why = STRBUF_INIT;
    if (!app)
        return;
    memset(&f, 0, sizeof(f));
    bool edit = strcmp(req->path, "/strategi/ret") == 0;
    if (!item_of(req_form(req, "type"), &f.item) || (edit && f.item == IT_FOLLOWUP)) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    const char *ids = req_form(req, "id"), *vs = req_form(req, "version"),
               *act = req_form(req, "tiltag");
    if (edit && (!ids || !vs || parse_i64(ids, 1, INT64_MAX, &f.id) ||
                 parse_i64(vs, 1, INT64_MAX, &f.version))) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    if (f.item == IT_FOLLOWUP && (!act || parse_i64(act, 1, INT64_MAX, &f.action_id))) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    for (size_t i = 0; i < items[f.item].n; i++) {
        const char *v = req_form(req, items[f.item].fields[i].name);
        f.val[i] = v && *v ? v : NULL;
    }
    if (app_strategy_read(app, req->arena, &s, NULL) != OK)
        memset(&s, 0, sizeof(s));
    enum err rc = OK;
    bool bad = false;
    if (f.item == IT_OBJECTIVE) {
        struct strategy_objective o = { 0 };
        o.id = f.id;
        o.parent_code = val(&f, "parent_code");
        o.title = val(&f, "title");
        o.description = val(&f, "description");
        o.indicator = val(&f, "indicator");
        o.better = val(&f, "better");
        o.target_note = val(&f, "target_note");
        if (val(&f, "target")) {
            enum fig_id fg;
            o.has_target = true;
            if (!parse_target(val(&f, "target"), &o.target)) {
                f.err[field_index(f.item, "target")] = MSG_STRAT_E_NUMBER;
                bad = true;
            } else if (o.indicator && fig_indicator_find(&app->cfg, o.indicator, &fg, NULL) &&
                       fig_desc(fg)->unit == FU_SHARE) {
                o.target /= 100.0; /* written in percent */
            }
        }
        struct placing pl = { req, &f };
        bad = !strategy_objective_each_error(&app->cfg, &o, place_one, &pl, NULL) || bad;
        if (!bad)
            rc = app_strategy_objective_save(app, req->arena, &o, f.version, &why);
    } else if (f.item == IT_ACTION) {
        struct strategy_action x = { 0 };
        x.id = f.id;
        int64_t obj = 0;
        if (val(&f, "objective_id") && parse_i64(val(&f, "objective_id"), 1, INT64_MAX, &obj)) {
            f.err[field_index(f.item, "objective_id")] = MSG_STRAT_E_CHOOSE;
            bad = true;
        }
        x.objective_id = obj;
        x.parent_code = val(&f, "parent_code");
        x.theme = val(&f, "theme");
        x.content = val(&f, "content");
        x.owner = val(&f, "owner");
        x.start_date = val(&f, "start_date");
        x.end_date = val(&f, "end_date");
        x.status_text = val(&f, "status_text");
        if (!strategy_status_parse(val(&f, "status"), &x.status)) {
            f.err[field_index(f.item, "status")] = MSG_STRAT_E_CHOOSE;
            bad = true;
        }
        /* Under an objective, the action takes the objective's direction (app/strategy.c). */
        struct placing pl = { req, &f };
        if (x.objective_id && !x.parent_code)
            for (size_t i = 0; i < s.nobjectives; i++)
                if (s.objectives[i].id == x.objective_id)
                    x.parent_code = s.objectives[i].parent_code;
        bad = !strategy_action_each_error(&app->cfg, &x, place_one, &pl, NULL) || bad;
        if (!bad)
            rc = app_strategy_action_save(app, req->arena, &x, f.version, &why);
    } else {
        struct strategy_followup u = { 0 };
        u.action_id = f.action_id;
        u.period = val(&f, "period");
        u.date = val(&f, "date");
        u.status_text = val(&f, "status_text");
        if (!strategy_status_parse(val(&f, "status"), &u.status)) {
            f.err[field_index(f.item, "status")] = MSG_STRAT_E_CHOOSE;
            bad = true;
        }
        struct placing pl = { req, &f };
        bad = !strategy_followup_each_error(&u, place_one, &pl, NULL) || bad;
        if (!bad)
            rc = app_strategy_followup_add(app, req->arena, &u, &why);
    }
    if (!bad && rc == OK) {
        resp_redirect(req, "/strategi");
        strbuf_release(&why);
        return;
    }
    if (!bad && rc != ERR_INVALID && rc != ERR_CONFLICT) {
        strbuf_release(&why);
        web_error_rc(req, rc);
        return;
    }
    if (rc == ERR_CONFLICT) {
        /* Nothing is lost: what was typed stays; saving again overwrites on purpose. */
        struct strategy_data now;
        f.general = MSG_STRAT_CONFLICT;
        if (app_strategy_read(app, req->arena, &now, NULL) == OK) {
            for (size_t i = 0; f.item == IT_OBJECTIVE && i < now.nobjectives; i++)
                if (now.objectives[i].id == f.id)
                    f.version = now.objectives[i].version;
            for (size_t i = 0; f.item == IT_ACTION && i < now.nactions; i++)
                if (now.actions[i].id == f.id)
                    f.version = now.actions[i].version;
        }
        req->status = 409;
    } else {
        if (!bad)
            place(req, &f, strbuf_str(&why));
        req->status = 400;
    }
    strbuf_release(&why);
    render_sform(req, app, &s, &f);
}
