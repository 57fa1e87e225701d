/*
 * config.c - lookups in and consistency rules for the loaded configuration.
 * Must not: read files (json/config_json.c does), or hard-code a legal rule.
 */
#include "domain/config.h"

#include <string.h>

#include "domain/record.h"

void
config_release(struct config *cfg)
{
    arena_free(cfg->arena);
    memset(cfg, 0, sizeof(*cfg));
}

const struct ladder_step *
config_step(const struct config *cfg, int step)
{
    for (size_t i = 0; i < cfg->nsteps; i++)
        if (cfg->steps[i].step == step)
            return &cfg->steps[i];
    return NULL;
}

int
config_max_step(const struct config *cfg)
{
    int max = -1;
    for (size_t i = 0; i < cfg->nsteps; i++)
        if (cfg->steps[i].step > max)
            max = cfg->steps[i].step;
    return max;
}

const char *
config_note(const struct config *cfg, const char *part)
{
    for (size_t i = 0; i < cfg->nnote; i++)
        if (strcmp(cfg->note[i].part, part) == 0)
            return cfg->note[i].text_da;
    return NULL;
}

int
config_class(const struct config *cfg, const char *code)
{
    for (size_t i = 0; code && i < cfg->nclasses; i++)
        if (strcmp(cfg->classes[i].code, code) == 0)
            return (int)i;
    return -1;
}

int
config_placement_class(const struct config *cfg, const struct catalogue_entry *c, bool combination)
{
    if (!c || !c->placement)
        return -1;
    int k = combination ? config_class(cfg, "combination") : -1;
    return k >= 0 ? k : c->pclass;
}

const struct catalogue_entry *
config_catalogue(const struct config *cfg, const char *code)
{
    for (size_t i = 0; i < cfg->ncatalogue; i++)
        if (strcmp(cfg->catalogue[i].code, code) == 0)
            return &cfg->catalogue[i];
    return NULL;
}

const struct code_entry *
config_code(const struct config *cfg, const char *list, const char *code)
{
    for (size_t i = 0; i < cfg->ncodes; i++)
        if (strcmp(cfg->codes[i].list, list) == 0 && strcmp(cfg->codes[i].code, code) == 0)
            return &cfg->codes[i];
    return NULL;
}

bool
config_has_list(const struct config *cfg, const char *list)
{
    if (strcmp(list, "catalogue") == 0)
        return true;
    for (size_t i = 0; i < cfg->ncodes; i++)
        if (strcmp(cfg->codes[i].list, list) == 0)
            return true;
    return false;
}

const struct deadline_rule *
config_rule(const struct config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->nrules; i++)
        if (strcmp(cfg->rules[i].id, id) == 0)
            return &cfg->rules[i];
    return NULL;
}

const char *
confidence_str(enum confidence c)
{
    switch (c) {
    case CONF_V:
        return "V";
    case CONF_S:
        return "S";
    case CONF_I:
        return "I";
    case CONF_U:
        return "U";
    }
    return "U";
}

enum err
confidence_parse(const char *s, enum confidence *out)
{
    static const char *const marks[] = { "V", "S", "I", "U" };
    for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
        if (strcmp(s, marks[i]) == 0) {
            *out = (enum confidence)i;
            return OK;
        }
    }
    return ERR_INVALID;
}

static bool
field_of_kind(const char *record, const char *field, enum field_kind k1, enum field_kind k2)
{
    const struct record_desc *d = record_desc_by_name(record);
    int i = d ? record_field_index(d, field) : -1;
    return i >= 0 && (d->fields[i].kind == k1 || d->fields[i].kind == k2);
}

/* True if every code of the comma-separated list is a value of the decision's choice field. */
static bool
decision_values_ok(const char *field, const char *list)
{
    const struct record_desc *d = record_desc_by_name("decision");
    const struct field_desc *f = &d->fields[record_field_index(d, field)];
    char code[64];
    while (*list) {
        const char *comma = strchr(list, ',');
        size_t len = comma ? (size_t)(comma - list) : strlen(list);
        if (len == 0 || len >= sizeof(code))
            return false;
        memcpy(code, list, len);
        code[len] = '\0';
        bool found = false;
        for (size_t k = 0; f->enum_values[k]; k++)
            found = found || strcmp(f->enum_values[k], code) == 0;
        if (!found)
            return false;
        list += len + (comma != NULL);
    }
    return true;
}

/* The fields each kind of rule needs, and the units it understands. */
static enum err
rule_check(const struct config *cfg, const struct deadline_rule *r, struct strbuf *why)
{
    const char *file = r->at.file;
    int line = r->at.line;
    (void)cfg;
#define RULE_BAD(...) why_set(why, ERR_INVALID, __VA_ARGS__)
    switch (r->kind) {
    case RK_RECORD_FIELD:
    case RK_RECORD_FLAG:
        if (!r->record || !record_desc_by_name(r->record))
            return RULE_BAD("%s:%d: record: must name a record type", file, line);
        if (!r->trigger || !field_of_kind(r->record, r->trigger, FK_DATE, FK_DATETIME))
            return RULE_BAD("%s:%d: trigger: must be a date or time field of %s", file, line,
                            r->record);
        if (r->kind == RK_RECORD_FIELD &&
            (!r->met_by || !field_of_kind(r->record, r->met_by, FK_DATE, FK_DATETIME)))
            return RULE_BAD("%s:%d: met_by: must be a date or time field of %s", file, line,
                            r->record);
        if (r->kind == RK_RECORD_FLAG &&
            (!r->met_by || !field_of_kind(r->record, r->met_by, FK_BOOL, FK_BOOL)))
            return RULE_BAD("%s:%d: met_by: must be a true/false field of %s", file, line,
                            r->record);
        if (r->when_field && !field_of_kind(r->record, r->when_field, FK_BOOL, FK_BOOL))
            return RULE_BAD("%s:%d: when_field: must be a true/false field of %s", file, line,
                            r->record);
        if (r->unless_on_time && !field_of_kind(r->record, r->unless_on_time, FK_DATE, FK_DATETIME))
            return RULE_BAD("%s:%d: unless_on_time: must be a date or time field of %s", file, line,
                            r->record);
        if (r->kind == RK_RECORD_FIELD && r->unit != RU_HOURS && r->unit != RU_WORKDAYS &&
            r->unit != RU_MONTHS)
            return RULE_BAD("%s:%d: deadline: needs one of hours, workdays or months", file, line);
        if (r->unit == RU_HOURS && !field_of_kind(r->record, r->trigger, FK_DATETIME, FK_DATETIME))
            return RULE_BAD("%s:%d: hours: clock hours need a time field as trigger", file, line);
        break;
    case RK_DECISION_VOICE:
        break;
    case RK_PLAN_FOR_DECISION:
        if (!r->decision_types)
            return RULE_BAD("%s:%d: decision_types: required for this kind", file, line);
        if (!r->before && r->unit != RU_MONTHS)
            return RULE_BAD("%s:%d: months: required unless before is true", file, line);
        if (r->choice_field && !field_of_kind("decision", r->choice_field, FK_ENUM, FK_ENUM))
            return RULE_BAD("%s:%d: choice_field: must be a choice field of decision", file, line);
        if (r->choice_field && !decision_values_ok(r->choice_field, r->choice_none))
            return RULE_BAD("%s:%d: choice_none: must be a value of %s", file, line,
                            r->choice_field);
        break;
    case RK_PLAN_AT_AGE:
        if (r->age < 1 || r->unit != RU_MONTHS || !r->plan_kind)
            return RULE_BAD("%s:%d: age, months and plan_kind: required for this kind", file, line);
        break;
    case RK_FIRST_FOLLOWUP:
    case RK_NEXT_FOLLOWUP:
        if (r->kind == RK_FIRST_FOLLOWUP && r->unit != RU_MONTHS)
            return RULE_BAD("%s:%d: months: required for this kind", file, line);
        if (!r->catalogue_prefixes)
            return RULE_BAD("%s:%d: catalogue_prefixes: required for this kind", file, line);
        break;
    case RK_VISITS_PER_YEAR:
        if (r->unit != RU_PER_YEAR)
            return RULE_BAD("%s:%d: per_year: required for this kind", file, line);
        break;
    case RK_PLACED_YEARS:
        if (r->unit != RU_YEARS || !r->decision_types)
            return RULE_BAD("%s:%d: years and decision_types: required for this kind", file, line);
        break;
    case RK_BEFORE_BIRTHDAY:
        if (r->unit != RU_MONTHS || r->age < 1 || !r->decision_types)
            return RULE_BAD("%s:%d: months, age and decision_types: required for this kind", file,
                            line);
        break;
    case RK_RECORD_DUE:
        if (!r->record || !record_desc_by_name(r->record) || !r->trigger ||
            !field_of_kind(r->record, r->trigger, FK_DATE, FK_DATE) || !r->met_by ||
            !field_of_kind(r->record, r->met_by, FK_DATE, FK_DATE))
            return RULE_BAD("%s:%d: record, trigger and met_by: a record type and two of its date "
                            "fields",
                            file, line);
        if (r->unit != RU_NONE)
            return RULE_BAD("%s:%d: record_due: the trigger is the due day (no amount)", file,
                            line);
        break;
    case RK_CONTACT_GAP:
        if (!r->record || !record_desc_by_name(r->record) || !r->trigger ||
            !field_of_kind(r->record, r->trigger, FK_DATE, FK_DATE))
            return RULE_BAD("%s:%d: record and trigger: the contact record and its date field",
                            file, line);
        if (r->unit != RU_DAYS || !r->catalogue_prefixes)
            return RULE_BAD("%s:%d: days and catalogue_prefixes: required for this kind", file,
                            line);
        break;
    }
    if (r->decision_types && !decision_values_ok("decision_type", r->decision_types))
        return RULE_BAD("%s:%d: decision_types: each must be a decision_type of records.def", file,
                        line);
    if (r->plan_kind && strcmp(r->plan_kind, "barnets_plan") != 0 &&
        strcmp(r->plan_kind, "ungeplan") != 0)
        return RULE_BAD("%s:%d: plan_kind: must be barnets_plan or ungeplan", file, line);
    if (r->unit != RU_NONE && (r->amount < 1 || r->amount > 1000))
        return RULE_BAD("%s:%d: the deadline amount must be from 1 to 1000", file, line);
#undef RULE_BAD
    return OK;
}

enum err
config_check(const struct config *cfg, struct strbuf *why)
{
    if (cfg->nsteps == 0)
        return why_set(why, ERR_INVALID, "%s/ladder.jsonl: the ladder has no steps", cfg->dir);
    for (size_t i = 0; i < cfg->nsteps; i++) {
        const struct ladder_step *s = &cfg->steps[i];
        if (s->step != (int)i)
            return why_set(why, ERR_INVALID,
                           "%s:%d: step: steps must be listed in order 0, 1, 2, ... without gaps "
                           "(expected %zu)",
                           s->at.file, s->at.line, i);
    }
    for (size_t i = 0; i < cfg->ncatalogue; i++) {
        const struct catalogue_entry *c = &cfg->catalogue[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->catalogue[j].code, c->code) == 0)
                return why_set(why, ERR_INVALID,
                               "%s:%d: code: \"%s\" is already defined on line %d", c->at.file,
                               c->at.line, c->code, cfg->catalogue[j].at.line);
        if (!config_step(cfg, c->step))
            return why_set(why, ERR_INVALID, "%s:%d: step: %d is not a step of the ladder (0-%d)",
                           c->at.file, c->at.line, c->step, config_max_step(cfg));
        if (c->placement && c->step == 0)
            return why_set(why, ERR_INVALID,
                           "%s:%d: step: a placement cannot be on step 0 (no special intervention)",
                           c->at.file, c->at.line);
        if (c->placement && c->pclass < 0)
            return why_set(why, ERR_INVALID,
                           "%s:%d: class: a placement must name a class of "
                           "placement_classes.jsonl",
                           c->at.file, c->at.line);
        if (!c->placement && c->pclass >= 0)
            return why_set(why, ERR_INVALID, "%s:%d: class: only a placement has a class",
                           c->at.file, c->at.line);
    }
    for (size_t i = 0; i < cfg->ncodes; i++) {
        const struct code_entry *c = &cfg->codes[i];
        if (strcmp(c->list, "notifier") != 0 && strcmp(c->list, "reason") != 0)
            return why_set(why, ERR_INVALID, "%s:%d: list: must be \"notifier\" or \"reason\"",
                           c->at.file, c->at.line);
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->codes[j].list, c->list) == 0 &&
                strcmp(cfg->codes[j].code, c->code) == 0)
                return why_set(why, ERR_INVALID,
                               "%s:%d: code: \"%s\" is already in list \"%s\" on line %d",
                               c->at.file, c->at.line, c->code, c->list, cfg->codes[j].at.line);
    }
    for (size_t i = 0; i < cfg->nclosed; i++) {
        const struct closed_day *c = &cfg->closed[i];
        int y = c->year ? c->year : 2000; /* a leap year, so 29 February is allowed */
        if (!date_valid(y, c->month, c->day))
            return why_set(why, ERR_INVALID, "%s/calendar.jsonl: entry %zu: month/day: not a date",
                           cfg->dir, i + 1);
    }
    for (size_t i = 0; i < cfg->nrules; i++) {
        enum err rc = rule_check(cfg, &cfg->rules[i], why);
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->rules[j].id, cfg->rules[i].id) == 0)
                return why_set(why, ERR_INVALID, "%s:%d: id: \"%s\" is already defined on line %d",
                               cfg->rules[i].at.file, cfg->rules[i].at.line, cfg->rules[i].id,
                               cfg->rules[j].at.line);
    }
    if (!config_has_list(cfg, "notifier") || !config_has_list(cfg, "reason"))
        return why_set(why, ERR_INVALID,
                       "%s/codes.jsonl: the code lists \"notifier\" and \"reason\" must both have "
                       "entries",
                       cfg->dir);
    return OK;
}

const char *
strategy_kind_str(enum strategy_kind k)
{
    switch (k) {
    case SK_DIRECTION:
        return "direction";
    case SK_FOCUS_AREA:
        return "focus_area";
    case SK_INITIATIVE:
        return "initiative";
    case SK_ACTIVITY:
        return "activity";
    }
    return "?";
}
