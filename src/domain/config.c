/*
 * config.c - lookups in and consistency rules for the loaded configuration.
 * Must not: read files (json/config_json.c does), or hard-code a legal rule.
 */
#include "domain/config.h"

#include <string.h>

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
    if (!config_has_list(cfg, "notifier") || !config_has_list(cfg, "reason"))
        return why_set(why, ERR_INVALID,
                       "%s/codes.jsonl: the code lists \"notifier\" and \"reason\" must both have "
                       "entries",
                       cfg->dir);
    return OK;
}
