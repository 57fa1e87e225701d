/*
 * child.c - GET /barn/ID: "Barnets sag". The child's header, open deadlines, the ladder steps over
 * time as server-rendered SVG (with the same data as a list for screen readers), the red thread
 * (every event in date order) and the goals with their follow-ups.
 */
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "pages/form.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/render.h"
#include "pages/web.h"

struct event {
    struct date day;
    int order; /* ties: keep the kind order */
    const char *what;
    const char *detail;       /* may be NULL */
    bool quoted;              /* the child's own words: shown in »«, not copied to quote them */
    const struct record *rec; /* the record, for the edit link */
};

static struct date
day_of(const char *s)
{
    struct date d = { DATE_MIN_YEAR, 1, 1 };
    int64_t t;
    if (!s)
        return d;
    if (date_parse(s, &d) == OK)
        return d;
    if (datetime_parse(s, &t) == OK)
        return calendar_cph_date(t);
    return d;
}

/* printf printed a missing string as "(null)"; the parts of a detail print it as nothing. */
static const char *
text_or_empty(const char *s)
{
    return s ? s : "";
}

/* Free text as one line of at most max bytes: line breaks become spaces, and a longer text is cut
 * at a character boundary with an ellipsis. The red thread shows a summary, the record the rest. */
static const char *
one_line(struct arena *a, const char *s, size_t max)
{
    if (!s || !*s)
        return NULL;
    size_t n = strlen(s), cut = n;
    if (n > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 sequence */
    }
    char *out = arena_alloc(a, cut + 4);
    for (size_t i = 0; i < cut; i++)
        out[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
    if (cut < n) {
        memcpy(out + cut, "\u2026", 3);
        cut += 3;
    }
    out[cut] = '\0';
    return out;
}

#define SUMMARY_MAX 140 /* bytes of free text in a red-thread line */

/* Newest first: what happened last is what the caseworker reads first (ties: the later step of
 * a course first). */
static int
event_cmp(const void *pa, const void *pb)
{
    const struct event *a = pa, *b = pb;
    int c = date_cmp(b->day, a->day);
    return c ? c : b->order - a->order;
}

/* The record ?gemt=TYPE-ID names, if it is one of the child's; NULL otherwise. */
static const struct record *
saved_record(struct req *req, const struct child_records *cr)
{
    const char *s = req_query(req, "gemt"), *dash = s ? strrchr(s, '-') : NULL;
    int64_t id;
    if (!dash || dash == s || (size_t)(dash - s) >= 32 || parse_i64(dash + 1, 1, INT64_MAX, &id))
        return NULL;
    char type[32];
    memcpy(type, s, (size_t)(dash - s));
    type[dash - s] = '\0';
    const struct record_desc *d = record_desc_by_name(type);
    if (!d)
        return NULL;
    if (d->type == RT_child)
        return cr->child->id == id ? cr->child : NULL;
    for (size_t i = 0; i < cr->n[d->type]; i++)
        if (cr->recs[d->type][i].id == id)
            return &cr->recs[d->type][i];
    return NULL;
}

static void
ladder_svg(struct strbuf *b, const struct app *app, const struct child_view *v)
{
    /* The steps' names on the left, a tick and the year at each New Year under the path. */
    const int w = 760, row = 26, left = 250, right = 10, top = 10;
    int steps = config_max_step(&app->cfg) + 1;
    int h = top + steps * row + 40;
    int64_t t0 = date_to_days(v->history[0].from), t1 = date_to_days(v->today);
    if (t1 <= t0)
        t1 = t0 + 1;
    HTML_LIT(b, "<svg class=\"ladder\" role=\"img\" aria-label=\"" MSG_LADDER_SVG_LABEL "\" "
                "viewBox=\"0 0 ");
    html_int(b, w);
    HTML_LIT(b, " ");
    html_int(b, h);
    HTML_LIT(b, "\" width=\"100%\"><title>" MSG_LADDER_SVG_LABEL "</title>\n");
    for (int s = 0; s < steps; s++) {
        int y = top + (steps - 1 - s) * row;
        const struct ladder_step *ls = config_step(&app->cfg, s);
        HTML_LIT(b, "<line x1=\"");
        html_int(b, left);
        HTML_LIT(b, "\" x2=\"");
        html_int(b, w - right);
        HTML_LIT(b, "\" y1=\"");
        html_int(b, y + row / 2);
        HTML_LIT(b, "\" y2=\"");
        html_int(b, y + row / 2);
        HTML_LIT(b, "\" class=\"grid\"/><text x=\"4\" y=\"");
        html_int(b, y + row / 2 + 4);
        HTML_LIT(b, "\">");
        html_int(b, s);
        if (ls) {
            HTML_LIT(b, " · ");
            html_text(b, ls->name_da);
        }
        HTML_LIT(b, "</text>\n");
    }
    int axis = top + steps * row;
    int first = date_from_days(t0).y + 1, last = date_from_days(t1).y;
    int every = last - first >= 12 ? 2 : 1; /* keep the years apart on a long history */
    for (int y = first; y <= last; y++) {
        long long x =
            left + (date_to_days((struct date){ y, 1, 1 }) - t0) * (w - right - left) / (t1 - t0);
        HTML_LIT(b, "<line class=\"grid\" x1=\"");
        strbuf_add_int(b, x);
        HTML_LIT(b, "\" x2=\"");
        strbuf_add_int(b, x);
        HTML_LIT(b, "\" y1=\"");
        html_int(b, top);
        HTML_LIT(b, "\" y2=\"");
        html_int(b, axis + 4);
        HTML_LIT(b, "\"/>");
        if ((y - first) % every == 0) {
            HTML_LIT(b, "<text x=\"");
            strbuf_add_int(b, x);
            HTML_LIT(b, "\" y=\"");
            html_int(b, axis + 16);
            HTML_LIT(b, "\" text-anchor=\"middle\">");
            html_int(b, y);
            HTML_LIT(b, "</text>");
        }
        HTML_LIT(b, "\n");
    }
    HTML_LIT(b, "<polyline class=\"path\" fill=\"none\" points=\"");
    for (size_t i = 0; i < v->nhistory; i++) {
        int64_t from = date_to_days(v->history[i].from);
        int64_t to = i + 1 < v->nhistory ? date_to_days(v->history[i + 1].from) : t1;
        int y = top + (steps - 1 - v->history[i].step) * row + row / 2;
        long long x0 = left + (from - t0) * (w - right - left) / (t1 - t0);
        long long x1 = left + (to - t0) * (w - right - left) / (t1 - t0);
        strbuf_add_int(b, x0);
        strbuf_addch(b, ',');
        strbuf_add_int(b, y);
        strbuf_addch(b, ' ');
        strbuf_add_int(b, x1);
        strbuf_addch(b, ',');
        strbuf_add_int(b, y);
        strbuf_addch(b, ' ');
    }
    HTML_LIT(b, "\"/>\n<text x=\"");
    html_int(b, left);
    HTML_LIT(b, "\" y=\"");
    html_int(b, h - 4);
    HTML_LIT(b, "\">");
    render_date_da(b, v->history[0].from);
    HTML_LIT(b, "</text><text x=\"");
    html_int(b, w - right);
    HTML_LIT(b, "\" y=\"");
    html_int(b, h - 4);
    HTML_LIT(b, "\" text-anchor=\"end\">");
    render_date_da(b, v->today);
    HTML_LIT(b, "</text>\n</svg>\n<ul class=\"ladder-list\">\n");
    for (size_t i = 0; i < v->nhistory; i++) {
        HTML_LIT(b, "<li>" MSG_FROM " ");
        render_date_da(b, v->history[i].from);
        HTML_LIT(b, ": " MSG_STEP_WORD " ");
        render_step(b, &app->cfg, v->history[i].step);
        HTML_LIT(b, "</li>\n");
    }
    HTML_LIT(b, "</ul>\n");
}

static void
add_event(struct event *ev, size_t *n, const struct record *rec, const char *when, int order,
          const char *what, const char *detail)
{
    if (!when)
        return;
    ev[*n].rec = rec;
    ev[*n].day = day_of(when);
    ev[*n].order = order;
    ev[*n].what = what;
    ev[*n].detail = detail;
    ev[*n].quoted = false;
    (*n)++;
}

/* "Årsag, årsag" from a comma-separated list of codes of list. */
static const char *
code_names(const struct app *app, struct arena *a, const char *list, const char *codes)
{
    struct strbuf sb = STRBUF_INIT;
    while (codes && *codes) {
        const char *comma = strchr(codes, ',');
        size_t len = comma ? (size_t)(comma - codes) : strlen(codes);
        char *code = arena_strndup(a, codes, len);
        const struct code_entry *e = config_code(&app->cfg, list, code);
        if (sb.len)
            strbuf_addstr(&sb, ", ");
        strbuf_addstr(&sb, e ? e->name_da : code);
        codes += len + (comma != NULL);
    }
    const char *out = sb.len ? arena_strdup(a, strbuf_str(&sb)) : NULL;
    strbuf_release(&sb);
    return out;
}

/* "a · b · c" of the parts that are there (NULL or empty parts are left out). */
static const char *
joined(struct arena *a, const char *p1, const char *p2, const char *p3)
{
    const char *parts[] = { p1, p2, p3 };
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (sb.len)
            strbuf_addstr(&sb, " · ");
        strbuf_addstr(&sb, parts[i]);
    }
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}

/* The red thread: every event of the child's records, newest first, each with a one-line summary
 * of its content; only the events of record type only when only >= 0. */
/* The events a child's page shows at first; a history longer than this is one click away. */
#define THREAD_PAGE 150

static void
red_thread(struct req *req, const struct app *app, const struct child_view *v,
           const struct record *saved, int only)
{
    const struct child_records *cr = &v->cr;
    struct arena *a = req->arena;
    struct strbuf *b = &req->body;
    size_t cap = 2, n = 0;
    for (int t = 0; t < RT__COUNT; t++)
        cap += 3 * cr->n[t];
    struct event *ev = arena_alloc(a, cap * sizeof(*ev));

    for (size_t i = 0; i < cr->n[RT_case]; i++) {
        const struct record *x = &cr->recs[RT_case][i];
        add_event(ev, &n, x, record_get_s(x, "opened"), 0, MSG_EV_CASE_OPENED,
                  joined(a, record_get_s(x, "caseworker"), record_get_s(x, "team"), NULL));
        add_event(ev, &n, x, record_get_s(x, "closed"), 11, MSG_EV_CASE_CLOSED, NULL);
    }
    for (size_t i = 0; i < cr->n[RT_notification]; i++) {
        const struct record *x = &cr->recs[RT_notification][i];
        const struct code_entry *who =
            config_code(&app->cfg, "notifier", record_get_s(x, "notifier_type"));
        add_event(ev, &n, x, record_get_s(x, "received_at"), 1, MSG_EV_NOTIFICATION,
                  joined(a, who ? who->name_da : NULL,
                         code_names(app, a, "reason", record_get_s(x, "reason_codes")),
                         record_get_i(x, "acute", 0) ? MSG_EV_ACUTE : NULL));
    }
    for (size_t i = 0; i < cr->n[RT_screening]; i++) {
        const struct record *x = &cr->recs[RT_screening][i];
        add_event(ev, &n, x, record_get_s(x, "date"), 2, MSG_EV_SCREENING,
                  msg_label_da(record_get_s(x, "outcome")));
    }
    for (size_t i = 0; i < cr->n[RT_assessment]; i++) {
        const struct record *x = &cr->recs[RT_assessment][i];
        add_event(ev, &n, x, record_get_s(x, "aware_date"), 0, MSG_EV_AWARE, NULL);
        add_event(ev, &n, x, record_get_s(x, "started"), 3, MSG_EV_ASSESS_START, NULL);
        add_event(ev, &n, x, record_get_s(x, "provisional_date"), 3, MSG_EV_ASSESS_PROV, NULL);
        add_event(ev, &n, x, record_get_s(x, "completed"), 3, MSG_EV_ASSESS_DONE,
                  one_line(a, record_get_s(x, "conclusion"), SUMMARY_MAX));
    }
    for (size_t i = 0; i < cr->n[RT_conversation]; i++) {
        const struct record *x = &cr->recs[RT_conversation][i];
        add_event(ev, &n, x, record_get_s(x, "date"), 4, MSG_EV_CONVERSATION,
                  one_line(a, record_get_s(x, "child_words"), SUMMARY_MAX));
        ev[n - 1].quoted = true;
    }
    for (size_t i = 0; i < cr->n[RT_decision]; i++) {
        const struct record *x = &cr->recs[RT_decision][i];
        const char *choice = record_get_s(x, "plan_choice");
        add_event(ev, &n, x, record_get_s(x, "date"), 5, MSG_EV_DECISION,
                  joined(a,
                         ARENA_CAT(a, msg_label_da(record_get_s(x, "decision_type")), ", ",
                                   text_or_empty(record_get_s(x, "legal_basis"))),
                         choice ? msg_label_da(choice) : NULL,
                         one_line(a, record_get_s(x, "summary"), SUMMARY_MAX)));
    }
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *x = &cr->recs[RT_intervention][i];
        const struct catalogue_entry *c =
            config_catalogue(&app->cfg, record_get_s(x, "catalogue_code"));
        const char *name = c ? c->name_da : record_get_s(x, "catalogue_code");
        char step[FMT_I64_BUF];
        fmt_i64(step, record_get_i(x, "step", 0));
        add_event(ev, &n, x, record_get_s(x, "start"), 6, MSG_EV_INTERV_START,
                  ARENA_CAT(a, text_or_empty(name), " (" MSG_STEP_WORD " ", step, ")"));
        const char *why = record_get_s(x, "end_reason");
        add_event(ev, &n, x, record_get_s(x, "end"), 7, MSG_EV_INTERV_END,
                  joined(a, name, why ? msg_label_da(why) : NULL, NULL));
    }
    for (size_t i = 0; i < cr->n[RT_plan]; i++) {
        const struct record *x = &cr->recs[RT_plan][i];
        int64_t months = record_get_i(x, "followup_months", 0);
        char m[FMT_I64_BUF];
        fmt_i64(m, months);
        add_event(
            ev, &n, x, record_get_s(x, "date"), 8, MSG_EV_PLAN,
            joined(a, msg_label_da(record_get_s(x, "kind")),
                   months ? ARENA_CAT(a, MSG_EV_FOLLOWUP_EVERY " ", m, ". " MSG_EV_MONTHS) : NULL,
                   NULL));
    }
    for (size_t i = 0; i < cr->n[RT_followup]; i++) {
        const struct record *x = &cr->recs[RT_followup][i];
        char value[FMT_I64_BUF];
        fmt_i64(value, record_get_i(x, "value", 0));
        add_event(ev, &n, x, record_get_s(x, "date"), 9, MSG_EV_FOLLOWUP,
                  ARENA_CAT(a, value, " (", msg_label_da(record_get_s(x, "scale")), "), ",
                            msg_label_da(record_get_s(x, "rated_by"))));
    }
    for (size_t i = 0; i < cr->n[RT_supervision]; i++) {
        const struct record *x = &cr->recs[RT_supervision][i];
        add_event(ev, &n, x, record_get_s(x, "date"), 10, MSG_EV_SUPERVISION,
                  record_get_i(x, "child_alone", 0) ? MSG_EV_CHILD_ALONE : MSG_EV_STAFF_PRESENT);
    }
    for (size_t i = 0; i < cr->n[RT_inquiry]; i++) {
        const struct record *x = &cr->recs[RT_inquiry][i];
        const struct code_entry *who =
            config_code(&app->cfg, "notifier", record_get_s(x, "notifier_type"));
        add_event(ev, &n, x, record_get_s(x, "filed_at"), 1, MSG_EV_INQUIRY,
                  joined(a, who ? who->name_da : NULL, msg_label_da(record_get_s(x, "kind")),
                         one_line(a, record_get_s(x, "seen"), SUMMARY_MAX)));
    }
    for (size_t i = 0; i < cr->n[RT_taskforce]; i++) {
        const struct record *x = &cr->recs[RT_taskforce][i];
        add_event(ev, &n, x, record_get_s(x, "start"), 6, MSG_EV_TASKFORCE_START,
                  one_line(a, record_get_s(x, "purpose"), SUMMARY_MAX));
        add_event(ev, &n, x, record_get_s(x, "end"), 7, MSG_EV_TASKFORCE_END,
                  one_line(a, record_get_s(x, "outcome"), SUMMARY_MAX));
    }
    for (size_t i = 0; i < cr->n[RT_taskforce_meeting]; i++) {
        const struct record *x = &cr->recs[RT_taskforce_meeting][i];
        add_event(ev, &n, x, record_get_s(x, "date"), 9, MSG_EV_TF_MEETING,
                  one_line(a, record_get_s(x, "note"), SUMMARY_MAX));
    }
    for (size_t i = 0; i < cr->n[RT_aftercare_contact]; i++) {
        const struct record *x = &cr->recs[RT_aftercare_contact][i];
        const char *st = record_get_s(x, "status");
        add_event(ev, &n, x, record_get_s(x, "date"), 9, MSG_EV_AFTERCARE_CONTACT,
                  joined(a, msg_label_da(record_get_s(x, "form")),
                         msg_label_da(record_get_s(x, "topic")), st ? msg_label_da(st) : NULL));
    }
    if (only >= 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (ev[i].rec && (int)ev[i].rec->desc->type == only)
                ev[k++] = ev[i];
        n = k;
    }
    if (!n) {
        HTML_LIT(b, "<p>" MSG_THREAD_NONE "</p>\n");
        return;
    }
    qsort(ev, n, sizeof(*ev), event_cmp);
    /* A long history shows its newest THREAD_PAGE events and the rest one click away (?hele=1),
     * so the goals and consents below stay near; all of it if the record just saved is older. */
    size_t shown = n;
    if (!req_query(req, "hele") && n > THREAD_PAGE) {
        shown = THREAD_PAGE;
        for (size_t i = THREAD_PAGE; saved && i < n; i++)
            if (ev[i].rec == saved)
                shown = n;
    }
    HTML_LIT(b, "<ol class=\"thread\" reversed>\n");
    for (size_t i = 0; i < shown; i++) {
        if (saved && ev[i].rec == saved)
            HTML_LIT(b, "<li class=\"saved\"><span class=\"saved-mark\">" MSG_SAVED_MARK
                        "</span> <span class=\"when\">");
        else
            HTML_LIT(b, "<li><span class=\"when\">");
        render_date_da(b, ev[i].day);
        HTML_LIT(b, "</span> <strong>");
        html_text(b, ev[i].what);
        HTML_LIT(b, "</strong>");
        if (ev[i].detail && ev[i].detail[0]) {
            HTML_LIT(b, ": ");
            if (ev[i].quoted)
                HTML_LIT(b, "»");
            html_text(b, ev[i].detail);
            if (ev[i].quoted)
                HTML_LIT(b, "«");
        }
        if (ev[i].rec && form_edits(ev[i].rec->desc)) {
            HTML_LIT(b, " <a class=\"edit\" href=\"/ret?type=");
            html_text(b, ev[i].rec->desc->name);
            HTML_LIT(b, "&amp;id=");
            html_int(b, ev[i].rec->id);
            HTML_LIT(b, "\">" MSG_EDIT_LINK "<span class=\"sr\"> ");
            html_text(b, ev[i].what);
            HTML_LIT(b, "</span></a>");
        }
        HTML_LIT(b, "</li>\n");
    }
    HTML_LIT(b, "</ol>\n");
    if (shown < n) {
        HTML_LIT(b, "<p class=\"thread-more\">" MSG_THREAD_NEWEST " ");
        html_int(b, (long long)shown);
        HTML_LIT(b, " " MSG_THREAD_OF " ");
        html_int(b, (long long)n);
        HTML_LIT(b, " " MSG_THREAD_EVENTS ". <a href=\"/barn/");
        html_int(b, cr->child->id);
        HTML_LIT(b, "?hele=1");
        if (only >= 0) {
            HTML_LIT(b, "&amp;vis=");
            html_text(b, record_desc_get((enum record_type)only)->name);
        }
        HTML_LIT(b, "#traad\">" MSG_THREAD_WHOLE "</a></p>\n");
    }
}

static void
goals(struct req *req, const struct child_view *v)
{
    const struct child_records *cr = &v->cr;
    struct strbuf *b = &req->body;
    if (cr->n[RT_goal] == 0) {
        HTML_LIT(b, "<p>" MSG_CHILD_NO_GOALS "</p>\n");
        return;
    }
    HTML_LIT(b, "<ul class=\"goals\">\n");
    for (size_t i = 0; i < cr->n[RT_goal]; i++) {
        const struct record *g = &cr->recs[RT_goal][i];
        HTML_LIT(b, "<li><strong>");
        html_text(b, record_get_s(g, "text"));
        HTML_LIT(b, "</strong><ul>\n");
        for (size_t k = 0; k < cr->n[RT_followup]; k++) {
            const struct record *f = &cr->recs[RT_followup][k];
            if (record_get_i(f, "goal_id", 0) != g->id)
                continue;
            HTML_LIT(b, "<li>");
            render_date_da(b, day_of(record_get_s(f, "date")));
            HTML_LIT(b, ": ");
            html_int(b, record_get_i(f, "value", 0));
            HTML_LIT(b, " (");
            html_text(b, msg_label_da(record_get_s(f, "scale")));
            HTML_LIT(b, ", ");
            html_text(b, msg_label_da(record_get_s(f, "rated_by")));
            HTML_LIT(b, ")</li>\n");
        }
        HTML_LIT(b, "</ul></li>\n");
    }
    HTML_LIT(b, "</ul>\n");
}

/* The CPR number with its last four digits hidden: "010180-XXXX", as the search shows it. */
static void
cpr_masked(struct strbuf *b, const char *cpr)
{
    if (cpr == record_unopened || strlen(cpr) < 10) {
        HTML_LIT(b, MSG_NOT_RECORDED);
        return;
    }
    strbuf_add(b, cpr, 6);
    HTML_LIT(b, "-XXXX <span class=\"sr-only\">(" MSG_CHILD_CPR_MASKED ")</span>");
}

/* The placement in force today: its catalogue name and start, or NULL. */
static const struct record *
placement_today(const struct app *app, const struct child_view *v, const char **name)
{
    const struct record *found = NULL;
    for (size_t i = 0; i < v->cr.n[RT_intervention]; i++) {
        const struct record *x = &v->cr.recs[RT_intervention][i];
        const struct catalogue_entry *c =
            config_catalogue(&app->cfg, record_get_s(x, "catalogue_code"));
        const char *end = record_get_s(x, "end");
        if (!c || !c->placement || date_cmp(day_of(record_get_s(x, "start")), v->today) > 0 ||
            (end && date_cmp(day_of(end), v->today) < 0))
            continue;
        found = x;
        *name = c->name_da;
    }
    return found;
}

static void
edit_link(struct strbuf *b, const struct record *r)
{
    HTML_LIT(b, " <a class=\"edit\" href=\"/ret?type=");
    html_text(b, r->desc->name);
    HTML_LIT(b, "&amp;id=");
    html_int(b, r->id);
    HTML_LIT(b, "\">" MSG_EDIT_LINK "<span class=\"sr\"> ");
    html_text(b, r->desc->label_da);
    HTML_LIT(b, "</span></a>");
}

/* The consents to share the child's data: who with, how much, for what, given by whom, when,
 * and whether they share today; one in force can be withdrawn at once. */
static void
consents(struct req *req, struct app *app, const struct child_view *v)
{
    struct strbuf *b = &req->body;
    size_t n = v->cr.n[RT_consent];
    /* Whom each consent shares with, by the account's name (the login if it has none left). */
    struct account *acc = NULL;
    size_t nacc = 0;
    struct strbuf why = STRBUF_INIT;
    if (n && app_accounts_for(app, record_desc_get(RT_consent), "grantee", req->arena, &acc, &nacc,
                              &why) != OK)
        nacc = 0;
    strbuf_release(&why);
    HTML_LIT(b, "<h2 id=\"samtykker\">" MSG_CONSENTS "</h2>\n");
    if (req_query(req, "tilbage"))
        render_success(b, MSG_CONSENT_WITHDRAWN_OK);
    if (!n) {
        HTML_LIT(b, "<p>" MSG_CONSENTS_NONE "</p>\n");
        return;
    }
    HTML_LIT(b, "<table class=\"table\"><thead><tr><th scope=\"col\">" MSG_CONSENT_GRANTEE
                "</th><th scope=\"col\">" MSG_CONSENT_SCOPE
                "</th><th scope=\"col\">" MSG_CONSENT_PURPOSE
                "</th><th scope=\"col\">" MSG_CONSENT_GIVEN_BY
                "</th><th scope=\"col\">" MSG_CONSENT_PERIOD
                "</th><th scope=\"col\">" MSG_CONSENT_STATUS "</th></tr></thead>\n<tbody>\n");
    for (size_t i = n; i-- > 0;) {
        const struct record *r = &v->cr.recs[RT_consent][i];
        const char *from = record_get_s(r, "from_date"), *to = record_get_s(r, "to_date");
        const char *gone = record_get_s(r, "withdrawn");
        struct date f = day_of(from), t = day_of(to);
        const char *grantee = record_get_s(r, "grantee"), *name = NULL;
        for (size_t k = 0; k < nacc && grantee && !name; k++)
            if (strcmp(acc[k].login, grantee) == 0 && acc[k].name &&
                strcmp(acc[k].name, grantee) != 0)
                name = acc[k].name;
        HTML_LIT(b, "<tr><td>");
        if (name) {
            html_text(b, name);
            HTML_LIT(b, " (");
        }
        html_text(b, grantee);
        if (name)
            HTML_LIT(b, ")");
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(r, "scope")));
        HTML_LIT(b, "</td><td>");
        html_text(b, record_get_s(r, "purpose"));
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(r, "given_by")));
        HTML_LIT(b, "</td><td>");
        render_date_da(b, f);
        HTML_LIT(b, " &ndash; ");
        render_date_da(b, t);
        HTML_LIT(b, "</td><td>");
        bool active = false;
        if (gone) {
            HTML_LIT(b, MSG_CONSENT_WITHDRAWN " ");
            render_date_da(b, day_of(gone));
        } else if (date_cmp(t, v->today) < 0) {
            HTML_LIT(b, MSG_CONSENT_EXPIRED);
        } else if (date_cmp(f, v->today) > 0) {
            HTML_LIT(b, MSG_CONSENT_FUTURE " ");
            render_date_da(b, f);
            active = true;
        } else {
            HTML_LIT(b, "<strong>" MSG_CONSENT_ACTIVE "</strong>");
            active = true;
        }
        if (active) {
            HTML_LIT(b, "<form method=\"post\" action=\"/samtykke/tilbage\" class=\"inline\">"
                        "<input type=\"hidden\" name=\"csrf\" value=\"");
            html_text(b, web_csrf(req));
            HTML_LIT(b, "\"><input type=\"hidden\" name=\"id\" value=\"");
            html_int(b, r->id);
            HTML_LIT(
                b,
                "\"><button class=\"button button-secondary\" type=\"submit\">" MSG_CONSENT_WITHDRAW
                "</button></form>");
            edit_link(b, r); /* to correct or extend it */
        }
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table>\n");
}

/* The header: who the child is and where it lives and goes to school, as far as recorded. The
 * CPR number and the custody holders are the caseworker's, not a consented partner's. */
static void
header(struct strbuf *b, const struct app *app, const struct child_view *v)
{
    const struct record *c = v->cr.child;
    bool partner = policy_by_consent(&app->who);
    HTML_LIT(b, "<dl class=\"facts\">\n");
    if (!partner) {
        const char *cpr = record_get_s(c, "cpr");
        HTML_LIT(b, "<dt>" MSG_CHILD_CPR "</dt><dd>");
        if (cpr)
            cpr_masked(b, cpr);
        else
            HTML_LIT(b, MSG_NOT_RECORDED);
        HTML_LIT(b, "</dd>\n");
    }
    int age = render_age(c, v->today);
    struct date born;
    HTML_LIT(b, "<dt>" MSG_COL_AGE "</dt><dd>");
    if (age >= 0) {
        html_int(b, age);
        HTML_LIT(b, " " MSG_YEARS);
        if (child_birth_date(c, &born)) {
            HTML_LIT(b, " (" MSG_CHILD_BORN " ");
            render_date_da(b, born);
            HTML_LIT(b, ")");
        }
    } else if (record_get_i(c, "unborn", 0)) {
        HTML_LIT(b, MSG_UNBORN);
    } else {
        HTML_LIT(b, MSG_NOT_RECORDED);
    }
    HTML_LIT(b, "</dd>\n");
    if (!partner) {
        HTML_LIT(b, "<dt>" MSG_CHILD_CUSTODY "</dt><dd>");
        for (size_t i = 0; i < v->ncustody; i++) {
            if (i)
                HTML_LIT(b, ", ");
            html_text(b, v->custody[i]);
        }
        if (!v->ncustody)
            HTML_LIT(b, MSG_NOT_RECORDED);
        HTML_LIT(b, "</dd>\n");
    }
    /* A consent to the plan only does not cover the interventions: "not placed" would be a
     * guess, so nothing is said. */
    if (!partner || v->share >= 2) {
        const char *pname = NULL;
        const struct record *pl = placement_today(app, v, &pname);
        HTML_LIT(b, "<dt>" MSG_CHILD_PLACEMENT "</dt><dd>");
        if (pl) {
            html_text(b, pname);
            HTML_LIT(b, ", " MSG_CHILD_SINCE " ");
            render_date_da(b, day_of(record_get_s(pl, "start")));
        } else {
            HTML_LIT(b, MSG_CHILD_NOT_PLACED);
        }
        HTML_LIT(b, "</dd>\n");
    }
    const char *school = record_get_s(c, "school");
    HTML_LIT(b, "<dt>" MSG_CHILD_SCHOOL "</dt><dd>");
    html_text(b, school && *school ? school : MSG_NOT_RECORDED);
    HTML_LIT(b, "</dd>\n");
}

/* ?vis=TYPE: the record type the red thread is filtered to, -1 for all; -2 after answering 400. */
static int
thread_filter_or_respond(struct req *req)
{
    const char *vis = req_query(req, "vis");
    if (!vis || !*vis)
        return -1;
    const struct record_desc *d = record_desc_by_name(vis);
    if (!d || d->type == RT_child || d->type == RT_person || d->type == RT_relation ||
        d->type == RT_goal || d->type == RT_consent || d->type == RT_taskforce_member ||
        d->type == RT_taskforce_action) {
        web_error(req, 400, MSG_ERR_FILTER_TYPE);
        return -2;
    }
    return (int)d->type;
}

/* The red thread's filter (GET): the record types the thread shows, each once. */
static void
thread_filter(struct strbuf *b, const struct child_view *v, int only)
{
    static const enum record_type types[] = {
        RT_case,
        RT_notification,
        RT_screening,
        RT_assessment,
        RT_conversation,
        RT_decision,
        RT_intervention,
        RT_plan,
        RT_followup,
        RT_supervision,
        RT_inquiry,
        RT_taskforce,
        RT_taskforce_meeting,
        RT_aftercare_contact,
    };

    HTML_LIT(b, "<form method=\"get\" action=\"/barn/");
    html_int(b, v->cr.child->id);
    HTML_LIT(b, "\" class=\"form filter thread-filter\">\n<div class=\"form-group\">"
                "<label class=\"form-label\" for=\"vis\">" MSG_THREAD_FILTER "</label>"
                "<select class=\"form-select\" id=\"vis\" name=\"vis\"><option value=\"\"");
    if (only < 0)
        HTML_LIT(b, " selected");
    HTML_LIT(b, ">" MSG_THREAD_ALL "</option>");
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        const struct record_desc *d = record_desc_get(types[i]);
        if (!v->cr.n[types[i]] && (int)types[i] != only)
            continue;
        HTML_LIT(b, "<option value=\"");
        html_text(b, d->name);
        HTML_LIT(b, "\"");
        if ((int)types[i] == only)
            HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, d->label_da);
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(
        b,
        "</select></div>\n<button type=\"submit\" class=\"button button-secondary\">" MSG_THREAD_SHOW
        "</button>\n</form>\n");
}

/* What a partner or task-force member sees of a child: who the child is (no CPR, no custody
 * holders), the consent that lets them see it, the plan, and, when the consent covers the case,
 * the step and the caseworker to contact; no red thread, deadlines or links they cannot use. */

/* A link to a new record of type about the child (and under parent, if any). */
static void
new_link(struct strbuf *b, const char *type, int64_t child, const char *label)
{
    HTML_LIT(b, "<li><a href=\"/ny?type=");
    html_text(b, type);
    HTML_LIT(b, "&amp;barn=");
    html_int(b, child);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</a></li>\n");
}

/* The task force around the young person: owner, period, members, the plan of actions with
 * owners and dates (late ones marked), meetings. For the caseworker and, under consent, for the
 * task force's members. */
static void
taskforce_panel(struct req *req, const struct app *app, const struct child_view *v, bool member)
{
    const struct child_records *cr = &v->cr;
    struct strbuf *b = &req->body;
    int64_t child = cr->child->id;
    if (!cr->n[RT_taskforce] && member)
        return;
    HTML_LIT(b, "<h2 id=\"taskforce\">" MSG_TF_TITLE "</h2>\n");
    if (!cr->n[RT_taskforce]) {
        HTML_LIT(b, "<p>" MSG_TF_INTRO "</p>\n");
        return;
    }
    for (size_t t = 0; t < cr->n[RT_taskforce]; t++) {
        const struct record *tf = &cr->recs[RT_taskforce][t];
        HTML_LIT(b, "<dl class=\"facts\"><dt>" MSG_TF_OWNER "</dt><dd>");
        html_text(b, record_get_s(tf, "owner"));
        HTML_LIT(b, "</dd><dt>" MSG_TF_PERIOD "</dt><dd>");
        render_date_da(b, day_of(record_get_s(tf, "start")));
        HTML_LIT(b, " – ");
        const char *end = record_get_s(tf, "end");
        render_date_da(b, day_of(end ? end : record_get_s(tf, "planned_end")));
        if (end)
            HTML_LIT(b, " (" MSG_TF_ENDED ")");
        /* What the task force is for and, once it has ended, what came of it. */
        static const char *const said[] = { "purpose", "outcome" };
        for (size_t k = 0; k < ARRAY_SIZE(said); k++) {
            const char *text = record_get_s(tf, said[k]);
            if (!text && k > 0)
                continue;
            HTML_LIT(b, "</dd><dt>");
            html_text(b, tf->desc->fields[record_field_index(tf->desc, said[k])].label_da);
            HTML_LIT(b, "</dt><dd>");
            html_text(b, text_or_empty(text));
        }
        if (!member) /* the caseworker sets the group up, and ends it */
            edit_link(b, tf);
        HTML_LIT(b, "</dd></dl>\n<h3>" MSG_TF_MEMBERS "</h3>\n");
        size_t shown = 0;
        for (size_t i = 0; i < cr->n[RT_taskforce_member]; i++) {
            const struct record *m = &cr->recs[RT_taskforce_member][i];
            if (record_get_i(m, "taskforce_id", 0) != tf->id)
                continue;
            if (!shown++)
                HTML_LIT(b, "<table class=\"table\"><thead><tr><th scope=\"col\">" MSG_COL_NAME
                            "</th><th scope=\"col\">" MSG_COL_DEPARTMENT
                            "</th></tr></thead><tbody>\n");
            HTML_LIT(b, "<tr><td>");
            html_text(b, text_or_empty(record_get_s(m, "name")));
            HTML_LIT(b, "</td><td>");
            html_text(b, msg_label_da(record_get_s(m, "department")));
            if (!member)
                edit_link(b, m);
            HTML_LIT(b, "</td></tr>\n");
        }
        strbuf_addstr(b, shown ? "</tbody></table>\n" : "<p>" MSG_TF_NONE_YET "</p>\n");
        HTML_LIT(b, "<h3>" MSG_TF_ACTIONS "</h3>\n");
        shown = 0;
        for (size_t i = 0; i < cr->n[RT_taskforce_action]; i++) {
            const struct record *x = &cr->recs[RT_taskforce_action][i];
            if (record_get_i(x, "taskforce_id", 0) != tf->id)
                continue;
            if (!shown++)
                HTML_LIT(b, "<table class=\"table\"><thead><tr><th scope=\"col\">" MSG_COL_ACTION
                            "</th><th scope=\"col\">" MSG_COL_RESPONSIBLE
                            "</th><th scope=\"col\">" MSG_COL_DUE
                            "</th><th scope=\"col\">" MSG_INQ_COL_STATUS
                            "</th></tr></thead><tbody>\n");
            const char *done = record_get_s(x, "done"), *due = record_get_s(x, "due");
            bool late = done ? strcmp(done, due) > 0 : date_cmp(day_of(due), v->today) < 0;
            HTML_LIT(b, "<tr><td>");
            html_text(b, text_or_empty(record_get_s(x, "text")));
            HTML_LIT(b, "</td><td>");
            html_text(b, text_or_empty(record_get_s(x, "owner")));
            HTML_LIT(b, ", ");
            html_text(b, msg_label_da(record_get_s(x, "department")));
            HTML_LIT(b, "</td><td>");
            render_date_da(b, day_of(due));
            HTML_LIT(b, "</td><td>");
            if (done) {
                HTML_LIT(b, MSG_TF_DONE " ");
                render_date_da(b, day_of(done));
            } else {
                HTML_LIT(b, MSG_TF_OPEN);
            }
            if (late)
                HTML_LIT(b, " <strong class=\"status-overdue\">" MSG_TF_LATE "</strong>");
            edit_link(b, x);
            HTML_LIT(b, "</td></tr>\n");
        }
        strbuf_addstr(b, shown ? "</tbody></table>\n" : "<p>" MSG_TF_NONE_YET "</p>\n");
        HTML_LIT(b, "<h3>" MSG_TF_MEETINGS "</h3>\n");
        shown = 0;
        for (size_t i = 0; i < cr->n[RT_taskforce_meeting]; i++) {
            const struct record *x = &cr->recs[RT_taskforce_meeting][i];
            if (record_get_i(x, "taskforce_id", 0) != tf->id)
                continue;
            if (!shown++)
                HTML_LIT(b, "<ul>\n");
            HTML_LIT(b, "<li>");
            render_date_da(b, day_of(record_get_s(x, "date")));
            HTML_LIT(b, ": ");
            html_text(b, one_line(req->arena, record_get_s(x, "note"), SUMMARY_MAX));
            edit_link(b, x);
            HTML_LIT(b, "</li>\n");
        }
        strbuf_addstr(b, shown ? "</ul>\n" : "<p>" MSG_TF_NONE_YET "</p>\n");
    }
    HTML_LIT(b, "<nav aria-label=\"" MSG_TF_TITLE "\" class=\"actions\"><ul>\n");
    if (!member)
        new_link(b, "taskforce_member", child, MSG_NEW_TF_MEMBER);
    new_link(b, "taskforce_action", child, MSG_NEW_TF_ACTION);
    new_link(b, "taskforce_meeting", child, MSG_NEW_TF_MEETING);
    HTML_LIT(b, "</ul></nav>\n");
    (void)app;
}

/* The guidance centre's contacts with a young person of 18+ (seed 004). */
static void
aftercare_panel(struct req *req, const struct child_view *v)
{
    const struct child_records *cr = &v->cr;
    struct strbuf *b = &req->body;
    int age = render_age(cr->child, v->today);
    if (!cr->n[RT_aftercare_contact] && age < 17)
        return;
    HTML_LIT(b, "<h2 id=\"vejledning\">" MSG_AFTER18_TITLE "</h2>\n");
    if (!cr->n[RT_aftercare_contact]) {
        HTML_LIT(b, "<p>" MSG_AFTER18_NONE "</p>\n");
        return;
    }
    HTML_LIT(b, "<table class=\"table\"><thead><tr><th scope=\"col\">" MSG_COL_DATE
                "</th><th scope=\"col\">" MSG_COL_FORM "</th><th scope=\"col\">" MSG_COL_TOPIC
                "</th><th scope=\"col\">" MSG_COL_COUNSELLOR
                "</th><th scope=\"col\">" MSG_COL_OCCUPATION "</th></tr></thead><tbody>\n");
    for (size_t i = cr->n[RT_aftercare_contact]; i-- > 0;) {
        const struct record *x = &cr->recs[RT_aftercare_contact][i];
        const char *st = record_get_s(x, "status");
        HTML_LIT(b, "<tr><td>");
        render_date_da(b, day_of(record_get_s(x, "date")));
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(x, "form")));
        HTML_LIT(b, "</td><td>");
        html_text(b, msg_label_da(record_get_s(x, "topic")));
        HTML_LIT(b, "</td><td>");
        html_text(b, text_or_empty(record_get_s(x, "counsellor")));
        HTML_LIT(b, "</td><td>");
        html_text(b, st ? msg_label_da(st) : "");
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table>\n");
}

/* The case's caseworker by name and login, and the team. The viewer's own name is at hand; any
 * other is looked up among the accounts that may hold cases (a team leader's or a partner's
 * view), so the caseworker's own page costs no read. */
static void
caseworker_named(struct req *req, struct app *app, const struct child_view *v)
{
    struct strbuf *b = &req->body;
    if (!v->caseworker)
        return;
    struct account self = { v->caseworker, app->who_name, NULL, NULL }, *acc = &self;
    size_t n = 1;
    if (!app->who.login || strcmp(app->who.login, v->caseworker) != 0)
        render_caseworkers(app, req->arena, &acc, &n);
    render_account(b, acc, n, v->caseworker);
    if (v->team) {
        HTML_LIT(b, ", ");
        html_text(b, v->team);
    }
}

static void
shared_page(struct req *req, struct app *app, const struct child_view *v)
{
    struct strbuf *b = &req->body;
    const struct record *c = v->cr.child;
    web_page_begin(req, app, render_child_name(c), NULL);
    HTML_LIT(b, "<p>" MSG_SHARED_INTRO "</p>\n");
    header(b, app, v);
    HTML_LIT(b, "</dl>\n");
    if (v->mine) {
        HTML_LIT(b, "<h2>" MSG_SHARED_CONSENT "</h2>\n<dl class=\"facts\"><dt>" MSG_CONSENT_SCOPE
                    "</dt><dd>");
        html_text(b, msg_label_da(record_get_s(v->mine, "scope")));
        HTML_LIT(b, "</dd><dt>" MSG_CONSENT_PURPOSE "</dt><dd>");
        html_text(b, record_get_s(v->mine, "purpose"));
        HTML_LIT(b, "</dd><dt>" MSG_CONSENT_GIVEN_BY "</dt><dd>");
        html_text(b, msg_label_da(record_get_s(v->mine, "given_by")));
        HTML_LIT(b, "</dd><dt>" MSG_SHARED_UNTIL "</dt><dd>");
        render_date_da(b, day_of(record_get_s(v->mine, "to_date")));
        HTML_LIT(b, "</dd></dl>\n");
    }
    if (v->share >= 2) {
        HTML_LIT(b, "<h2>" MSG_SHARED_CASE "</h2>\n<dl class=\"facts\"><dt>" MSG_CHILD_STEP
                    "</dt><dd>");
        render_step(b, &app->cfg, v->step);
        HTML_LIT(b, "</dd><dt>" MSG_SHARED_CONTACT "</dt><dd>");
        if (v->caseworker) {
            caseworker_named(req, app, v);
        } else {
            HTML_LIT(b, MSG_SHARED_CONTACT_NONE);
        }
        HTML_LIT(b, "</dd></dl>\n");
    } else {
        HTML_LIT(b, "<p>" MSG_SHARED_NO_STEP "</p>\n");
    }
    HTML_LIT(b, "<h2>" MSG_SHARED_PLAN "</h2>\n");
    goals(req, v);
    /* The task force coordinates the plan: it may add to it (policy.c); a partner reads it. */
    if (app->who.rid == ROLE_TASKFORCE) {
        HTML_LIT(b, "<nav aria-label=\"" MSG_SHARED_ADD "\" class=\"actions\"><ul>\n"
                    "<li><a href=\"/ny?type=goal&amp;barn=");
        html_int(b, c->id);
        HTML_LIT(b, "\">" MSG_NEW_GOAL "</a></li>\n<li><a href=\"/ny?type=followup&amp;barn=");
        html_int(b, c->id);
        HTML_LIT(b, "\">" MSG_NEW_FOLLOWUP "</a></li>\n</ul></nav>\n");
        taskforce_panel(req, app, v, true);
    }
    web_page_end(req);
}

void
page_child(struct req *req)
{
    struct app *app = web_user(req);
    struct child_view v;
    struct strbuf *b = &req->body;
    if (!app)
        return;
    int only = thread_filter_or_respond(req);
    if (only == -2)
        return;
    const char *whole = req_query(req, "hele");
    if (whole && strcmp(whole, "1") != 0) {
        web_error(req, 400, MSG_ERR_THREAD_WHOLE);
        return;
    }
    enum err rc = app_child_view(app, req->id, req->arena, &v, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    if (policy_by_consent(&app->who)) {
        shared_page(req, app, &v);
        return;
    }
    const struct record *c = v.cr.child;
    const struct record *saved = saved_record(req, &v.cr);
    web_page_begin(req, app, render_child_name(c), NULL);
    if (saved) {
        HTML_LIT(b, "<div class=\"alert alert-success\" role=\"status\"><div class=\"alert-body\">"
                    "<p class=\"alert-heading\">" MSG_SAVED_HEADING "</p><p class=\"alert-text\">");
        html_text(b, saved->desc->label_da);
        HTML_LIT(b, " " MSG_SAVED_TEXT "</p></div></div>\n");
    }
    header(b, app, &v);
    const char *cat = record_get_s(c, "category");
    HTML_LIT(b, "<dt>" MSG_CHILD_CATEGORY "</dt><dd>");
    html_text(b, cat ? msg_label_da(cat) : MSG_CAT_NONE);
    HTML_LIT(b, "</dd>\n<dt>" MSG_CHILD_STEP "</dt><dd>");
    render_step(b, &app->cfg, v.step);
    HTML_LIT(b, "</dd>\n<dt>" MSG_CHILD_CASEWORKER "</dt><dd>");
    caseworker_named(req, app, &v);
    HTML_LIT(b, "</dd>\n</dl>\n<nav aria-label=\"" MSG_FORM_NEW
                "\" class=\"actions\"><h2>" MSG_FORM_NEW "</h2><ul>\n");

    static const struct {
        const char *type, *label;
    } actions[] = {
        { "notification", MSG_NEW_NOTIFICATION },
        { "conversation", MSG_NEW_CONVERSATION },
        { "assessment", MSG_NEW_ASSESSMENT },
        { "decision", MSG_NEW_DECISION },
        { "intervention", MSG_NEW_INTERVENTION },
        { "placement", MSG_NEW_PLACEMENT },
        { "plan", MSG_NEW_PLAN },
        { "goal", MSG_NEW_GOAL },
        { "followup", MSG_NEW_FOLLOWUP },
        { "supervision", MSG_NEW_SUPERVISION },
        { "consent", MSG_NEW_CONSENT },
        { "taskforce", MSG_NEW_TASKFORCE },
        { "aftercare_contact", MSG_NEW_AFTERCARE_CONTACT },
    };

    for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
        HTML_LIT(b, "<li><a href=\"/ny?type=");
        html_text(b, actions[i].type);
        HTML_LIT(b, "&amp;barn=");
        html_int(b, c->id);
        HTML_LIT(b, "\">");
        html_text(b, actions[i].label);
        HTML_LIT(b, "</a></li>\n");
    }
    HTML_LIT(b, "</ul></nav>\n<h2>" MSG_CHILD_DEADLINES "</h2>\n");
    if (v.ndeadlines == 0) {
        HTML_LIT(b, "<p>" MSG_WORKLIST_EMPTY "</p>\n");
    } else {
        struct asof at = { v.today, 0, false };
        HTML_LIT(b, "<ul class=\"deadlines\">\n");
        for (size_t i = 0; i < v.ndeadlines; i++) {
            HTML_LIT(b, "<li>");
            render_status(b, v.deadlines[i].status);
            HTML_LIT(b, " ");
            html_text(b, deadline_explain_da(&v.deadlines[i], at, req->arena));
            HTML_LIT(b, "</li>\n");
        }
        HTML_LIT(b, "</ul>\n");
    }
    HTML_LIT(b, "<h2>" MSG_CHILD_LADDER "</h2>\n");
    if (v.nhistory == 0)
        HTML_LIT(b, "<p>" MSG_CHILD_LADDER_NONE "</p>\n");
    else
        ladder_svg(b, app, &v);
    HTML_LIT(b, "<h2 id=\"traad\">" MSG_CHILD_THREAD "</h2>\n");
    thread_filter(b, &v, only);
    red_thread(req, app, &v, saved, only);
    HTML_LIT(b, "<h2>" MSG_CHILD_GOALS "</h2>\n");
    goals(req, &v);
    taskforce_panel(req, app, &v, false);
    aftercare_panel(req, &v);
    consents(req, app, &v);
    web_page_end(req);
}

/* POST /samtykke/tilbage: withdraw a consent at once (app_consent_withdraw), back to the child. */
void
page_consent_withdraw(struct req *req)
{
    struct app *app = web_user(req);
    struct strbuf why = STRBUF_INIT;
    int64_t id, child = 0;
    if (!app)
        return;
    const char *ids = req_form(req, "id");
    if (!ids || parse_i64(ids, 1, INT64_MAX, &id)) {
        web_error(req, 400, MSG_ERR_NOT_FOUND);
        return;
    }
    enum err rc = app_consent_withdraw(app, req->arena, id, &child, &why);
    strbuf_release(&why);
    if (rc == ERR_INVALID) {
        web_error(req, 400, MSG_CONSENT_WITHDRAW_ERR);
        return;
    }
    if (rc) {
        web_error_rc(req, rc == ERR_NOT_FOUND ? ERR_FORBIDDEN : rc);
        return;
    }
    char to[96];
    snprintf(to, sizeof(to), "/barn/%lld?tilbage=%lld#samtykker", (long long)child, (long long)id);
    resp_redirect(req, to);
}
