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

static const char *const unit_names[] = { "count", "share", "days", "score", "dkk" };
static const char *const group_names[] = { "ladder",    "placement", "voice", "early",
                                           "deadlines", "effect",    "cost" };
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

/* A number as JSON: whole where it is whole (counts, kroner rounded), else rounded to 4 places. */
static json_t *
number(double v, enum fig_unit u)
{
    if (u == FU_COUNT || u == FU_DKK)
        return json_integer((json_int_t)llround(v));
    return json_real(round(v * 10000.0) / 10000.0);
}

static json_t *
cell(const struct fig_desc *d, const struct fig_value *v, const char *group)
{
    json_t *o = json_object();
    json_object_set_new(o, "group", group ? json_string(group) : json_null());
    if (v->suppressed) {
        json_object_set_new(o, "value", json_null());
        json_object_set_new(o, "suppressed", json_true());
        return o;
    }
    json_object_set_new(o, "value", v->empty ? json_null() : number(v->value, d->unit));
    if (d->unit == FU_SHARE) {
        json_object_set_new(o, "numerator", json_integer((json_int_t)llround(v->num)));
        json_object_set_new(o, "denominator", json_integer((json_int_t)llround(v->den)));
    } else {
        json_object_set_new(o, "count", json_integer(v->n));
    }
    return o;
}

enum err
json_figures_encode(const struct config *cfg, const struct fig_table *t, struct strbuf *out)
{
    char from[DATE_BUF], to[DATE_BUF], buf[16];
    date_format(t->p.from, from);
    date_format(t->p.to, to);
    json_t *root = json_object();
    json_object_set_new(root, "from", json_string(from));
    json_object_set_new(root, "to", json_string(to));
    json_object_set_new(root, "split", json_string(fig_split_str(t->split)));
    json_object_set_new(root, "children", json_integer(t->children));
    json_object_set_new(root, "suppressed", json_boolean(t->suppressed));
    json_object_set_new(root, "note_da", json_string(FIG_SUPPRESSION_NOTE_DA));
    json_t *figs = json_array();
    for (size_t c = 0; c < t->ncolumns; c++) {
        const struct fig_column *col = &t->columns[c];
        const struct fig_desc *d = fig_desc(col->fig);
        json_t *o = definition(d);
        if (d->dim != FD_NONE) {
            json_object_set_new(o, "value_of",
                                json_string(fig_dim_code(cfg, d->dim, col->dim, buf)));
            json_object_set_new(o, "value_of_da",
                                json_string(fig_dim_label_da(cfg, d->dim, col->dim)));
        }
        json_t *cells = json_array();
        for (size_t g = 0; g < t->ngroups; g++)
            json_array_append_new(cells, cell(d, fig_cell(t, g, c), t->groups[g]));
        json_object_set_new(o, "cells", cells);
        json_array_append_new(figs, o);
    }
    json_object_set_new(root, "figures", figs);
    if (t->nseries) {
        json_t *series = json_array();
        for (size_t j = 0; j < t->nseries; j++) {
            json_t *o = json_object(), *steps = json_array();
            char day[DATE_BUF];
            date_format(t->series_days[j], day);
            json_object_set_new(o, "date", json_string(day));
            for (size_t k = 0; k < t->nsteps; k++) {
                int64_t n = t->series[j * t->nsteps + k];
                json_array_append_new(steps, n < 0 ? json_null() : json_integer(n));
            }
            json_object_set_new(o, "children_per_step", steps);
            json_array_append_new(series, o);
        }
        json_object_set_new(root, "series", series);
    }
    return dump(root, out);
}
