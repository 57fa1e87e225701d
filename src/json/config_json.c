/*
 * config_json.c - reads the JSON Lines configuration files into struct config.
 * Must not: accept a line it does not fully understand (unknown keys are errors), or keep half a
 * configuration after an error.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"

enum cfg_file {
    CF_LADDER,
    CF_CATALOGUE,
    CF_CODES,
    CF_CALENDAR,
    CF_RULES,
    CF_SETTINGS,
    CF_STRATEGY,
    CF_CLASSES,
    CF_NOTE
};

struct growing {
    void *items;
    size_t n, cap, size;
};

static void *
grow_push(struct growing *g)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->items = xrealloc(g->items, g->cap * g->size);
    }
    void *p = (char *)g->items + g->n * g->size;
    memset(p, 0, g->size);
    g->n++;
    return p;
}

static void *
grow_finish(struct growing *g, struct arena *a)
{
    void *p = arena_alloc(a, g->n * g->size);
    if (g->n)
        memcpy(p, g->items, g->n * g->size);
    free(g->items);
    g->items = NULL;
    return p;
}

static enum err
nonempty(const char *file, int line, const char *field, const char *s, struct strbuf *why)
{
    if (!s[0])
        return why_set(why, ERR_INVALID, "%s:%d: %s: must not be empty", file, line, field);
    return OK;
}

static const struct {
    const char *name;
    enum rule_kind kind;
} rule_kinds[] = {
    { "record_field", RK_RECORD_FIELD },     { "record_flag", RK_RECORD_FLAG },
    { "decision_voice", RK_DECISION_VOICE }, { "plan_for_decision", RK_PLAN_FOR_DECISION },
    { "plan_at_age", RK_PLAN_AT_AGE },       { "first_followup", RK_FIRST_FOLLOWUP },
    { "next_followup", RK_NEXT_FOLLOWUP },   { "visits_per_year", RK_VISITS_PER_YEAR },
    { "placed_years", RK_PLACED_YEARS },     { "before_birthday", RK_BEFORE_BIRTHDAY },
    { "record_due", RK_RECORD_DUE },         { "contact_gap", RK_CONTACT_GAP },
};

static const char *
opt_dup(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* An optional JSON array of strings, joined with commas into *out (NULL when absent). */
static enum err
join_strings(struct arena *a, json_t *arr, const char *file, int line, const char *key,
             const char **out, struct strbuf *why)
{
    struct strbuf joined = STRBUF_INIT;
    size_t i;
    json_t *t;
    *out = NULL;
    if (!arr)
        return OK;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return why_set(why, ERR_INVALID, "%s:%d: %s: must be a non-empty array of strings", file,
                       line, key);
    json_array_foreach(arr, i, t)
    {
        if (!json_is_string(t) || json_string_length(t) == 0 || strchr(json_string_value(t), ',')) {
            strbuf_release(&joined);
            return why_set(why, ERR_INVALID, "%s:%d: %s: must be a non-empty array of strings",
                           file, line, key);
        }
        strbuf_addf(&joined, "%s%s", i ? "," : "", json_string_value(t));
    }
    *out = arena_strdup(a, strbuf_str(&joined));
    strbuf_release(&joined);
    return OK;
}

static enum err
parse_rule(struct config *cfg, struct growing *g, const char *file, int line, json_t *obj,
           struct strbuf *why)
{
    json_error_t jerr;
    const char *id = NULL, *name = NULL, *kind = NULL, *paragraph = NULL, *source = NULL,
               *conf = NULL, *owed = NULL, *record = NULL, *trigger = NULL, *met_by = NULL,
               *when_field = NULL, *unless = NULL, *plan_kind = NULL, *applies_from = NULL,
               *choice_field = NULL, *choice_none = NULL;
    int when_value = 1, before = 0, hours = 0, workdays = 0, months = 0, years = 0, per_year = 0,
        age = 0, days = 0;
    json_t *types = NULL, *prefixes = NULL;
    if (json_unpack_ex(
            obj, &jerr, JSON_STRICT,
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s?:s, s?:s, s?:s, s?:s, s?:b, s?:s,"
            " s?:o, s?:o, s?:s, s?:b, s?:i, s?:i, s?:i, s?:i, s?:i, s?:i, s?:s, s?:s, s?:s,"
            " s?:i}",
            "id", &id, "name_da", &name, "kind", &kind, "paragraph", &paragraph, "source", &source,
            "confidence", &conf, "owed_to", &owed, "record", &record, "trigger", &trigger, "met_by",
            &met_by, "when_field", &when_field, "when_value", &when_value, "unless_on_time",
            &unless, "decision_types", &types, "catalogue_prefixes", &prefixes, "plan_kind",
            &plan_kind, "before", &before, "hours", &hours, "workdays", &workdays, "months",
            &months, "years", &years, "per_year", &per_year, "age", &age, "applies_from",
            &applies_from, "choice_field", &choice_field, "choice_none", &choice_none, "days",
            &days))
        return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);

    struct deadline_rule r;
    memset(&r, 0, sizeof(r));
    size_t k;
    for (k = 0; k < ARRAY_SIZE(rule_kinds); k++)
        if (strcmp(kind, rule_kinds[k].name) == 0)
            break;
    if (k == ARRAY_SIZE(rule_kinds))
        return why_set(why, ERR_INVALID,
                       "%s:%d: kind: must be one of record_field, record_flag, decision_voice, "
                       "plan_for_decision, plan_at_age, first_followup, next_followup, "
                       "visits_per_year, placed_years, before_birthday, record_due, "
                       "contact_gap",
                       file, line);
    r.kind = rule_kinds[k].kind;
    if (confidence_parse(conf, &r.conf) != OK)
        return why_set(why, ERR_INVALID, "%s:%d: confidence: must be V, S, I or U", file, line);
    int units =
        (hours > 0) + (workdays > 0) + (months > 0) + (years > 0) + (per_year > 0) + (days > 0);
    if (units > 1)
        return why_set(why, ERR_INVALID,
                       "%s:%d: deadline: give only one of hours, workdays, days, months, years, "
                       "per_year",
                       file, line);
    if (hours < 0 || workdays < 0 || months < 0 || years < 0 || per_year < 0 || age < 0 || days < 0)
        return why_set(why, ERR_INVALID, "%s:%d: deadline: amounts must be positive", file, line);
    r.unit = hours      ? RU_HOURS
             : workdays ? RU_WORKDAYS
             : months   ? RU_MONTHS
             : years    ? RU_YEARS
             : per_year ? RU_PER_YEAR
             : days     ? RU_DAYS
                        : RU_NONE;
    r.amount = hours + workdays + months + years + per_year + days;
    enum err rc =
        join_strings(cfg->arena, types, file, line, "decision_types", &r.decision_types, why);
    if (!rc)
        rc = join_strings(cfg->arena, prefixes, file, line, "catalogue_prefixes",
                          &r.catalogue_prefixes, why);
    if (rc)
        return rc;
    struct arena *a = cfg->arena;
    r.id = arena_strdup(a, id);
    r.name_da = arena_strdup(a, name);
    r.paragraph = arena_strdup(a, paragraph);
    r.source = arena_strdup(a, source);
    r.owed_to_da = arena_strdup(a, owed);
    r.record = opt_dup(a, record);
    r.trigger = opt_dup(a, trigger);
    r.met_by = opt_dup(a, met_by);
    r.when_field = opt_dup(a, when_field);
    r.when_value = when_value;
    r.unless_on_time = opt_dup(a, unless);
    r.plan_kind = opt_dup(a, plan_kind);
    r.choice_field = opt_dup(a, choice_field);
    r.choice_none = opt_dup(a, choice_none);
    if ((choice_field == NULL) != (choice_none == NULL))
        return why_set(why, ERR_INVALID,
                       "%s:%d: choice_field: give it with choice_none, or neither", file, line);
    if (choice_field && r.kind != RK_PLAN_FOR_DECISION)
        return why_set(why, ERR_INVALID, "%s:%d: choice_field: only for kind plan_for_decision",
                       file, line);
    r.before = before;
    if (applies_from && date_parse(applies_from, &r.applies_from) != OK)
        return why_set(why, ERR_INVALID, "%s:%d: applies_from: must be a date YYYY-MM-DD", file,
                       line);
    r.age = age;
    r.at.file = file;
    r.at.line = line;
    rc = nonempty(file, line, "id", id, why);
    if (!rc)
        rc = nonempty(file, line, "name_da", name, why);
    if (!rc)
        rc = nonempty(file, line, "paragraph", paragraph, why);
    if (!rc)
        memcpy(grow_push(g), &r, sizeof(r));
    return rc;
}

static enum err
parse_setting(struct config *cfg, const char *file, int line, json_t *obj, struct strbuf *why)
{
    json_error_t jerr;
    const char *key = NULL, *text = NULL;
    int value = 0;
    if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:s, s?:i, s?:s}", "key", &key, "value", &value,
                       "text", &text))
        return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
    if (text || strcmp(key, "municipality_name") == 0 || strcmp(key, "area_name") == 0) {
        /* The two text settings: what the pages' header and footer call the organisation. */
        size_t n = text ? strlen(text) : 0;
        if (!text || n < 1 || n > 100 || json_object_get(obj, "value"))
            return why_set(why, ERR_INVALID,
                           "%s:%d: text: municipality_name and area_name take a \"text\" of 1-100 "
                           "characters (and no \"value\")",
                           file, line);
        if (strcmp(key, "municipality_name") == 0)
            cfg->settings.municipality_name = arena_strdup(cfg->arena, text);
        else if (strcmp(key, "area_name") == 0)
            cfg->settings.area_name = arena_strdup(cfg->arena, text);
        else
            return why_set(why, ERR_INVALID,
                           "%s:%d: key: only municipality_name and area_name take a text", file,
                           line);
        return OK;
    }
    if (!json_object_get(obj, "value"))
        return why_set(why, ERR_INVALID, "%s:%d: value: required for %s", file, line, key);
    if (strcmp(key, "due_soon_workdays") == 0 && value >= 0 && value <= 60)
        cfg->settings.due_soon_workdays = value;
    else if (strcmp(key, "followup_default_months") == 0 && value >= 1 && value <= 24)
        cfg->settings.followup_default_months = value;
    else if (strcmp(key, "leap_birthday_march_1") == 0 && (value == 0 || value == 1))
        cfg->settings.leap_birthday_march_1 = value;
    else if (strcmp(key, "session_idle_minutes") == 0 && value >= 1 && value <= 24 * 60)
        cfg->settings.session_idle_minutes = value;
    else if (strcmp(key, "session_absolute_hours") == 0 && value >= 1 && value <= 24)
        cfg->settings.session_absolute_hours = value;
    else if (strcmp(key, "audit_retention_months") == 0 && value >= 1 && value <= 120)
        cfg->settings.audit_retention_months = value;
    else if (strcmp(key, "case_retention_years") == 0 && value >= 1 && value <= 100)
        cfg->settings.case_retention_years = value;
    else if (strcmp(key, "placement_move_days") == 0 && value >= 0 && value <= 365)
        cfg->settings.placement_move_days = value;
    else if (strcmp(key, "hour_rate_hours_per_week") == 0 && value >= 0 && value <= 168)
        cfg->settings.hour_rate_hours_per_week = value;
    else if (strcmp(key, "month_deadlines_to_workday") == 0 && (value == 0 || value == 1))
        cfg->settings.month_deadlines_to_workday = value;
    else
        return why_set(
            why, ERR_INVALID,
            "%s:%d: key: unknown setting, or value out of range (due_soon_workdays "
            "0-60, followup_default_months 1-24, leap_birthday_march_1 0/1, session_idle_minutes 1-1440, "
            "session_absolute_hours 1-24, audit_retention_months 1-120, case_retention_years "
            "1-100, placement_move_days 0-365, hour_rate_hours_per_week 0-168, "
            "month_deadlines_to_workday 0/1)",
            file, line);
    return OK;
}

static enum err
parse_strategy(struct config *cfg, struct growing *g, const char *file, int line, json_t *obj,
               struct strbuf *why)
{
    json_error_t jerr;
    const char *kind = NULL, *code = NULL, *title = NULL, *text = NULL, *source = NULL,
               *date = NULL, *indicator = NULL, *better = NULL, *note = NULL;
    json_t *target = NULL;
    static const char *const kinds[] = { "direction", "focus_area", "initiative", "activity" };
    if (json_unpack_ex(obj, &jerr, JSON_STRICT,
                       "{s:s, s:s, s:s, s:s, s:s, s?:s, s?:s, s?:s, s?:o, s?:s}", "kind", &kind,
                       "code", &code, "title_da", &title, "text_da", &text, "source", &source,
                       "date", &date, "indicator", &indicator, "better", &better, "target", &target,
                       "target_note_da", &note))
        return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
    struct strategy_item x = { 0 };
    size_t k = 0;
    while (k < ARRAY_SIZE(kinds) && strcmp(kind, kinds[k]) != 0)
        k++;
    if (k == ARRAY_SIZE(kinds))
        return why_set(why, ERR_INVALID,
                       "%s:%d: kind: must be direction, focus_area, initiative or activity", file,
                       line);
    enum err rc = nonempty(file, line, "code", code, why);
    if (!rc)
        rc = nonempty(file, line, "title_da", title, why);
    if (!rc)
        rc = nonempty(file, line, "text_da", text, why);
    if (!rc)
        rc = nonempty(file, line, "source", source, why);
    if (rc)
        return rc;
    if (date) {
        size_t n = strlen(date);
        struct date d;
        char full[16];
        snprintf(full, sizeof(full), "%s%s", date, n == 4 ? "-01-01" : n == 7 ? "-01" : "");
        if ((n != 4 && n != 7 && n != 10) || date_parse(full, &d) != OK)
            return why_set(why, ERR_INVALID, "%s:%d: date: must be YYYY, YYYY-MM or YYYY-MM-DD",
                           file, line);
    }
    if (!indicator != !better)
        return why_set(why, ERR_INVALID, "%s:%d: indicator and better go together", file, line);
    if (better && strcmp(better, "higher") != 0 && strcmp(better, "lower") != 0)
        return why_set(why, ERR_INVALID, "%s:%d: better: must be higher or lower", file, line);
    if (target && (!json_is_number(target) || !indicator || json_number_value(target) < 0))
        return why_set(why, ERR_INVALID,
                       "%s:%d: target: must be a number of 0 or more, with an indicator", file,
                       line);
    if (note && !target)
        return why_set(why, ERR_INVALID, "%s:%d: target_note_da: goes with a target", file, line);
    x.kind = (enum strategy_kind)k;
    x.code = arena_strdup(cfg->arena, code);
    x.title_da = arena_strdup(cfg->arena, title);
    x.text_da = arena_strdup(cfg->arena, text);
    x.source = arena_strdup(cfg->arena, source);
    x.date = opt_dup(cfg->arena, date);
    x.indicator = opt_dup(cfg->arena, indicator);
    x.better = !better ? 0 : strcmp(better, "higher") == 0 ? 1 : -1;
    x.has_target = target != NULL;
    x.target = target ? json_number_value(target) : 0;
    x.target_note_da = opt_dup(cfg->arena, note);
    x.at.file = file;
    x.at.line = line;
    *(struct strategy_item *)grow_push(g) = x;
    return OK;
}

static enum err
parse_line(struct config *cfg, enum cfg_file kind, struct growing *g, const char *file, int line,
           json_t *obj, struct strbuf *why)
{
    json_error_t jerr;
    const char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    int step = 0, placement = 0, professional = 0;
    enum err rc = OK;

    switch (kind) {
    case CF_LADDER:
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:i, s:s, s:s, s?:s}", "step", &step,
                           "name_da", &a, "name_en", &b, "examples", &c))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        rc = nonempty(file, line, "name_da", a, why);
        if (!rc) {
            struct ladder_step *s = grow_push(g);
            s->step = step;
            s->name_da = arena_strdup(cfg->arena, a);
            s->name_en = arena_strdup(cfg->arena, b);
            s->examples = c ? arena_strdup(cfg->arena, c) : NULL;
            s->at.file = file;
            s->at.line = line;
        }
        return rc;
    case CF_NOTE: {
        static const char *const parts[] = {
            "title",
            "intro",
            "target_group",
            "target_category",
            "vision_intro",
            "vision",
            "areas_intro",
            "area",
            "ladder",
            "principle",
            "status_intro",
            "figures_intro",
            "agenda_route",
            "agenda_presentation",
            "agenda_relation",
            "agenda_economy",
            "agenda_recommendation",
        };
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:s, s:s}", "part", &a, "text_da", &b))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        size_t k = 0;
        while (k < ARRAY_SIZE(parts) && strcmp(a, parts[k]) != 0)
            k++;
        if (k == ARRAY_SIZE(parts))
            return why_set(why, ERR_INVALID,
                           "%s:%d: part: not a part of the note (see the comment "
                           "at the top of note.jsonl)",
                           file, line);
        rc = nonempty(file, line, "text_da", b, why);
        if (!rc) {
            struct note_part *x = grow_push(g);
            x->part = arena_strdup(cfg->arena, a);
            x->text_da = arena_strdup(cfg->arena, b);
            x->at.file = file;
            x->at.line = line;
        }
        return rc;
    }
    case CF_CLASSES: {
        static const char *const groups[] = { "network", "foster", "home", "other" };
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:s, s:s, s:s}", "code", &a, "name_da", &b,
                           "group", &c))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        size_t k = 0;
        while (k < ARRAY_SIZE(groups) && strcmp(c, groups[k]) != 0)
            k++;
        rc = nonempty(file, line, "code", a, why);
        if (!rc)
            rc = nonempty(file, line, "name_da", b, why);
        if (!rc && k == ARRAY_SIZE(groups))
            rc = why_set(why, ERR_INVALID, "%s:%d: group: must be network, foster, home or other",
                         file, line);
        for (size_t i = 0; !rc && i < g->n; i++)
            if (strcmp(((struct placement_class *)g->items)[i].code, a) == 0)
                rc = why_set(why, ERR_INVALID, "%s:%d: code: \"%s\" is already defined", file, line,
                             a);
        if (!rc) {
            struct placement_class *x = grow_push(g);
            x->code = arena_strdup(cfg->arena, a);
            x->name_da = arena_strdup(cfg->arena, b);
            x->group = (enum placement_group)k;
            x->at.file = file;
            x->at.line = line;
        }
        return rc;
    }
    case CF_CATALOGUE: {
        enum confidence conf;
        const char *klass = NULL;
        int age_min = 0, age_max = 0;
        if (json_unpack_ex(obj, &jerr, JSON_STRICT,
                           "{s:s, s:s, s:s, s:i, s:b, s?:s, s:s, s:s, s?:i, s?:i}", "code", &a,
                           "name_da", &b, "paragraph", &c, "step", &step, "placement", &placement,
                           "class", &klass, "source", &d, "confidence", &e, "age_min", &age_min,
                           "age_max", &age_max))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        int pclass = klass ? config_class(cfg, klass) : -1;
        if (klass && pclass < 0)
            return why_set(why, ERR_INVALID,
                           "%s:%d: class: \"%s\" is not a class of placement_classes.jsonl", file,
                           line, klass);
        rc = nonempty(file, line, "code", a, why);
        if (!rc && (age_min < 0 || age_max < age_min || age_max > 30))
            rc = why_set(why, ERR_INVALID, "%s:%d: age_min, age_max: ages from 0 to 30, in order",
                         file, line);
        if (!rc)
            rc = nonempty(file, line, "name_da", b, why);
        if (!rc)
            rc = nonempty(file, line, "paragraph", c, why);
        if (!rc)
            rc = nonempty(file, line, "source", d, why);
        if (!rc && confidence_parse(e, &conf) != OK)
            rc = why_set(why, ERR_INVALID, "%s:%d: confidence: must be V, S, I or U", file, line);
        if (!rc) {
            struct catalogue_entry *x = grow_push(g);
            x->code = arena_strdup(cfg->arena, a);
            x->name_da = arena_strdup(cfg->arena, b);
            x->paragraph = arena_strdup(cfg->arena, c);
            x->step = step;
            x->placement = placement;
            x->pclass = pclass;
            x->age_min = age_min;
            x->age_max = age_max;
            x->source = arena_strdup(cfg->arena, d);
            x->conf = conf;
            x->at.file = file;
            x->at.line = line;
        }
        return rc;
    }
    case CF_CALENDAR: {
        int year = 0, month = 0, day = 0;
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s?:i, s:i, s:i, s:s}", "year", &year, "month",
                           &month, "day", &day, "name_da", &a))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        if (year && (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR))
            return why_set(why, ERR_INVALID, "%s:%d: year: must be from %d to %d", file, line,
                           DATE_MIN_YEAR, DATE_MAX_YEAR);
        if (!date_valid(year ? year : 2000, month, day))
            return why_set(why, ERR_INVALID, "%s:%d: month/day: not a date", file, line);
        struct closed_day *x = grow_push(g);
        x->year = year;
        x->month = month;
        x->day = day;
        x->name_da = arena_strdup(cfg->arena, a);
        return nonempty(file, line, "name_da", a, why);
    }
    case CF_RULES:
        return parse_rule(cfg, g, file, line, obj, why);
    case CF_STRATEGY:
        return parse_strategy(cfg, g, file, line, obj, why);
    case CF_SETTINGS:
        return parse_setting(cfg, file, line, obj, why);
    case CF_CODES:
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:s, s:s, s:s, s?:b}", "list", &a, "code", &b,
                           "name_da", &c, "professional", &professional))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        rc = nonempty(file, line, "code", b, why);
        if (!rc)
            rc = nonempty(file, line, "name_da", c, why);
        if (!rc) {
            struct code_entry *x = grow_push(g);
            x->list = arena_strdup(cfg->arena, a);
            x->code = arena_strdup(cfg->arena, b);
            x->name_da = arena_strdup(cfg->arena, c);
            x->professional = professional;
            x->at.file = file;
            x->at.line = line;
        }
        return rc;
    }
    return ERR_INTERNAL;
}

static enum err
load_file(struct config *cfg, const char *dir, const char *name, enum cfg_file kind,
          struct growing *g, struct strbuf *why)
{
    const char *file = arena_printf(cfg->arena, "%s/%s", dir, name);
    FILE *fp = fopen(file, "r");
    if (!fp)
        return why_set(why, ERR_IO, "cannot read '%s': %s", file, strerror(errno));

    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    int line = 0;
    enum err rc = OK;
    while (!rc && (n = getline(&buf, &cap, fp)) >= 0) {
        line++;
        for (ssize_t i = 0; i < n; i++)
            cfg->digest = (cfg->digest ^ (unsigned char)buf[i]) * UINT64_C(1099511628211);
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        const char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        if ((size_t)n > JSON_LINE_MAX) {
            rc = why_set(why, ERR_INVALID, "%s:%d: line is longer than %u bytes", file, line,
                         JSON_LINE_MAX);
            break;
        }
        json_error_t jerr;
        json_t *obj = json_loadb(buf, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
        if (!obj) {
            rc = why_set(why, ERR_INVALID, "%s:%d: not valid JSON: %s", file, line, jerr.text);
            break;
        }
        if (!json_is_object(obj))
            rc = why_set(why, ERR_INVALID, "%s:%d: must be a JSON object", file, line);
        else
            rc = parse_line(cfg, kind, g, file, line, obj, why);
        json_decref(obj);
    }
    if (!rc && ferror(fp))
        rc = why_set(why, ERR_IO, "cannot read '%s'", file);
    free(buf);
    fclose(fp);
    return rc;
}

enum err
config_load(struct config *cfg, const char *dir, struct strbuf *why)
{
    struct config c = { 0 };
    struct growing steps = { NULL, 0, 0, sizeof(struct ladder_step) };
    struct growing cat = { NULL, 0, 0, sizeof(struct catalogue_entry) };
    struct growing codes = { NULL, 0, 0, sizeof(struct code_entry) };
    struct growing closed = { NULL, 0, 0, sizeof(struct closed_day) };
    struct growing rules = { NULL, 0, 0, sizeof(struct deadline_rule) };
    struct growing none = { NULL, 0, 0, 1 };
    struct growing strategy = { NULL, 0, 0, sizeof(struct strategy_item) };
    struct growing classes = { NULL, 0, 0, sizeof(struct placement_class) };
    struct growing note = { NULL, 0, 0, sizeof(struct note_part) };
    enum err rc;

    c.arena = arena_new(0);
    c.dir = arena_strdup(c.arena, dir);
    c.digest = UINT64_C(14695981039346656037);
    rc = load_file(&c, dir, "ladder.jsonl", CF_LADDER, &steps, why);
    /* The classes first: catalogue entries name them. */
    if (!rc)
        rc = load_file(&c, dir, "placement_classes.jsonl", CF_CLASSES, &classes, why);
    c.nclasses = classes.n;
    c.classes = grow_finish(&classes, c.arena);
    if (!rc)
        rc = load_file(&c, dir, "catalogue.jsonl", CF_CATALOGUE, &cat, why);
    if (!rc)
        rc = load_file(&c, dir, "codes.jsonl", CF_CODES, &codes, why);
    c.settings.due_soon_workdays = 3;
    c.settings.followup_default_months = 6;
    c.settings.leap_birthday_march_1 = 1;
    c.settings.session_idle_minutes = 30;
    c.settings.session_absolute_hours = 12;
    c.settings.audit_retention_months = 6;
    c.settings.case_retention_years = 5;
    c.settings.placement_move_days = 7;
    c.settings.hour_rate_hours_per_week = 4;
    c.settings.month_deadlines_to_workday = 1;
    if (!rc)
        rc = load_file(&c, dir, "calendar.jsonl", CF_CALENDAR, &closed, why);
    if (!rc)
        rc = load_file(&c, dir, "deadlines.jsonl", CF_RULES, &rules, why);
    if (!rc)
        rc = load_file(&c, dir, "settings.jsonl", CF_SETTINGS, &none, why);
    if (!rc)
        rc = load_file(&c, dir, "strategy.jsonl", CF_STRATEGY, &strategy, why);
    if (!rc)
        rc = load_file(&c, dir, "note.jsonl", CF_NOTE, &note, why);
    free(none.items);
    c.nnote = note.n;
    c.note = grow_finish(&note, c.arena);
    c.nstrategy = strategy.n;
    c.strategy = grow_finish(&strategy, c.arena);
    c.nsteps = steps.n;
    c.steps = grow_finish(&steps, c.arena);
    c.ncatalogue = cat.n;
    c.catalogue = grow_finish(&cat, c.arena);
    c.ncodes = codes.n;
    c.codes = grow_finish(&codes, c.arena);
    c.nclosed = closed.n;
    c.closed = grow_finish(&closed, c.arena);
    c.calendar.closed = c.closed;
    c.calendar.nclosed = c.nclosed;
    c.nrules = rules.n;
    c.rules = grow_finish(&rules, c.arena);
    if (!rc)
        rc = config_check(&c, why);
    if (rc) {
        config_release(&c);
        return rc;
    }
    *cfg = c;
    return OK;
}
