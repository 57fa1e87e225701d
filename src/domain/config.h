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

struct catalogue_entry {
    const char *code;      /* stable key, e.g. "bl32-1-5" */
    const char *name_da;   /* Danish name */
    const char *paragraph; /* e.g. "§ 32 stk. 1 nr. 5" */
    int step;              /* ladder step */
    bool placement;        /* an anbringelse: needs consent / combination on the intervention */
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

struct config {
    struct arena *arena; /* owns every string and array below */
    const char *dir;     /* where it was loaded from */
    struct ladder_step *steps;
    size_t nsteps;
    struct catalogue_entry *catalogue;
    size_t ncatalogue;
    struct code_entry *codes;
    size_t ncodes;
};

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
