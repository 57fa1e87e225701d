/*
 * deadline.c - evaluates the deadline rules over one child's records.
 * Must not: do I/O or read the clock; hard-code a number that the rules carry (amounts, record
 * and field names, decision types are all in config/deadlines.jsonl).
 */
#include "domain/deadline.h"

#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/cpr.h"

struct out {
    struct arena *a;
    struct deadline *items;
    size_t n, cap;
};

static struct deadline *
push(struct out *o, const struct deadline_rule *rule, int64_t child, const struct record *trigger)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        struct deadline *items = arena_alloc(o->a, cap * sizeof(*items));
        if (o->n)
            memcpy(items, o->items, o->n * sizeof(*items));
        o->items = items;
        o->cap = cap;
    }
    struct deadline *d = &o->items[o->n++];
    memset(d, 0, sizeof(*d));
    d->rule = rule;
    d->child_id = child;
    d->child_name = NULL;
    d->record_type = trigger ? trigger->desc->name : "child";
    d->record_id = trigger ? trigger->id : child;
    return d;
}

static struct date
day_of(const char *s)
{
    struct date d = { 1970, 1, 1 };
    int64_t t;
    if (date_parse(s, &d) == OK)
        return d;
    if (datetime_parse(s, &t) == OK)
        return calendar_cph_date(t);
    return d;
}

static void
set_due_day(struct deadline *d, struct date due)
{
    d->clock = false;
    d->due = due;
}

/* Record the value of a date or time field as the moment the deadline was met. */
static void
set_met(struct deadline *d, const char *value)
{
    int64_t t;
    if (!value)
        return;
    d->met = true;
    if (datetime_parse(value, &t) == OK) {
        d->met_clock = true;
        d->met_at = t;
        d->met_date = calendar_cph_date(t);
    } else {
        d->met_clock = false;
        d->met_date = day_of(value);
    }
}

static void
set_met_day(struct deadline *d, struct date day)
{
    d->met = true;
    d->met_clock = false;
    d->met_date = day;
}

static bool
known(const struct deadline *d, const struct asof *at)
{
    if (d->met_clock && at->has_time)
        return d->met_at <= at->t;
    return date_cmp(d->met_date, at->d) <= 0;
}

/* Status from due, met and the as-of moment. */
static void
settle(struct deadline *d, const struct config *cfg, const struct asof *at)
{
    if (d->status == DL_NOT_APPLICABLE)
        return;
    const struct date from = d->rule->applies_from;
    if (from.y && date_cmp(d->due, from) < 0) {
        /* History from before the rule took effect: shown with the record, never judged. */
        d->status = DL_NOT_APPLICABLE;
        d->met = false;
        d->note_da = "fristen lå før reglen gjaldt; den vurderes ikke";
        return;
    }
    if (d->met && known(d, at)) {
        bool late =
            d->clock && d->met_clock ? d->met_at > d->due_at : date_cmp(d->met_date, d->due) > 0;
        d->status = late ? DL_MET_LATE : DL_MET;
        return;
    }
    d->met = false;
    if (d->reminder) {
        /* Nothing is owed until the choice is recorded: a reminder, never overdue. */
        d->status = DL_REMINDER;
        return;
    }
    bool overdue = d->clock && at->has_time ? d->due_at < at->t : date_cmp(d->due, at->d) < 0;
    if (overdue) {
        d->status = DL_OVERDUE;
        return;
    }
    struct date soon =
        calendar_add_workdays(&cfg->calendar, at->d, cfg->settings.due_soon_workdays);
    d->status = date_cmp(d->due, soon) <= 0 ? DL_DUE_SOON : DL_UPCOMING;
}

static bool
in_list(const char *list, const char *code)
{
    size_t n = strlen(code);
    while (list && *list) {
        const char *comma = strchr(list, ',');
        size_t len = comma ? (size_t)(comma - list) : strlen(list);
        if (len == n && memcmp(list, code, n) == 0)
            return true;
        list += len + (comma != NULL);
    }
    return false;
}

static bool
has_prefix_in(const char *list, const char *code)
{
    while (list && *list) {
        const char *comma = strchr(list, ',');
        size_t len = comma ? (size_t)(comma - list) : strlen(list);
        if (strncmp(code, list, len) == 0)
            return true;
        list += len + (comma != NULL);
    }
    return false;
}

static const struct record *
rec(const struct child_records *cr, enum record_type t, size_t i)
{
    return cr->recs[t] + i;
}

const struct record *
child_open_case(const struct child_records *cr, size_t *n)
{
    const struct record *open = NULL;
    *n = 0;
    for (size_t i = 0; i < cr->n[RT_case]; i++)
        if (!record_get_s(&cr->recs[RT_case][i], "closed")) {
            open = &cr->recs[RT_case][i];
            (*n)++;
        }
    return open;
}

bool
child_birth_date(const struct record *child, struct date *out)
{
    const char *b = record_get_s(child, "birth_date");
    const char *cpr = record_get_s(child, "cpr");
    struct cpr c;
    if (b && date_parse(b, out) == OK)
        return true;
    if (cpr && cpr_parse(cpr, &c, NULL) == OK) {
        *out = c.birth;
        return true;
    }
    return false;
}

struct date
birthday_at(struct date birth, int age, bool leap_march_1)
{
    struct date d = { birth.y + age, birth.m, birth.d };
    if (birth.m == 2 && birth.d == 29 && !date_is_leap(d.y)) {
        d.m = leap_march_1 ? 3 : 2;
        d.d = leap_march_1 ? 1 : 28;
    }
    return d;
}

static struct date
add_days(struct date d, int n)
{
    return date_from_days(date_to_days(d) + n);
}

/* A record dated after the moment was not known at it: no rule counts it (LAW.md: a status is
 * computed from what was recorded up to the as-of moment). */
static bool
later(const struct record *x, const struct asof *at)
{
    const char *f = record_when_field(x->desc->type);
    const char *v = f ? record_get_s(x, f) : NULL;
    int64_t t;
    if (!v)
        return false;
    if (at->has_time && datetime_parse(v, &t) == OK)
        return t > at->t;
    return date_cmp(day_of(v), at->d) > 0;
}

/* n calendar months after base; on a non-working day, the next working day when the setting says
 * so. Every rule that counts in months or years goes through here, so all move or none does. */
static struct date
months_due(const struct config *cfg, struct date base, int n)
{
    struct date d = calendar_add_months(base, n);
    return cfg->settings.month_deadlines_to_workday ? calendar_next_workday(&cfg->calendar, d) : d;
}

/* --- RK_RECORD_FIELD and RK_RECORD_FLAG ----------------------------------------------------- */

static void
eval_record_field(const struct config *cfg, const struct deadline_rule *r,
                  const struct child_records *cr, const struct asof *at, struct out *o)
{
    const struct record_desc *d = record_desc_by_name(r->record);
    for (size_t i = 0; i < cr->n[d->type]; i++) {
        const struct record *x = rec(cr, d->type, i);
        const char *trig = record_get_s(x, r->trigger);
        if (!trig || later(x, at))
            continue;
        struct deadline *dl = push(o, r, cr->child->id, x);
        int64_t t = 0;
        if (datetime_parse(trig, &t) != OK)
            t = calendar_cph_day_start(day_of(trig));
        struct date base = day_of(trig);
        if (r->kind == RK_RECORD_FLAG) {
            set_due_day(dl, base);
            if (record_get_i(x, r->met_by, 0))
                set_met_day(dl, base);
            continue;
        }
        switch (r->unit) {
        case RU_HOURS:
            dl->clock = true;
            dl->due_at = t + (int64_t)r->amount * 3600;
            dl->due = calendar_cph_date(dl->due_at);
            break;
        case RU_WORKDAYS:
            set_due_day(dl, calendar_add_workdays(&cfg->calendar, base, r->amount));
            break;
        default:
            set_due_day(dl, months_due(cfg, base, r->amount));
            break;
        }
        if (r->when_field && record_get_i(x, r->when_field, -1) != r->when_value) {
            dl->status = DL_NOT_APPLICABLE;
            dl->note_da = "betingelsen for reglen er ikke opfyldt";
            continue;
        }
        if (r->unless_on_time) {
            /* This duty arises only when the other one was not met in time: it was met late, or
             * its deadline has passed. */
            const char *other = record_get_s(x, r->unless_on_time);
            bool on_time = other && date_cmp(day_of(other), dl->due) <= 0;
            bool not_yet = !other && date_cmp(at->d, dl->due) <= 0;
            if (on_time || not_yet) {
                o->n--;
                continue;
            }
        }
        set_met(dl, record_get_s(x, r->met_by));
    }
}

/* --- RK_DECISION_VOICE ---------------------------------------------------------------------- */

static void
eval_decision_voice(const struct deadline_rule *r, const struct child_records *cr,
                    const struct asof *at, struct out *o)
{
    for (size_t i = 0; i < cr->n[RT_decision]; i++) {
        const struct record *x = rec(cr, RT_decision, i);
        if (later(x, at))
            continue;
        struct deadline *dl = push(o, r, cr->child->id, x);
        set_due_day(dl, day_of(record_get_s(x, "date")));
        if (record_get_i(x, "conversation_id", 0)) {
            set_met_day(dl, dl->due);
        } else if (record_get_s(x, "exception_reason")) {
            set_met_day(dl, dl->due);
            dl->note_da = "undtagelse dokumenteret (§ 5 stk. 4)";
        }
    }
}

/* --- plans ---------------------------------------------------------------------------------- */

static void
eval_plan_for_decision(const struct config *cfg, const struct deadline_rule *r,
                       const struct child_records *cr, const struct asof *at, struct out *o)
{
    for (size_t i = 0; i < cr->n[RT_decision]; i++) {
        const struct record *x = rec(cr, RT_decision, i);
        if (!in_list(r->decision_types, record_get_s(x, "decision_type")) || later(x, at))
            continue;
        struct date dd = day_of(record_get_s(x, "date"));
        struct deadline *dl = push(o, r, cr->child->id, x);
        set_due_day(dl, r->before ? dd : months_due(cfg, dd, r->amount));
        const char *choice = r->choice_field ? record_get_s(x, r->choice_field) : NULL;
        if (choice && strcmp(choice, r->choice_none) == 0) {
            dl->status = DL_NOT_APPLICABLE;
            dl->note_da = "det er besluttet, at der ikke udarbejdes en plan";
            continue;
        }
        /* Met by the latest plan made for it beforehand (at most the rule's period before; for
         * "before", any plan up to the decision), else by the first plan after it: late when the
         * plan was owed before the decision or is after the period. */
        struct date window =
            r->before ? (struct date){ DATE_MIN_YEAR, 1, 1 } : calendar_add_months(dd, -r->amount);
        bool have_before = false, have_after = false;
        struct date best_before = dd, best_after = dd;
        for (size_t k = 0; k < cr->n[RT_plan]; k++) {
            const struct record *p = rec(cr, RT_plan, k);
            if ((r->plan_kind && strcmp(record_get_s(p, "kind"), r->plan_kind) != 0) ||
                later(p, at))
                continue;
            struct date pd = day_of(record_get_s(p, "date"));
            if (date_cmp(pd, window) < 0)
                continue;
            if (date_cmp(pd, dd) <= 0) {
                if (!have_before || date_cmp(pd, best_before) > 0)
                    best_before = pd;
                have_before = true;
            } else {
                if (!have_after || date_cmp(pd, best_after) < 0)
                    best_after = pd;
                have_after = true;
            }
        }
        if (have_before)
            set_met_day(dl, best_before);
        else if (have_after)
            set_met_day(dl, best_after);
        else if (r->choice_field && !choice) {
            dl->reminder = true;
            dl->note_da = "beslut, om der skal udarbejdes en barnets plan";
        }
    }
}

static void
eval_plan_at_age(const struct config *cfg, const struct deadline_rule *r,
                 const struct child_records *cr, const struct asof *at, struct out *o)
{
    struct date birth;
    if (!child_birth_date(cr->child, &birth))
        return;
    struct date bday = birthday_at(birth, r->age, cfg->settings.leap_birthday_march_1);
    bool had_plan = false;
    for (size_t k = 0; k < cr->n[RT_plan]; k++) {
        const struct record *p = rec(cr, RT_plan, k);
        if (strcmp(record_get_s(p, "kind"), "barnets_plan") == 0 && !later(p, at) &&
            date_cmp(day_of(record_get_s(p, "date")), bday) <= 0)
            had_plan = true;
    }
    if (!had_plan)
        return;
    struct deadline *dl = push(o, r, cr->child->id, NULL);
    set_due_day(dl, months_due(cfg, bday, r->amount));
    for (size_t k = 0; k < cr->n[RT_plan]; k++) {
        const struct record *p = rec(cr, RT_plan, k);
        struct date pd = day_of(record_get_s(p, "date"));
        if (strcmp(record_get_s(p, "kind"), r->plan_kind) == 0 && !later(p, at) &&
            (!dl->met || date_cmp(pd, dl->met_date) < 0))
            set_met_day(dl, pd);
    }
}

/* --- follow-up ------------------------------------------------------------------------------ */

static bool
followed_up(const struct deadline_rule *r, const struct record *iv)
{
    return has_prefix_in(r->catalogue_prefixes, record_get_s(iv, "catalogue_code"));
}

static void
eval_first_followup(const struct config *cfg, const struct deadline_rule *r,
                    const struct child_records *cr, const struct asof *at, struct out *o)
{
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = rec(cr, RT_intervention, i);
        if (!followed_up(r, iv) || later(iv, at))
            continue;
        struct date start = day_of(record_get_s(iv, "start"));
        struct date due = months_due(cfg, start, r->amount);
        const char *note = NULL;
        /* An assessment run in parallel: not completed when the intervention started. */
        for (size_t k = 0; k < cr->n[RT_assessment]; k++) {
            const struct record *as = rec(cr, RT_assessment, k);
            const char *done = record_get_s(as, "completed");
            if (!done || date_cmp(day_of(record_get_s(as, "aware_date")), start) > 0 ||
                date_cmp(day_of(done), at->d) > 0)
                continue;
            struct date cd = day_of(done);
            if (date_cmp(cd, start) >= 0 && date_cmp(cd, due) < 0) {
                due = cd;
                note = "undersøgelsen blev afsluttet før 3 måneder";
            }
        }
        struct deadline *dl = push(o, r, cr->child->id, iv);
        set_due_day(dl, due);
        dl->note_da = note;
        for (size_t k = 0; k < cr->n[RT_followup]; k++) {
            struct date fd = day_of(record_get_s(rec(cr, RT_followup, k), "date"));
            if (date_cmp(fd, start) >= 0 && date_cmp(fd, at->d) <= 0 &&
                (!dl->met || date_cmp(fd, dl->met_date) < 0))
                set_met_day(dl, fd);
        }
    }
}

static void
eval_next_followup(const struct config *cfg, const struct deadline_rule *r,
                   const struct child_records *cr, const struct asof *at, struct out *o)
{
    const struct record *active = NULL;
    struct date first_start = at->d;
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = rec(cr, RT_intervention, i);
        const char *end = record_get_s(iv, "end");
        struct date start = day_of(record_get_s(iv, "start"));
        if (!followed_up(r, iv) || date_cmp(start, at->d) > 0 ||
            (end && date_cmp(day_of(end), at->d) < 0))
            continue;
        if (!active || date_cmp(start, first_start) < 0)
            first_start = start;
        active = iv;
    }
    if (!active)
        return;
    bool any = false;
    struct date last = first_start;
    for (size_t k = 0; k < cr->n[RT_followup]; k++) {
        struct date fd = day_of(record_get_s(rec(cr, RT_followup, k), "date"));
        if (date_cmp(fd, first_start) >= 0 && date_cmp(fd, at->d) <= 0 &&
            (!any || date_cmp(fd, last) > 0)) {
            last = fd;
            any = true;
        }
    }
    if (!any)
        return; /* the first follow-up is rule P6's */
    int months = cfg->settings.followup_default_months;
    const char *note = "intervallet er ikke besluttet i sagen; standardinterval bruges";
    struct date plan_date = { DATE_MIN_YEAR, 1, 1 };
    for (size_t k = 0; k < cr->n[RT_plan]; k++) {
        const struct record *p = rec(cr, RT_plan, k);
        struct date pd = day_of(record_get_s(p, "date"));
        int64_t m = record_get_i(p, "followup_months", 0);
        if (m > 0 && date_cmp(pd, at->d) <= 0 && date_cmp(pd, plan_date) >= 0) {
            plan_date = pd;
            months = (int)m;
            note = NULL;
        }
    }
    struct deadline *dl = push(o, r, cr->child->id, active);
    set_due_day(dl, months_due(cfg, last, months));
    dl->note_da = note;
}

/* --- placements ----------------------------------------------------------------------------- */

static bool
is_placement(const struct config *cfg, const struct record *iv)
{
    const struct catalogue_entry *c = config_catalogue(cfg, record_get_s(iv, "catalogue_code"));
    return c && c->placement;
}

static void
eval_visits(const struct config *cfg, const struct deadline_rule *r, const struct child_records *cr,
            const struct asof *at, struct out *o)
{
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = rec(cr, RT_intervention, i);
        if (!is_placement(cfg, iv) || later(iv, at))
            continue;
        struct date start = day_of(record_get_s(iv, "start"));
        const char *end_s = record_get_s(iv, "end");
        for (int y = start.y; y <= at->d.y; y++) {
            struct date from = { y, 1, 1 }, to = { y, 12, 31 };
            if (date_cmp(start, from) > 0)
                from = start;
            if (end_s && date_cmp(day_of(end_s), to) < 0)
                to = day_of(end_s);
            if (date_cmp(from, to) > 0)
                break;
            /* Visits required pro rata for a part year: ceil(per_year * days / days in year). */
            int64_t days = date_to_days(to) - date_to_days(from) + 1;
            int64_t year_days = date_is_leap(y) ? 366 : 365;
            int required = (int)((r->amount * days + year_days - 1) / year_days);
            struct deadline *dl = push(o, r, cr->child->id, iv);
            set_due_day(dl, to);
            if (required < r->amount)
                dl->note_da = arena_printf(o->a, "%d besøg for den del af %d, barnet var anbragt",
                                           required, y);
            else
                dl->note_da = arena_printf(o->a, "%d besøg i %d", required, y);
            /* The required-th visit of the year meets it. */
            struct date visits[64] = { { 0, 0, 0 } };
            int n = 0;
            for (size_t k = 0; k < cr->n[RT_supervision] && n < 64; k++) {
                const struct record *s = rec(cr, RT_supervision, k);
                struct date sd = day_of(record_get_s(s, "date"));
                if (record_get_i(s, "intervention_id", 0) == iv->id && sd.y == y &&
                    date_cmp(sd, at->d) <= 0)
                    visits[n++] = sd;
            }
            for (int a1 = 1; a1 < n; a1++)
                for (int b1 = a1; b1 > 0 && date_cmp(visits[b1], visits[b1 - 1]) < 0; b1--) {
                    struct date tmp = visits[b1];
                    visits[b1] = visits[b1 - 1];
                    visits[b1 - 1] = tmp;
                }
            if (n >= required)
                set_met_day(dl, visits[required - 1]);
        }
    }
}

/* Continuous placement episodes: placements that follow each other without a gap of a day. */
struct episode {
    struct date start, end;
    bool open;
};

static size_t
episodes(const struct config *cfg, const struct child_records *cr, const struct asof *at,
         struct episode *ep, size_t max)
{
    size_t n = 0;
    struct episode p[128];
    size_t np = 0;
    for (size_t i = 0; i < cr->n[RT_intervention] && np < 128; i++) {
        const struct record *iv = rec(cr, RT_intervention, i);
        if (!is_placement(cfg, iv) || later(iv, at))
            continue;
        p[np].start = day_of(record_get_s(iv, "start"));
        p[np].open = record_get_s(iv, "end") == NULL;
        p[np].end = p[np].open ? p[np].start : day_of(record_get_s(iv, "end"));
        np++;
    }
    for (size_t a1 = 1; a1 < np; a1++)
        for (size_t b1 = a1; b1 > 0 && date_cmp(p[b1].start, p[b1 - 1].start) < 0; b1--) {
            struct episode tmp = p[b1];
            p[b1] = p[b1 - 1];
            p[b1 - 1] = tmp;
        }
    for (size_t i = 0; i < np; i++) {
        if (n > 0 && (ep[n - 1].open || date_cmp(p[i].start, add_days(ep[n - 1].end, 1)) <= 0)) {
            if (p[i].open)
                ep[n - 1].open = true;
            else if (!ep[n - 1].open && date_cmp(p[i].end, ep[n - 1].end) > 0)
                ep[n - 1].end = p[i].end;
            continue;
        }
        if (n == max)
            break;
        ep[n].start = p[i].start;
        ep[n].end = p[i].end;
        ep[n].open = p[i].open;
        n++;
    }
    return n;
}

static bool
episode_covers(const struct episode *e, struct date d)
{
    return date_cmp(e->start, d) <= 0 && (e->open || date_cmp(e->end, d) >= 0);
}

/* The earliest decision of the rule's types on or after from, as met. */
static void
met_by_decision(const struct deadline_rule *r, const struct child_records *cr,
                const struct asof *at, struct date from, struct deadline *dl)
{
    for (size_t k = 0; k < cr->n[RT_decision]; k++) {
        const struct record *x = rec(cr, RT_decision, k);
        if (later(x, at))
            continue;
        struct date xd = day_of(record_get_s(x, "date"));
        if (in_list(r->decision_types, record_get_s(x, "decision_type")) &&
            date_cmp(xd, from) >= 0 && (!dl->met || date_cmp(xd, dl->met_date) < 0))
            set_met_day(dl, xd);
    }
}

static void
eval_placed_years(const struct config *cfg, const struct deadline_rule *r,
                  const struct child_records *cr, const struct asof *at, struct out *o)
{
    struct episode ep[32];
    size_t n = episodes(cfg, cr, at, ep, 32);
    for (size_t i = 0; i < n; i++) {
        struct date due = months_due(cfg, ep[i].start, 12 * r->amount);
        if (!episode_covers(&ep[i], due))
            continue;
        struct deadline *dl = push(o, r, cr->child->id, NULL);
        set_due_day(dl, due);
        dl->note_da = arena_printf(o->a, "anbragt uafbrudt siden %d.%d.%d", ep[i].start.d,
                                   ep[i].start.m, ep[i].start.y);
        met_by_decision(r, cr, at, ep[i].start, dl);
    }
}

static void
eval_before_birthday(const struct config *cfg, const struct deadline_rule *r,
                     const struct child_records *cr, const struct asof *at, struct out *o)
{
    struct date birth;
    if (!child_birth_date(cr->child, &birth))
        return;
    struct date bday = birthday_at(birth, r->age, cfg->settings.leap_birthday_march_1);
    struct date due = months_due(cfg, bday, -r->amount);
    struct date check = date_cmp(due, at->d) < 0 ? due : at->d;
    struct episode ep[32];
    size_t n = episodes(cfg, cr, at, ep, 32);
    bool placed = false;
    for (size_t i = 0; i < n; i++)
        placed = placed ||
                 (episode_covers(&ep[i], check) && (ep[i].open || date_cmp(ep[i].end, due) >= 0));
    if (!placed || date_cmp(check, bday) >= 0)
        return;
    struct deadline *dl = push(o, r, cr->child->id, NULL);
    set_due_day(dl, due);
    dl->note_da = arena_printf(o->a, "fylder %d år %04d-%02d-%02d", r->age, bday.y, bday.m, bday.d);
    met_by_decision(r, cr, at, calendar_add_months(due, -12), dl);
}

/* --- RK_RECORD_DUE, RK_CONTACT_GAP ----------------------------------------------------------- */

/* A record that carries its own due day (a task-force action's date), met by another date. */
static void
eval_record_due(const struct deadline_rule *r, const struct child_records *cr,
                const struct asof *at, struct out *o)
{
    const struct record_desc *d = record_desc_by_name(r->record);
    for (size_t i = 0; i < cr->n[d->type]; i++) {
        const struct record *x = rec(cr, d->type, i);
        const char *due = record_get_s(x, r->trigger);
        if (!due || later(x, at))
            continue;
        struct deadline *dl = push(o, r, cr->child->id, x);
        set_due_day(dl, day_of(due));
        set_met(dl, record_get_s(x, r->met_by));
    }
}

/* While an intervention of the prefixes runs, a contact (record r->record, dated r->trigger)
 * within r->amount days of the last one, or of the intervention's start: a nudge, never met. */
static void
eval_contact_gap(const struct deadline_rule *r, const struct child_records *cr,
                 const struct asof *at, struct out *o)
{
    const struct record_desc *cd = record_desc_by_name(r->record);
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = rec(cr, RT_intervention, i);
        const char *code = record_get_s(iv, "catalogue_code"), *start = record_get_s(iv, "start");
        const char *end = record_get_s(iv, "end");
        if (!code || !start || later(iv, at) || !has_prefix_in(r->catalogue_prefixes, code) ||
            (end && date_cmp(day_of(end), at->d) < 0))
            continue;
        struct date base = day_of(start);
        for (size_t k = 0; k < cr->n[cd->type]; k++) {
            const struct record *c = rec(cr, cd->type, k);
            const char *when = record_get_s(c, r->trigger);
            if (!when || later(c, at))
                continue;
            struct date d = day_of(when);
            if (date_cmp(d, base) > 0 && date_cmp(d, at->d) <= 0)
                base = d;
        }
        struct deadline *dl = push(o, r, cr->child->id, iv);
        set_due_day(dl, add_days(base, r->amount));
        dl->note_da =
            arena_printf(o->a, "seneste kontakt eller start %d.%d.%d", base.d, base.m, base.y);
        return; /* one nudge per young person */
    }
}

size_t
deadlines_for_child(const struct config *cfg, const struct child_records *cr, struct asof at,
                    struct arena *a, struct deadline **out)
{
    struct out o = { a, NULL, 0, 0 };
    /* Whose the child's deadlines are: the caseworker of its open case, else of its last one. */
    const char *caseworker = NULL;
    bool open_found = false;
    for (size_t i = 0; i < cr->n[RT_case]; i++) {
        const struct record *c = &cr->recs[RT_case][i];
        bool open = !record_get_s(c, "closed");
        if (open || !open_found) {
            caseworker = record_get_s(c, "caseworker");
            open_found = open_found || open;
        }
    }
    for (size_t i = 0; i < cfg->nrules; i++) {
        const struct deadline_rule *r = &cfg->rules[i];
        size_t first = o.n;
        switch (r->kind) {
        case RK_RECORD_FIELD:
        case RK_RECORD_FLAG:
            eval_record_field(cfg, r, cr, &at, &o);
            break;
        case RK_DECISION_VOICE:
            eval_decision_voice(r, cr, &at, &o);
            break;
        case RK_PLAN_FOR_DECISION:
            eval_plan_for_decision(cfg, r, cr, &at, &o);
            break;
        case RK_PLAN_AT_AGE:
            eval_plan_at_age(cfg, r, cr, &at, &o);
            break;
        case RK_FIRST_FOLLOWUP:
            eval_first_followup(cfg, r, cr, &at, &o);
            break;
        case RK_NEXT_FOLLOWUP:
            eval_next_followup(cfg, r, cr, &at, &o);
            break;
        case RK_VISITS_PER_YEAR:
            eval_visits(cfg, r, cr, &at, &o);
            break;
        case RK_PLACED_YEARS:
            eval_placed_years(cfg, r, cr, &at, &o);
            break;
        case RK_BEFORE_BIRTHDAY:
            eval_before_birthday(cfg, r, cr, &at, &o);
            break;
        case RK_RECORD_DUE:
            eval_record_due(r, cr, &at, &o);
            break;
        case RK_CONTACT_GAP:
            eval_contact_gap(r, cr, &at, &o);
            break;
        }
        for (size_t k = first; k < o.n; k++) {
            settle(&o.items[k], cfg, &at);
            o.items[k].child_name = record_get_s(cr->child, "name");
            o.items[k].caseworker = caseworker;
        }
    }
    *out = o.items;
    return o.n;
}

bool
deadline_is_open(const struct deadline *d)
{
    return d->status == DL_UPCOMING || d->status == DL_DUE_SOON || d->status == DL_OVERDUE ||
           d->status == DL_REMINDER;
}

int
deadline_cmp(const void *pa, const void *pb)
{
    const struct deadline *a = pa, *b = pb;
    bool oa = a->status == DL_OVERDUE, ob = b->status == DL_OVERDUE;
    if (oa != ob)
        return oa ? -1 : 1;
    int c = date_cmp(a->due, b->due);
    if (c)
        return c;
    int64_t ta = a->clock ? a->due_at : INT64_MAX, tb = b->clock ? b->due_at : INT64_MAX;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    if (a->child_id != b->child_id)
        return a->child_id < b->child_id ? -1 : 1;
    c = strcmp(a->rule->id, b->rule->id);
    if (c)
        return c;
    return (a->record_id > b->record_id) - (a->record_id < b->record_id);
}

const char *
deadline_status_str(enum deadline_status s)
{
    static const char *const names[] = { "upcoming", "due_soon",       "overdue", "met",
                                         "met_late", "not_applicable", "reminder" };
    return names[s];
}

const char *
deadline_status_da(enum deadline_status s)
{
    static const char *const names[] = { "kommende",           "snart",
                                         "overskredet",        "overholdt",
                                         "overholdt for sent", "ikke relevant",
                                         "påmindelse" };
    return names[s];
}

static void
add_day_da(struct strbuf *sb, struct date d)
{
    strbuf_add_int(sb, d.d);
    strbuf_addch(sb, '.');
    strbuf_add_int(sb, d.m);
    strbuf_addch(sb, '.');
    strbuf_add_int(sb, d.y);
}

static void
add_two_digits(struct strbuf *sb, int v)
{
    strbuf_addch(sb, (char)('0' + v / 10 % 10));
    strbuf_addch(sb, (char)('0' + v % 10));
}

/* "3 dage" */
static void
add_days_da(struct strbuf *sb, int64_t days)
{
    strbuf_add_int(sb, days);
    strbuf_addstr(sb, days == 1 ? " dag" : " dage");
}

/* " kl. 15:00" for a deadline counted in hours, in Copenhagen time; nothing for one in days. */
static void
add_clock_da(struct strbuf *sb, const struct deadline *d)
{
    if (!d->clock)
        return;
    int64_t local = d->due_at + calendar_cph_offset(d->due_at);
    strbuf_addstr(sb, " kl. ");
    add_two_digits(sb, (int)(local / 3600 % 24));
    strbuf_addch(sb, ':');
    add_two_digits(sb, (int)(local / 60 % 60));
}

/* How an overdue or met deadline stands ("overskredet med 2 dage", "overholdt 6.1.2025",
 * "overholdt for sent 12.4.2024 (3 dage efter fristen)"), capitalised for a sentence of its own;
 * false for any other status. */
static bool
add_outcome_da(struct strbuf *sb, const struct deadline *d, int64_t late, bool capital)
{
    switch (d->status) {
    case DL_OVERDUE:
        strbuf_addstr(sb, capital ? "Overskredet" : "overskredet");
        if (late > 0) {
            strbuf_addstr(sb, " med ");
            add_days_da(sb, late);
        }
        return true;
    case DL_MET:
        strbuf_addstr(sb, capital ? "Overholdt " : "overholdt ");
        add_day_da(sb, d->met_date);
        return true;
    case DL_MET_LATE: {
        int64_t days = date_to_days(d->met_date) - date_to_days(d->due);
        strbuf_addstr(sb, capital ? "Overholdt for sent " : "overholdt for sent ");
        add_day_da(sb, d->met_date);
        if (days > 0) {
            strbuf_addstr(sb, " (");
            add_days_da(sb, days);
            strbuf_addstr(sb, " efter fristen)");
        }
        return true;
    }
    default:
        return false;
    }
}

/* The sentence's end: the note, if any, and the string in the arena. */
static const char *
finish_da(struct strbuf *sb, const struct deadline *d, struct arena *a)
{
    if (d->note_da) {
        strbuf_addstr(sb, " (");
        strbuf_addstr(sb, d->note_da);
        strbuf_addch(sb, ')');
    }
    const char *s = arena_strdup(a, strbuf_str(sb));
    strbuf_release(sb);
    return s;
}

const char *
deadline_explain_da(const struct deadline *d, struct asof at, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    const struct deadline_rule *r = d->rule;
    strbuf_addstr(&sb, r->name_da);
    /* A paragraph of the law, or a rule of the municipality's own (T1, Y2) named as such. */
    strbuf_addstr(&sb, strncmp(r->paragraph, "§", strlen("§")) == 0 ? " (Barnets lov " : " (");
    strbuf_addstr(&sb, r->paragraph);
    if (r->conf == CONF_U)
        strbuf_addstr(&sb, "; reglen er ikke verificeret");
    strbuf_addstr(&sb, "). Frist ");
    add_day_da(&sb, d->due);
    add_clock_da(&sb, d);
    strbuf_addstr(&sb, ": ");
    int64_t late = date_to_days(at.d) - date_to_days(d->due);
    if (!add_outcome_da(&sb, d, late, false)) {
        switch (d->status) {
        case DL_DUE_SOON:
            strbuf_addstr(&sb, late == 0 ? "i dag" : "snart");
            break;
        case DL_NOT_APPLICABLE:
            strbuf_addstr(&sb, "ikke relevant");
            break;
        case DL_REMINDER:
            strbuf_addstr(&sb, "påmindelse");
            break;
        default:
            strbuf_addstr(&sb, "kommende");
            break;
        }
    }
    strbuf_addch(&sb, '.');
    return finish_da(&sb, d, a);
}

const char *
deadline_when_da(const struct deadline *d, struct asof at, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    int64_t late = date_to_days(at.d) - date_to_days(d->due);
    if (d->status == DL_NOT_APPLICABLE) {
        strbuf_addstr(&sb, "Ikke relevant");
    } else if (!add_outcome_da(&sb, d, late, true)) {
        if (late < 0) { /* upcoming, due soon or a reminder: how far off */
            strbuf_addstr(&sb, "Om ");
            add_days_da(&sb, -late);
        } else if (late == 0) {
            strbuf_addstr(&sb, "I dag");
        } else { /* a reminder is never overdue */
            strbuf_addstr(&sb, "For ");
            add_days_da(&sb, late);
            strbuf_addstr(&sb, " siden");
        }
    }
    if (d->clock) {
        strbuf_addstr(&sb, "; frist");
        add_clock_da(&sb, d);
    }
    strbuf_addch(&sb, '.');
    return finish_da(&sb, d, a);
}

size_t
deadline_strings_size(const struct deadline *d, size_t *pieces)
{
    size_t bytes = 0;
    if (d->child_name) {
        bytes += strlen(d->child_name) + 1;
        (*pieces)++;
    }
    if (d->note_da) {
        bytes += strlen(d->note_da) + 1;
        (*pieces)++;
    }
    if (d->caseworker) {
        bytes += strlen(d->caseworker) + 1;
        (*pieces)++;
    }
    return bytes;
}

void
deadline_strings_copy(struct deadline *d, struct arena *a)
{
    if (d->child_name)
        d->child_name = arena_strdup(a, d->child_name);
    if (d->note_da)
        d->note_da = arena_strdup(a, d->note_da);
    if (d->caseworker)
        d->caseworker = arena_strdup(a, d->caseworker);
}
