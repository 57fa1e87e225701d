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

enum cfg_file { CF_LADDER, CF_CATALOGUE, CF_CODES };

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
    case CF_CATALOGUE: {
        enum confidence conf;
        if (json_unpack_ex(obj, &jerr, JSON_STRICT, "{s:s, s:s, s:s, s:i, s:b, s:s, s:s}", "code",
                           &a, "name_da", &b, "paragraph", &c, "step", &step, "placement",
                           &placement, "source", &d, "confidence", &e))
            return why_set(why, ERR_INVALID, "%s:%d: %s", file, line, jerr.text);
        rc = nonempty(file, line, "code", a, why);
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
            x->source = arena_strdup(cfg->arena, d);
            x->conf = conf;
            x->at.file = file;
            x->at.line = line;
        }
        return rc;
    }
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
    enum err rc;

    c.arena = arena_new(0);
    c.dir = arena_strdup(c.arena, dir);
    rc = load_file(&c, dir, "ladder.jsonl", CF_LADDER, &steps, why);
    if (!rc)
        rc = load_file(&c, dir, "catalogue.jsonl", CF_CATALOGUE, &cat, why);
    if (!rc)
        rc = load_file(&c, dir, "codes.jsonl", CF_CODES, &codes, why);
    c.nsteps = steps.n;
    c.steps = grow_finish(&steps, c.arena);
    c.ncatalogue = cat.n;
    c.catalogue = grow_finish(&cat, c.arena);
    c.ncodes = codes.n;
    c.codes = grow_finish(&codes, c.arena);
    if (!rc)
        rc = config_check(&c, why);
    if (rc) {
        config_release(&c);
        return rc;
    }
    *cfg = c;
    return OK;
}
