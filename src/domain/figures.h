/*
 * figures.h - the leaders' key figures (figures.def) for any period, split by team, caseworker,
 * age band or sex, computed from the children's own records. Pure: the configuration, the
 * period and each child's records are passed in; the caller reads the children (one pass over
 * the store) and decides who may see what. Each child's contribution to every figure is added to
 * an accumulator; finishing it gives a table of cells (figure x value of its dimension x split
 * group) with numerator, denominator and the count each was made from, suppressed where a count
 * is below the figure's minimum.
 */
#ifndef TRAPPE_DOMAIN_FIGURES_H
#define TRAPPE_DOMAIN_FIGURES_H

#include "domain/config.h"
#include "domain/deadline.h"
#include "domain/figures.def"

/* The Danish note that goes with every table that has suppressed cells. */
#define FIG_SUPPRESSION_NOTE_DA                                                             \
    "Tal under 5 vises ikke (diskretion): en celle, der bygger på 1-4 børn, sager eller " \
    "hændelser, er udeladt og vist som «<5»."

enum fig_group {
    FG_LADDER,
    FG_PLACEMENT,
    FG_VOICE,
    FG_EARLY,
    FG_DEADLINES,
    FG_EFFECT,
    FG_COST,
    FG_CROSS
};

#define FG__COUNT 8

/* FU_RATIO: numerator per denominator unit (e.g. inquiries per step-1 course), not a share. */
enum fig_unit { FU_COUNT, FU_SHARE, FU_DAYS, FU_SCORE, FU_DKK, FU_RATIO };

enum fig_dim { FD_NONE, FD_STEP, FD_CLASS, FD_RULE, FD_TYPE };

#define FIG_ENUM(id, ...) FIG_##id,

enum fig_id { FIGURES(FIG_ENUM) FIG__COUNT };

#undef FIG_ENUM

struct fig_desc {
    const char *id;
    enum fig_group group;
    enum fig_unit unit;
    int better; /* +1 higher is better, -1 lower, 0 neither */
    enum fig_dim dim;
    int min_count; /* counts 1 .. min_count-1 are suppressed */
    const char *name_da, *definition_da;
    const char *numerator_da, *denominator_da; /* or NULL */
};

const struct fig_desc *fig_desc(enum fig_id f);
/* The figure with id, or NULL. */
const struct fig_desc *fig_by_name(const char *id, enum fig_id *out);
/* The group's Danish heading ("Indsatstrappen", ...). */
const char *fig_group_da(enum fig_group g);
/* "andel", "antal", "dage (median)", "point (0-10)", "kr." */
const char *fig_unit_da(enum fig_unit u);

/* The calibration figures' public names and Danish names, by enum store_kpi value. */
size_t fig_calibration_count(void);
const char *fig_calibration_id(size_t k);
const char *fig_calibration_name_da(size_t k);

/* How many values dimension d has under cfg (1 for FD_NONE), and value i's code ("3",
 * "network", "U1", "bl32-3"; "" for FD_NONE) and Danish label. */
size_t fig_dim_count(const struct config *cfg, enum fig_dim d);
const char *fig_dim_code(const struct config *cfg, enum fig_dim d, size_t i, char buf[16]);
const char *fig_dim_label_da(const struct config *cfg, enum fig_dim d, size_t i);

enum fig_split { FS_NONE, FS_TEAM, FS_CASEWORKER, FS_AGE, FS_SEX };

#define FS__COUNT 5
/* "none", "team", "caseworker", "age", "sex"; parse returns false for anything else. */
const char *fig_split_str(enum fig_split s);
bool fig_split_parse(const char *s, enum fig_split *out);
const char *fig_split_da(enum fig_split s);

struct fig_period {
    struct date from, to; /* both days included */
};

struct fig_query {
    struct fig_period p;
    enum fig_split split;
    const char *team; /* only the children attributed to this team (a team leader's), or NULL */
    const struct date *series; /* also count the children on each step on these days, or NULL */
    size_t nseries;
};

struct fig_value {
    double value;    /* the figure: a share, count, median, mean or sum */
    double num, den; /* numerator and denominator (a share), else num = value */
    int64_t n;       /* the units counted (the denominator's, or the value's for a count) */
    int64_t n_num;   /* the units in the numerator (a share) */
    bool empty;      /* nothing to count */
    bool suppressed; /* a count of 1 .. min_count-1: not to be shown */
};

/* One figure and one value of its dimension: a column of the table. */
struct fig_column {
    enum fig_id fig;
    size_t dim;
};

struct fig_table {
    struct fig_period p;
    enum fig_split split;
    size_t ngroups;      /* split groups; group 0 is the total ("I alt") */
    const char **groups; /* their Danish names (group 0: NULL) */
    size_t ncolumns;
    struct fig_column *columns;
    struct fig_value *v; /* [ngroups][ncolumns] */
    size_t nseries;      /* the query's series: children on each step (all groups) */
    struct date *series_days;
    int64_t *series; /* [nseries][nsteps]: children on step k on day j; -1 suppressed */
    size_t nsteps;
    int64_t children; /* children read */
    bool suppressed;  /* any cell was suppressed */
};

struct fig_acc;

/* An accumulator for q (its pointers are borrowed until fig_acc_finish). */
struct fig_acc *fig_acc_new(const struct config *cfg, const struct fig_query *q);
void fig_acc_free(struct fig_acc *acc);

/* Add one child's contributions. scratch holds the work on it (the caller resets it). */
void fig_acc_child(struct fig_acc *acc, const struct child_records *cr, struct arena *scratch);

/* The table, into arena a; with suppress, cells counted from 1 .. min_count-1 units are marked
 * suppressed and their numbers zeroed. */
void fig_acc_finish(struct fig_acc *acc, bool suppress, struct arena *a, struct fig_table *out);

/* Whether fig_acc_finish's table fits in arena a; groups gets the split's groups. */
bool fig_acc_fits(const struct fig_acc *acc, const struct arena *a, size_t *groups);

/* The column of figure f's dimension value dim, or -1. */
int fig_column_of(const struct fig_table *t, enum fig_id f, size_t dim);
/* The cell of group g and column c. */
const struct fig_value *fig_cell(const struct fig_table *t, size_t g, size_t c);

/* The key figure (and value of its dimension) a strategy indicator names: "voice_conversation",
 * or "placement_stock/network" for one value of a figure's dimension; false if none. */
bool fig_indicator_find(const struct config *cfg, const char *name, enum fig_id *fig, size_t *dim);

/* The day n months after d (end of month clamped), as the figures count months. */
struct date fig_add_months(struct date d, int n);

/*
 * A calendar year kept in parts (app/figures.c keeps them in the store). A part adds up the
 * contributions of the children that share a key: their team and caseworker (family 0), team and
 * age band (1) or team and sex (2), as attributed for the year. Every child is in one part of
 * each family, so any split of the year, for every team or one, is the sum of one family's parts:
 * the same cells, counts and medians as a pass over every child (sums of money up to rounding).
 */
/* Raise when what a child adds to any figure changes: every year kept is then built again. */
/* 3: the figures of working across sectors (issue 23) add cells. */
#define FIG_PARTS_VERSION 3
#define FIG_FAMILIES      3
#define FIG_KEY_MAX       256

/* An accumulator for one child's part of year, or for the sum of parts. */
struct fig_acc *fig_year_new(const struct config *cfg, int year);
/* Empty it again (a part's accumulator, reused for the next child). */
void fig_acc_reset(struct fig_acc *acc);
/* The year of q when it can be answered from parts: a calendar year, its series at month ends
 * (in that year when q is a team's). */
bool fig_query_year(const struct fig_query *q, int *year);
/* The family whose parts a query's accumulator folds. */
int fig_acc_family(const struct fig_acc *acc);
/* The child's key in each family, for the period of acc. */
void fig_acc_keys(const struct fig_acc *acc, const struct child_records *cr,
                  struct strbuf keys[FIG_FAMILIES]);
/* A part's bytes (of the total: a part has no split). */
void fig_acc_encode(const struct fig_acc *acc, struct strbuf *out);
/* Add (sign 1) or take away (-1) encoded part into acc's total; false if it is damaged, made
 * for another layout, or takes away what is not there. */
bool fig_acc_add_encoded(struct fig_acc *acc, const void *part, size_t len, int sign);
/* Add src's part (what it was written to since its reset) into dst. */
void fig_acc_add_acc(struct fig_acc *dst, const struct fig_acc *src);
/* No child counted: a part that can go. */
bool fig_acc_empty(const struct fig_acc *acc);
/* Add a part of year with key to a query's accumulator: its cells if year is the query's, its
 * series at the query's days in year either way; a part of another team is passed over. False
 * if the part or key is damaged. */
bool fig_acc_fold(struct fig_acc *acc, int year, const char *key, const void *part, size_t len);

#endif
