/*
 * config.h - configuration as data: the intervention ladder, the intervention catalogue (each
 * measure of Barnets Lov with its ladder step, paragraph, source and confidence mark) and the code
 * lists (notifier types, notification reasons). Loaded from config/ at start (json/config_json.c);
 * this module holds the model and its rules, and does no I/O.
 */
#ifndef TRAPPE_DOMAIN_CONFIG_H
#define TRAPPE_DOMAIN_CONFIG_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/calendar.h"

/* Where an entry came from, for error messages: "config/ladder.jsonl:3". */
struct config_origin {
    const char *file; /* borrowed from the config arena */
    int line;
};

struct ladder_step {
    int step;             /* 0 = no special intervention, then 1.. upward */
    const char *name_da;  /* e.g. "Tidlig indsats i almenområdet" */
    const char *name_en;  /* e.g. "Early help in universal services" */
    const char *examples; /* optional description */
    struct config_origin at;
};

/* Confidence marks of shared/LAW.md: V seen in law text, S stated by an authority, I inferred,
 * U unverified (shown flagged wherever the rule appears). */
enum confidence { CONF_V, CONF_S, CONF_I, CONF_U };

/* A piece of the committee papers' fixed text (config/note.jsonl): the status note's and the agenda
 * item's parts in their order. */
struct note_part {
    const char *part; /* "title", "intro", "vision", ... */
    const char *text_da;
    struct config_origin at;
};

/* A class of placement (config/placement_classes.jsonl): what the key figures count. */
enum placement_group { PG_NETWORK, PG_FOSTER, PG_HOME, PG_OTHER };

struct placement_class {
    const char *code;    /* "network", "foster", "childrens_home", ..., "combination" */
    const char *name_da; /* Danish name */
    enum placement_group group;
    struct config_origin at;
};

struct catalogue_entry {
    const char *code;      /* stable key, e.g. "bl32-1-5" */
    const char *name_da;   /* Danish name */
    const char *paragraph; /* e.g. "§ 32 stk. 1 nr. 5" */
    int step;              /* ladder step */
    bool placement;        /* an anbringelse: needs consent / combination on the intervention */
    int pclass;            /* a placement: its class (index into config.classes); else -1 */
    int age_min, age_max;  /* the ages it is for (0 and 0: any), e.g. 15-16 for the harbour */
    const char *source;    /* URL or document */
    enum confidence conf;
    struct config_origin at;
};

struct code_entry {
    const char *list;    /* "notifier" or "reason" */
    const char *code;    /* stable key */
    const char *name_da; /* Danish label */
    bool professional;   /* notifier: a professional under § 133 */
    struct config_origin at;
};

/*
 * The municipality's strategy (config/strategy.jsonl, from the committee papers in
 * shared/seeds/): strategic directions, the placement strategy's focus areas, budget initiatives
 * and dated activities, each with its source and, where the system can measure it, the key
 * figure (app_kpi_name) that follows it and which way is better.
 */
enum strategy_kind { SK_DIRECTION, SK_FOCUS_AREA, SK_INITIATIVE, SK_ACTIVITY };

struct strategy_item {
    enum strategy_kind kind;
    const char *code;      /* stable key, e.g. "P1", "F2" */
    const char *title_da;  /* Danish title */
    const char *text_da;   /* Danish text, as in the source */
    const char *source;    /* the seed document it comes from */
    const char *date;      /* YYYY-MM-DD or YYYY-MM or YYYY, or NULL */
    const char *indicator; /* key figure name, or NULL */
    int better;            /* +1 higher is better, -1 lower is better, 0 none */
    bool has_target;       /* a target for the indicator (a share as 0..1, or a count) */
    double target;
    const char *target_note_da; /* where the target comes from ("Eksempel ..."), or NULL */
    struct config_origin at;
};

/* How a deadline rule is evaluated (domain/deadline.c); its numbers and targets are data. */
enum rule_kind {
    RK_RECORD_FIELD,      /* a date/time field of a record triggers; another field of it meets */
    RK_RECORD_FLAG,       /* a boolean field must be true on the record's date */
    RK_DECISION_VOICE,    /* each decision: a prior conversation or a documented exception */
    RK_PLAN_FOR_DECISION, /* a plan after (or before) decisions of given types */
    RK_PLAN_AT_AGE,       /* a plan of a kind when a child with a plan reaches an age */
    RK_FIRST_FOLLOWUP,    /* earliest of a parallel assessment's completion and N months */
    RK_NEXT_FOLLOWUP,     /* the interval decided on the case after each follow-up */
    RK_VISITS_PER_YEAR,   /* supervision visits per calendar year of a placement */
    RK_PLACED_YEARS,      /* a decision after N years in a continuous placement */
    RK_BEFORE_BIRTHDAY,   /* a decision N months before an age, for placed children */
    RK_RECORD_DUE,        /* a date field of a record is the due day; another field meets it */
    RK_CONTACT_GAP,       /* a contact (record) within N days, while an intervention runs */
};

/* The unit of a rule's deadline expression. */
enum rule_unit { RU_NONE, RU_HOURS, RU_WORKDAYS, RU_MONTHS, RU_YEARS, RU_PER_YEAR, RU_DAYS };

struct deadline_rule {
    const char *id;      /* the id of shared/LAW.md, e.g. "U1" */
    const char *name_da; /* what must happen, in Danish */
    enum rule_kind kind;
    enum rule_unit unit; /* and amount: the deadline expression */
    int amount;
    int age;                /* RK_PLAN_AT_AGE, RK_BEFORE_BIRTHDAY */
    const char *record;     /* RK_RECORD_FIELD/FLAG: record type */
    const char *trigger;    /* its date or time field that starts the period */
    const char *met_by;     /* its field that meets the rule (or the flag) */
    const char *when_field; /* optional boolean field that must equal when_value to apply */
    bool when_value;
    const char *unless_on_time;     /* optional field: the rule applies only if this one is late */
    const char *decision_types;     /* comma-separated decision types (plan, met-by decisions) */
    const char *plan_kind;          /* RK_PLAN_*: the plan kind that meets the rule */
    const char *catalogue_prefixes; /* RK_*_FOLLOWUP: comma-separated catalogue code prefixes */
    bool before;                    /* RK_PLAN_FOR_DECISION: the plan must exist before */
    /* RK_PLAN_FOR_DECISION where the law asks only to decide whether to make a plan (§ 91 stk. 1):
     * the decision's field recording that choice; unset, the rule is a reminder (never overdue);
     * equal to choice_none, no plan is owed. NULL: a plan is owed in any case. */
    const char *choice_field;
    const char *choice_none;
    struct date applies_from; /* deadlines due before this day are shown, not judged ({0}: all) */
    const char *owed_to_da;   /* to whom the duty is owed */
    const char *paragraph;    /* e.g. "§ 136" */
    const char *source;
    enum confidence conf;
    struct config_origin at;
};

/* Numbers that are settings, not law (config/settings.jsonl). */
struct settings {
    int due_soon_workdays;        /* "due soon" within this many working days (default 3) */
    int followup_default_months;  /* follow-up interval when the case has none (default 6) */
    int leap_birthday_march_1;    /* 1: a 29 February birthday falls on 1 March in other years */
    int session_idle_minutes;     /* a session ends after this long unused (default 30) */
    int session_absolute_hours;   /* and this long after login in any case (default 12) */
    int audit_retention_months;   /* audit rows older than this are purged (default 6) */
    int case_retention_years;     /* a closed case may be disposed of this long after (default 5) */
    int placement_move_days;      /* a placement this soon after another is a move (default 7) */
    int hour_rate_hours_per_week; /* hours a week an hourly rate is counted as (default 4) */
    /* 1: every deadline counted in months or years that falls on a non-working day moves to the
     * next working day (LAW.md §4.2); 0: none does (default 1) */
    int month_deadlines_to_workday;
    const char *municipality_name; /* the pages' header and footer, e.g. "Norddjurs Kommune" */
    const char *area_name; /* and the area using trappe, e.g. "Børne- og Familieområdet" */
};

struct config {
    struct arena *arena; /* owns every string and array below */
    const char *dir;     /* where it was loaded from */
    struct ladder_step *steps;
    size_t nsteps;
    struct catalogue_entry *catalogue;
    size_t ncatalogue;
    struct code_entry *codes;
    size_t ncodes;
    struct closed_day *closed; /* non-working days besides weekends and holidays */
    size_t nclosed;
    struct calendar calendar; /* over closed */
    struct deadline_rule *rules;
    size_t nrules;
    struct settings settings;
    struct strategy_item *strategy;
    size_t nstrategy;
    struct placement_class *classes;
    size_t nclasses;
    struct note_part *note;
    size_t nnote;
    uint64_t digest; /* FNV-1a of every file's bytes as read: what was loaded, in one number */
};

/* The first text of part in config/note.jsonl, or NULL. */
const char *config_note(const struct config *cfg, const char *part);

/* The class with code, or -1. */
int config_class(const struct config *cfg, const char *code);
/* The class of a placement intervention of catalogue entry c, marked combination or not (-1 for
 * no placement). */
int config_placement_class(const struct config *cfg, const struct catalogue_entry *c,
                           bool combination);

const char *strategy_kind_str(enum strategy_kind k);

/* The rule with id, or NULL. */
const struct deadline_rule *config_rule(const struct config *cfg, const char *id);

/* Free everything the configuration owns. */
void config_release(struct config *cfg);

const struct ladder_step *config_step(const struct config *cfg, int step);
int config_max_step(const struct config *cfg);
const struct catalogue_entry *config_catalogue(const struct config *cfg, const char *code);
const struct code_entry *config_code(const struct config *cfg, const char *list, const char *code);
/* True if list is a known code list name. */
bool config_has_list(const struct config *cfg, const char *list);

const char *confidence_str(enum confidence c);
/* Parse "V", "S", "I" or "U". */
enum err confidence_parse(const char *s, enum confidence *out) WUR;

/*
 * The rules a loaded configuration must keep: ladder steps 0..N without gaps or duplicates, unique
 * codes, catalogue steps on the ladder, placements on a placement step. ERR_INVALID with
 * "file:line: field: rule" in why.
 */
enum err config_check(const struct config *cfg, struct strbuf *why) WUR;

#endif
