/*
 * strategy_json.c - the strategy's objectives and actions as JSON: the version an edit replaces
 * (kept in strategy_version) and `trappe strategy --json`.
 * Must not: decide a rule.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"

static json_t *
str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static enum err
dump(json_t *o, struct strbuf *out)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return ERR_INTERNAL;
    strbuf_addstr(out, s);
    free(s);
    return strbuf_error(out);
}

enum err
json_strategy_objective_encode(const struct strategy_objective *x, struct strbuf *out)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("strategy_objective"));
    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "version", json_integer(x->version));
    json_object_set_new(o, "parent_code", str_or_null(x->parent_code));
    json_object_set_new(o, "title", str_or_null(x->title));
    json_object_set_new(o, "description", str_or_null(x->description));
    json_object_set_new(o, "indicator", str_or_null(x->indicator));
    json_object_set_new(o, "better", str_or_null(x->better));
    json_object_set_new(o, "target", x->has_target ? json_real(x->target) : json_null());
    json_object_set_new(o, "target_note", str_or_null(x->target_note));
    json_object_set_new(o, "example", json_boolean(x->example));
    json_object_set_new(o, "source", str_or_null(x->source));
    return dump(o, out);
}

enum err
json_strategy_action_encode(const struct strategy_action *x, struct strbuf *out)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("strategy_action"));
    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "version", json_integer(x->version));
    json_object_set_new(o, "objective_id",
                        x->objective_id ? json_integer(x->objective_id) : json_null());
    json_object_set_new(o, "parent_code", str_or_null(x->parent_code));
    json_object_set_new(o, "theme", str_or_null(x->theme));
    json_object_set_new(o, "content", str_or_null(x->content));
    json_object_set_new(o, "owner", str_or_null(x->owner));
    json_object_set_new(o, "start_date", str_or_null(x->start_date));
    json_object_set_new(o, "end_date", str_or_null(x->end_date));
    json_object_set_new(o, "status", json_string(strategy_status_str(x->status)));
    json_object_set_new(o, "status_text", str_or_null(x->status_text));
    json_object_set_new(o, "example", json_boolean(x->example));
    json_object_set_new(o, "source", str_or_null(x->source));
    return dump(o, out);
}

enum err
json_strategy_example_load(const char *dir, struct arena *a, struct strategy_action **out,
                           struct strategy_followup **fus, size_t *n, struct strbuf *why)
{
    const char *path = arena_printf(a, "%s/strategy_example.jsonl", dir);
    FILE *f = fopen(path, "r");
    *n = 0;
    if (!f)
        return why_set(why, ERR_IO, "cannot read '%s'", path);
    size_t cap = 8;
    *out = arena_alloc(a, cap * sizeof(**out));
    *fus = arena_alloc(a, cap * sizeof(**fus));
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int lineno = 0;
    enum err rc = OK;
    while (!rc && (len = getline(&line, &lcap, f)) >= 0) {
        lineno++;
        if (len == 0 || line[0] == '#' || line[0] == '\n')
            continue;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &jerr);
        const char *kind = NULL, *parent = NULL, *theme = NULL, *content = NULL, *owner = NULL,
                   *start = NULL, *end = NULL, *status = NULL, *text = NULL, *period = NULL,
                   *date = NULL, *source = NULL;
        if (!o || json_unpack_ex(o, &jerr, JSON_STRICT,
                                 "{s:s, s:s, s:s, s?:s, s?:s, s?:s, s?:s, s:s, s:s, s:s, s:s, s:s}",
                                 "kind", &kind, "parent_code", &parent, "theme", &theme, "content",
                                 &content, "owner", &owner, "start_date", &start, "end_date", &end,
                                 "status", &status, "status_text", &text, "period", &period, "date",
                                 &date, "source", &source)) {
            rc = why_set(why, ERR_INVALID, "%s:%d: %s", path, lineno, jerr.text);
        } else if (*n == cap) {
            rc = why_set(why, ERR_INVALID, "%s:%d: more than %zu rows", path, lineno, cap);
        } else {
            struct strategy_action *x = &(*out)[*n];
            struct strategy_followup *u = &(*fus)[*n];
            memset(x, 0, sizeof(*x));
            memset(u, 0, sizeof(*u));
            x->parent_code = arena_strdup(a, parent);
            x->theme = arena_strdup(a, theme);
            x->content = content ? arena_strdup(a, content) : NULL;
            x->owner = owner ? arena_strdup(a, owner) : NULL;
            x->start_date = start ? arena_strdup(a, start) : NULL;
            x->end_date = end ? arena_strdup(a, end) : NULL;
            x->source = arena_strdup(a, source);
            x->status_text = arena_strdup(a, text);
            if (strcmp(kind, "action") != 0 || !strategy_status_parse(status, &x->status))
                rc = why_set(why, ERR_INVALID, "%s:%d: kind must be action, status a status", path,
                             lineno);
            u->period = arena_strdup(a, period);
            u->date = arena_strdup(a, date);
            u->status = x->status;
            u->status_text = x->status_text;
            (*n)++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return rc;
}
