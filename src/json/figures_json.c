/*
 * figures_json.c - the key figures as JSON: a table of app_figures (`trappe kpi --from --to
 * --json`) and the registry of definitions (`trappe kpi --definitions`). A suppressed cell has
 * "value": null and "suppressed": true; its numbers are not given.
 * Must not: compute a figure (domain/figures.c does) or decide what may be shown.
 */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "json/json.h"

static const char *const unit_names[] = {
    [FU_COUNT] = "count", [FU_SHARE] = "share", [FU_DAYS] = "days",
    [FU_SCORE] = "score", [FU_DKK] = "dkk",     [FU_RATIO] = "ratio",
};
_Static_assert(sizeof(unit_names) / sizeof(unit_names[0]) == FU_RATIO + 1,
               "a name for every unit of figures.h");
static const char *const group_names[] = { "ladder",    "placement", "voice", "early",
                                           "deadlines", "effect",    "cost",  "cross" };
_Static_assert(sizeof(group_names) / sizeof(group_names[0]) == FG__COUNT,
               "a name for every group of figures.h");
static const char *const dim_names[] = { "none", "step", "class", "rule", "type" };

static json_t *
definition(const struct fig_desc *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(d->id));
    json_object_set_new(o, "group", json_string(group_names[d->group]));
    json_object_set_new(o, "group_da", json_string(fig_group_da(d->group)));
    json_object_set_new(o, "name_da", json_string(d->name_da));
    json_object_set_new(o, "definition_da", json_string(d->definition_da));
    json_object_set_new(o, "numerator_da",
                        d->numerator_da ? json_string(d->numerator_da) : json_null());
    json_object_set_new(o, "denominator_da",
                        d->denominator_da ? json_string(d->denominator_da) : json_null());
    json_object_set_new(o, "unit", json_string(unit_names[d->unit]));
    json_object_set_new(o, "better",
                        json_string(d->better > 0   ? "higher"
                                    : d->better < 0 ? "lower"
                                                    : "neither"));
    json_object_set_new(o, "dimension", json_string(dim_names[d->dim]));
    json_object_set_new(o, "min_count", json_integer(d->min_count));
    return o;
}

static enum err
dump(json_t *root, struct strbuf *out)
{
    char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!s)
        return ERR_INTERNAL;
    strbuf_addstr(out, s);
    free(s);
    return strbuf_error(out);
}

enum err
json_figure_definitions(struct strbuf *out)
{
    json_t *all = json_array();
    for (int f = 0; f < FIG__COUNT; f++)
        json_array_append_new(all, definition(fig_desc((enum fig_id)f)));
    return dump(all, out);
}

/*
 * The table is written straight into out, not built as a jansson tree: at national scale it is
 * a hundred thousand cells (every team x every figure), and the tree cost more than the figures.
 * The bytes are jansson's (JSON_COMPACT | JSON_PRESERVE_ORDER): strings escaped as it escapes
 * them, reals as "%.17g" with ".0" on a whole one; tests/cli/t0012 compares with jq.
 */
static void
put_str(struct strbuf *out, const char *s)
{
    strbuf_addch(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            strbuf_addstr(out, "\\\"");
            break;
        case '\\':
            strbuf_addstr(out, "\\\\");
            break;
        case '\b':
            strbuf_addstr(out, "\\b");
            break;
        case '\f':
            strbuf_addstr(out, "\\f");
            break;
        case '\n':
            strbuf_addstr(out, "\\n");
            break;
        case '\r':
            strbuf_addstr(out, "\\r");
            break;
        case '\t':
            strbuf_addstr(out, "\\t");
            break;
        default:
            if (*p < 0x20)
                strbuf_addf(out, "\\u%04X", *p);
            else
                strbuf_addch(out, (char)*p);
        }
    }
    strbuf_addch(out, '"');
}

static void
put_key_str(struct strbuf *out, const char *key, const char *v)
{
    strbuf_addf(out, ",\"%s\":", key);
    if (v)
        put_str(out, v);
    else
        strbuf_addstr(out, "null");
}

static void
put_real(struct strbuf *out, double v)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "%.17g", v);
    strbuf_addstr(out, buf);
    if (!strpbrk(buf, ".eE"))
        strbuf_addstr(out, ".0");
}

/* A number as JSON: whole where it is whole (counts, kroner rounded), else rounded to 4 places. */
static void
put_number(struct strbuf *out, double v, enum fig_unit u)
{
    if (u == FU_COUNT || u == FU_DKK)
        strbuf_addf(out, "%lld", (long long)llround(v));
    else
        put_real(out, round(v * 10000.0) / 10000.0);
}

static void
put_cell(struct strbuf *out, const struct fig_desc *d, const struct fig_value *v, const char *group)
{
    strbuf_addstr(out, "{\"group\":");
    if (group)
        put_str(out, group);
    else
        strbuf_addstr(out, "null");
    if (v->suppressed) {
        strbuf_addstr(out, ",\"value\":null,\"suppressed\":true}");
        return;
    }
    strbuf_addstr(out, ",\"value\":");
    if (v->empty)
        strbuf_addstr(out, "null");
    else
        put_number(out, v->value, d->unit);
    if (d->unit == FU_SHARE || d->unit == FU_RATIO)
        strbuf_addf(out, ",\"numerator\":%lld,\"denominator\":%lld}", (long long)llround(v->num),
                    (long long)llround(v->den));
    else
        strbuf_addf(out, ",\"count\":%lld}", (long long)v->n);
}

/* definition()'s members, without the braces' closing one. */
static void
put_definition(struct strbuf *out, const struct fig_desc *d)
{
    strbuf_addstr(out, "{\"id\":");
    put_str(out, d->id);
    put_key_str(out, "group", group_names[d->group]);
    put_key_str(out, "group_da", fig_group_da(d->group));
    put_key_str(out, "name_da", d->name_da);
    put_key_str(out, "definition_da", d->definition_da);
    put_key_str(out, "numerator_da", d->numerator_da);
    put_key_str(out, "denominator_da", d->denominator_da);
    put_key_str(out, "unit", unit_names[d->unit]);
    put_key_str(out, "better", d->better > 0 ? "higher" : d->better < 0 ? "lower" : "neither");
    put_key_str(out, "dimension", dim_names[d->dim]);
    strbuf_addf(out, ",\"min_count\":%d", d->min_count);
}

enum err
json_figures_encode(const struct config *cfg, const struct fig_table *t, struct strbuf *out)
{
    char from[DATE_BUF], to[DATE_BUF], buf[16];
    date_format(t->p.from, from);
    date_format(t->p.to, to);
    strbuf_addstr(out, "{\"from\":");
    put_str(out, from);
    put_key_str(out, "to", to);
    put_key_str(out, "split", fig_split_str(t->split));
    strbuf_addf(out, ",\"children\":%lld,\"suppressed\":%s", (long long)t->children,
                t->suppressed ? "true" : "false");
    put_key_str(out, "note_da", FIG_SUPPRESSION_NOTE_DA);
    strbuf_addstr(out, ",\"figures\":[");
    for (size_t c = 0; c < t->ncolumns; c++) {
        const struct fig_column *col = &t->columns[c];
        const struct fig_desc *d = fig_desc(col->fig);
        if (c)
            strbuf_addch(out, ',');
        put_definition(out, d);
        if (d->dim != FD_NONE) {
            put_key_str(out, "value_of", fig_dim_code(cfg, d->dim, col->dim, buf));
            put_key_str(out, "value_of_da", fig_dim_label_da(cfg, d->dim, col->dim));
        }
        strbuf_addstr(out, ",\"cells\":[");
        for (size_t g = 0; g < t->ngroups; g++) {
            if (g)
                strbuf_addch(out, ',');
            put_cell(out, d, fig_cell(t, g, c), t->groups[g]);
        }
        strbuf_addstr(out, "]}");
    }
    strbuf_addch(out, ']');
    if (t->nseries) {
        strbuf_addstr(out, ",\"series\":[");
        for (size_t j = 0; j < t->nseries; j++) {
            char day[DATE_BUF];
            date_format(t->series_days[j], day);
            strbuf_addstr(out, j ? ",{\"date\":" : "{\"date\":");
            put_str(out, day);
            strbuf_addstr(out, ",\"children_per_step\":[");
            for (size_t k = 0; k < t->nsteps; k++) {
                int64_t n = t->series[j * t->nsteps + k];
                if (k)
                    strbuf_addch(out, ',');
                if (n < 0)
                    strbuf_addstr(out, "null");
                else
                    strbuf_addf(out, "%lld", (long long)n);
            }
            strbuf_addstr(out, "]}");
        }
        strbuf_addch(out, ']');
    }
    strbuf_addch(out, '}');
    return strbuf_error(out);
}
