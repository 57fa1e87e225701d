/*
 * worklist.c - GET /: "Mine frister", the caseworker's start page (a team leader's: "Teamets
 * frister", with a caseworker column). Judged at the current instant, so a 24-hour deadline that
 * ran out this morning is overdue now, not at midnight.
 *
 * By default the day's view: the deadlines overdue in the last 30 days (newest first) and those
 * due in the next 14 days (soonest first) in one table, with every reminder (a choice to record,
 * never overdue); older overdue deadlines folded into one
 * line per rule with their count and a link to them; the later ones as a count. With a filter
 * (?status=alle|overskredet|snart|kommende|paamindelse, ?regel=RULE, ?barn=ID, ?gruppe=barn) the
 * matching deadlines, a hundred rows to a page (?side=N), grouped by child when asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

#define RECENT_OVERDUE_DAYS 30 /* overdue longer ago than this: folded into one line per rule */
#define AHEAD_DAYS          14 /* the day's view shows what falls due within this many days */

static const struct {
    const char *param;
    enum deadline_status status;
} statuses[] = {
    { "overskredet", DL_OVERDUE },
    { "snart", DL_DUE_SOON },
    { "kommende", DL_UPCOMING },
    { "paamindelse", DL_REMINDER },
};

struct filter {
    bool on;        /* any filter given: the filtered list instead of the day's view */
    bool by_status; /* only status */
    enum deadline_status status;
    const struct deadline_rule *rule; /* only this rule, or NULL */
    int64_t child;                    /* only this child, or 0 */
    bool by_child;                    /* grouped by child */
};

/* The filter from the query; false after answering 400 naming the parameter. */
static bool
filter_or_respond(struct req *req, const struct config *cfg, struct filter *f)
{
    memset(f, 0, sizeof(*f));
    const char *st = req_query(req, "status"), *rule = req_query(req, "regel");
    const char *child = req_query(req, "barn"), *group = req_query(req, "gruppe");
    if (st && *st && strcmp(st, "alle") != 0) {
        size_t i = 0;
        while (i < ARRAY_SIZE(statuses) && strcmp(st, statuses[i].param) != 0)
            i++;
        if (i == ARRAY_SIZE(statuses)) {
            web_error(req, 400, MSG_ERR_FILTER_STATUS);
            return false;
        }
        f->by_status = true;
        f->status = statuses[i].status;
    }
    if (rule && *rule) {
        for (size_t i = 0; i < cfg->nrules && !f->rule; i++)
            if (strcmp(cfg->rules[i].id, rule) == 0)
                f->rule = &cfg->rules[i];
        if (!f->rule) {
            web_error(req, 400, MSG_ERR_FILTER_RULE);
            return false;
        }
    }
    if (child && *child && parse_i64(child, 1, INT64_MAX, &f->child)) {
        web_error(req, 400, MSG_ERR_FILTER_CHILD);
        return false;
    }
    if (group && *group) {
        if (strcmp(group, "barn") != 0) {
            web_error(req, 400, MSG_ERR_FILTER_GROUP);
            return false;
        }
        f->by_child = true;
    }
    f->on = (st && *st) || f->rule || f->child || f->by_child;
    return true;
}

static bool
matches(const struct filter *f, const struct deadline *d)
{
    return (!f->by_status || d->status == f->status) && (!f->rule || d->rule == f->rule) &&
           (!f->child || d->child_id == f->child);
}

/* "934 åbne frister i alt: 312 overskredet, 41 snart, 581 kommende." in the list's order. */
static void
summary(struct strbuf *b, const struct deadline_list *list)
{
    static const enum deadline_status order[] = { DL_OVERDUE, DL_DUE_SOON, DL_UPCOMING,
                                                  DL_REMINDER };

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

static void
option(struct strbuf *b, const char *value, const char *label, bool selected)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected)
        HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</option>");
}

static int
by_child_id(const void *pa, const void *pb)
{
    const struct deadline *a = *(const struct deadline *const *)pa;
    const struct deadline *b = *(const struct deadline *const *)pb;
    return a->child_id < b->child_id ? -1 : a->child_id > b->child_id;
}

/* The filter form (GET): status, rule, one of the listed children, grouped by child. */
static void
filter_form(struct strbuf *b, const struct config *cfg, const struct deadline_list *list,
            const struct filter *f, struct arena *a)
{
    HTML_LIT(
        b,
        "<form method=\"get\" action=\"/\" class=\"form filter\">\n<fieldset><legend>" MSG_FILTER_LEGEND
        "</legend>\n<div class=\"form-group\"><label class=\"form-label\" "
        "for=\"status\">" MSG_FILTER_STATUS "</label><select class=\"form-select\" "
        "id=\"status\" name=\"status\">");
    option(b, "", MSG_FILTER_DAY, !f->on);
    option(b, "alle", MSG_FILTER_ALL_OPEN, f->on && !f->by_status);
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        option(b, statuses[i].param, deadline_status_da(statuses[i].status),
               f->by_status && f->status == statuses[i].status);
    HTML_LIT(b, "</select></div>\n<div class=\"form-group\"><label class=\"form-label\" "
                "for=\"regel\">" MSG_FILTER_RULE "</label><select class=\"form-select\" "
                "id=\"regel\" name=\"regel\">");
    option(b, "", MSG_FILTER_ANY, !f->rule);
    for (size_t i = 0; i < cfg->nrules; i++)
        option(b, cfg->rules[i].id,
               arena_printf(a, "%s: %s", cfg->rules[i].id, cfg->rules[i].name_da),
               f->rule == &cfg->rules[i]);
    HTML_LIT(b, "</select></div>\n<div class=\"form-group\"><label class=\"form-label\" "
                "for=\"barn\">" MSG_FILTER_CHILD "</label><select class=\"form-select\" "
                "id=\"barn\" name=\"barn\">");
    option(b, "", MSG_FILTER_ANY, !f->child);
    /* The children with open deadlines, once each, in the order of their ids. */
    const struct deadline **v = arena_alloc(a, (list->n ? list->n : 1) * sizeof(*v));
    for (size_t i = 0; i < list->n; i++)
        v[i] = &list->items[i];
    qsort(v, list->n, sizeof(*v), by_child_id);
    for (size_t i = 0; i < list->n; i++) {
        if (i && v[i]->child_id == v[i - 1]->child_id)
            continue;
        char id[FMT_I64_BUF];
        fmt_i64(id, v[i]->child_id);
        option(b, id, v[i]->child_name ? v[i]->child_name : MSG_UNNAMED_CHILD,
               f->child == v[i]->child_id);
    }
    HTML_LIT(b, "</select></div>\n<div class=\"form-group\"><div class=\"form-group-checkbox\">"
                "<input class=\"form-checkbox\" type=\"checkbox\" id=\"gruppe\" name=\"gruppe\" "
                "value=\"barn\"");
    if (f->by_child)
        HTML_LIT(b, " checked");
    HTML_LIT(b, "><label class=\"form-label\" for=\"gruppe\">" MSG_FILTER_GROUP
                "</label></div></div>\n"
                "<button type=\"submit\" class=\"button button-secondary\">" MSG_FILTER_BUTTON
                "</button>");
    if (f->on)
        HTML_LIT(b, " <a href=\"/\">" MSG_FILTER_RESET "</a>");
    HTML_LIT(b, "\n</fieldset>\n</form>\n");
}

static void
table_begin(struct strbuf *b, bool team, const char *caption)
{
    HTML_LIT(b, "<table class=\"table\">\n");
    if (caption) {
        HTML_LIT(b, "<caption>");
        html_text(b, caption);
        HTML_LIT(b, "</caption>\n");
    }
    HTML_LIT(b, "<thead><tr><th scope=\"col\">" MSG_COL_STATUS "</th><th scope=\"col\">" MSG_COL_DUE
                "</th><th scope=\"col\">" MSG_COL_CHILD "</th>");
    if (team)
        HTML_LIT(b, "<th scope=\"col\">" MSG_COL_CASEWORKER "</th>");
    HTML_LIT(b, "<th scope=\"col\">" MSG_COL_RULE "</th><th scope=\"col\">" MSG_COL_DETAIL
                "</th></tr></thead>\n<tbody>\n");
}

/* A team's view names each deadline's caseworker: the accounts that may hold cases, by login. */
struct team_names {
    struct account *acc;
    size_t n;
};

static void
row(struct strbuf *b, const struct deadline *d, const struct team_names *team, struct asof at,
    struct arena *a)
{
    HTML_LIT(b, "<tr><td>");
    render_status(b, d->status);
    HTML_LIT(b, "</td><td>");
    render_date_da(b, d->due);
    HTML_LIT(b, "</td><td>");
    render_child_link(b, d->child_id, d->child_name ? d->child_name : MSG_UNNAMED_CHILD);
    if (team) {
        HTML_LIT(b, "</td><td>");
        render_account(b, team->acc, team->n, d->caseworker);
    }
    HTML_LIT(b, "</td><td>");
    html_text(b, d->rule->name_da);
    HTML_LIT(b, " <span class=\"para\">(");
    html_text(b, d->rule->paragraph);
    HTML_LIT(b, ")</span>");
    if (d->rule->conf == CONF_U)
        HTML_LIT(b, " <span class=\"unverified\">" MSG_UNVERIFIED "</span>");
    HTML_LIT(b, "</td><td>");
    html_text(b, deadline_when_da(d, at, a));
    HTML_LIT(b, "</td></tr>\n");
}

/* The day's view: near work, older overdue per rule, later as a count. */
static void
day_view(struct req *req, const struct config *cfg, const struct deadline_list *list,
         const struct team_names *team, struct asof at)
{
    struct strbuf *b = &req->body;
    struct date old = date_from_days(date_to_days(at.d) - RECENT_OVERDUE_DAYS);
    struct date ahead = date_from_days(date_to_days(at.d) + AHEAD_DAYS);
    size_t *older = arena_alloc(req->arena, (cfg->nrules ? cfg->nrules : 1) * sizeof(*older));
    struct date *oldest =
        arena_alloc(req->arena, (cfg->nrules ? cfg->nrules : 1) * sizeof(*oldest));
    memset(older, 0, (cfg->nrules ? cfg->nrules : 1) * sizeof(*older));
    size_t later = 0, now = 0;
    for (size_t i = 0; i < list->n; i++) {
        const struct deadline *d = &list->items[i];
        if (d->status == DL_OVERDUE && date_cmp(d->due, old) < 0) {
            size_t r = (size_t)(d->rule - cfg->rules);
            if (!older[r]++ || date_cmp(d->due, oldest[r]) < 0)
                oldest[r] = d->due;
        } else if (d->status != DL_OVERDUE && d->status != DL_REMINDER &&
                   date_cmp(d->due, ahead) > 0) {
            later++;
        } else {
            now++;
        }
    }
    HTML_LIT(b, "<h2>" MSG_WORKLIST_NOW "</h2>\n<p>" MSG_WORKLIST_NOW_INTRO "</p>\n");
    if (!now) {
        HTML_LIT(b, "<p>" MSG_WORKLIST_NOW_EMPTY "</p>\n");
    } else {
        table_begin(b, team != NULL, NULL);
        /* Overdue, newest first (the list is oldest first): walk it backwards. */
        for (size_t i = list->n; i-- > 0;) {
            const struct deadline *d = &list->items[i];
            if (d->status == DL_OVERDUE && date_cmp(d->due, old) >= 0)
                row(b, d, team, at, req->arena);
        }
        for (size_t i = 0; i < list->n; i++) {
            const struct deadline *d = &list->items[i];
            if (d->status != DL_OVERDUE &&
                (date_cmp(d->due, ahead) <= 0 || d->status == DL_REMINDER))
                row(b, d, team, at, req->arena);
        }
        HTML_LIT(b, "</tbody>\n</table>\n");
    }
    bool any_older = false;
    for (size_t r = 0; r < cfg->nrules; r++)
        any_older = any_older || older[r];
    if (any_older) {
        HTML_LIT(b, "<h2>" MSG_WORKLIST_OLDER "</h2>\n<p>" MSG_WORKLIST_OLDER_INTRO "</p>\n"
                    "<table class=\"table\">\n<thead><tr><th scope=\"col\">" MSG_COL_RULE
                    "</th><th scope=\"col\">" MSG_COL_COUNT "</th><th scope=\"col\">" MSG_COL_OLDEST
                    "</th><th scope=\"col\"><span class=\"sr-only\">" MSG_WORKLIST_SHOW
                    "</span></th></tr></thead>\n<tbody>\n");
        for (size_t r = 0; r < cfg->nrules; r++) {
            if (!older[r])
                continue;
            HTML_LIT(b, "<tr class=\"folded\"><td>");
            html_text(b, cfg->rules[r].name_da);
            HTML_LIT(b, " <span class=\"para\">(");
            html_text(b, cfg->rules[r].paragraph);
            HTML_LIT(b, ")</span>");
            if (cfg->rules[r].conf == CONF_U)
                HTML_LIT(b, " <span class=\"unverified\">" MSG_UNVERIFIED "</span>");
            HTML_LIT(b, "</td><td>");
            html_int(b, (long long)older[r]);
            HTML_LIT(b, "</td><td>");
            render_date_da(b, oldest[r]);
            HTML_LIT(b, "</td><td><a href=\"/?status=overskredet&amp;regel=");
            html_text(b, cfg->rules[r].id);
            HTML_LIT(b, "\">" MSG_WORKLIST_SHOW "</a></td></tr>\n");
        }
        HTML_LIT(b, "</tbody>\n</table>\n");
    }
    if (later) {
        HTML_LIT(b, "<h2>" MSG_WORKLIST_LATER "</h2>\n<p>");
        html_int(b, (long long)later);
        HTML_LIT(b, " " MSG_WORKLIST_LATER_TEXT " <a href=\"/?status=kommende\">" MSG_WORKLIST_SHOW
                    "</a></p>\n");
    }
}

static int
by_child_then_list(const void *pa, const void *pb)
{
    int c = by_child_id(pa, pb);
    if (c)
        return c;
    const struct deadline *a = *(const struct deadline *const *)pa;
    const struct deadline *b = *(const struct deadline *const *)pb;
    return a < b ? -1 : a > b; /* the list's own order within a child */
}

/* The filtered list, a hundred rows to a page; false if it answered (a bad page number). */
static bool
filtered(struct req *req, const struct deadline_list *list, const struct filter *f,
         const struct team_names *team, struct asof at, size_t side)
{
    struct strbuf *b = &req->body;
    const struct deadline **v = arena_alloc(req->arena, (list->n ? list->n : 1) * sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        if (matches(f, &list->items[i]))
            v[n++] = &list->items[i];
    if (f->by_child)
        qsort(v, n, sizeof(*v), by_child_then_list);
    struct web_list_page p;
    if (!web_list_page_or_respond(req, side, n, &p))
        return false;
    HTML_LIT(b, "<p>");
    html_int(b, (long long)n);
    HTML_LIT(b, " " MSG_WORKLIST_FILTERED "</p>\n");
    struct strbuf path = STRBUF_INIT;
    strbuf_addstr(&path, "/?status=");
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        if (f->by_status && f->status == statuses[i].status)
            strbuf_addstr(&path, statuses[i].param);
    if (!f->by_status)
        strbuf_addstr(&path, "alle");
    if (f->rule)
        strbuf_addf(&path, "&regel=%s", f->rule->id);
    if (f->child)
        strbuf_addf(&path, "&barn=%lld", (long long)f->child);
    if (f->by_child)
        strbuf_addstr(&path, "&gruppe=barn");
    const char *here = arena_strdup(req->arena, strbuf_str(&path));
    strbuf_release(&path);
    if (!n)
        return true;
    web_list_pager(req, here, &p);
    table_begin(b, team != NULL, NULL);
    int cols = team ? 6 : 5;
    for (size_t i = p.from; i < p.to; i++) {
        if (f->by_child && (i == p.from || v[i]->child_id != v[i - 1]->child_id)) {
            HTML_LIT(b, "<tr class=\"group\"><th scope=\"colgroup\" colspan=\"");
            html_int(b, cols);
            HTML_LIT(b, "\">");
            render_child_link(b, v[i]->child_id,
                              v[i]->child_name ? v[i]->child_name : MSG_UNNAMED_CHILD);
            HTML_LIT(b, "</th></tr>\n");
        }
        row(b, v[i], team, at, req->arena);
    }
    HTML_LIT(b, "</tbody>\n</table>\n");
    web_list_pager(req, here, &p);
    return true;
}

void
page_worklist(struct req *req)
{
    struct app *app = web_user(req);
    struct deadline_query q = { { { 0, 0, 0 }, 0, false }, NULL, NULL, 0, false };
    struct deadline_list list;
    struct filter f;
    struct strbuf *b = &req->body;
    /* "/" is where everybody lands after login: a role without a worklist goes to its page. */
    if (app && (!policy_may(&app->who, CAP_CASE_LISTS) || policy_by_consent(&app->who))) {
        resp_redirect(req, web_landing(app));
        return;
    }
    size_t side = app ? web_list_side_or_respond(req) : 0;
    if (!side || !filter_or_respond(req, &app->cfg, &f))
        return;
    /* The current instant, not the day: a 24-hour deadline is overdue the moment it runs out. */
    q.at.t = app->now();
    q.at.d = calendar_cph_date(q.at.t);
    q.at.has_time = true;
    enum err rc = app_deadlines(app, &q, req->arena, &list, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    if (!f.on && side > 1) {
        web_error(req, 400, ARENA_CAT(req->arena, MSG_ERR_PAGE " 1."));
        return;
    }
    struct team_names names = { NULL, 0 }, *team = NULL;
    if (policy_team_scope(&app->who)) {
        render_caseworkers(app, req->arena, &names.acc, &names.n);
        team = &names;
    }
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
    /* The day's work first; the filter under it, or above the list it made. */
    if (!f.on) {
        day_view(req, &app->cfg, &list, team, q.at);
        filter_form(b, &app->cfg, &list, &f, req->arena);
    } else {
        filter_form(b, &app->cfg, &list, &f, req->arena);
        if (!filtered(req, &list, &f, team, q.at, side))
            return;
    }
    web_page_end(req);
}
