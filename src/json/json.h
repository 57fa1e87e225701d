/*
 * json.h - everything that touches jansson: the configuration files (JSON Lines in config/) and
 * the record codec used by import and export. jansson lives only in this folder.
 */
#ifndef TRAPPE_JSON_JSON_H
#define TRAPPE_JSON_JSON_H

#include "core/strbuf.h"
#include "domain/config.h"
#include "domain/deadline.h"
#include "domain/figures.h"
#include "domain/record.h"
#include "domain/strategy.h"

#define JSON_LINE_MAX (256u * 1024u)

/*
 * Load ladder.jsonl, catalogue.jsonl and codes.jsonl from dir and check them (config_check).
 * On success cfg owns everything (config_release). On failure nothing is kept and why says
 * "file:line: field: rule". ERR_IO if a file cannot be read, ERR_INVALID if one is wrong.
 */
enum err config_load(struct config *cfg, const char *dir, struct strbuf *why) WUR;

/*
 * Decode one JSON Lines record ({"type":..., "id":..., fields...}) into r, with strings in arena a.
 * Unknown keys, duplicate keys and wrong JSON types are refused. ERR_INVALID with the field in why.
 */
enum err json_record_decode(const char *line, size_t len, struct arena *a, struct record *r,
                            struct strbuf *why) WUR;

/* The same through jansson: the reference json_record_decode is tested against (it accepts
 * exactly the same lines and decodes them to the same records). */
enum err json_record_decode_reference(const char *line, size_t len, struct arena *a,
                                      struct record *r, struct strbuf *why) WUR;

enum json_record_flags {
    JSON_REC_VERSION = 1 << 0, /* add "version" after "id" (for show/list, not for export) */
};

/* Append r as one compact JSON object (no newline) to out: type, id, then fields in order. */
enum err json_record_encode(const struct record *r, unsigned flags, struct strbuf *out) WUR;

/* Append r without its id, its child named by pseudonym instead ("child"): the caller has
 * unset every field that may not go into a pseudonymised extract. */
enum err json_record_encode_pseudo(const struct record *r, const char *pseudonym,
                                   struct strbuf *out) WUR;

/* The key figures' table (app_figures) as one JSON object, and the registry of their
 * definitions as a JSON array. */
enum err json_figures_encode(const struct config *cfg, const struct fig_table *t,
                             struct strbuf *out) WUR;
enum err json_figure_definitions(struct strbuf *out) WUR;

/* A strategy objective or action as one compact JSON object. */
enum err json_strategy_objective_encode(const struct strategy_objective *x, struct strbuf *out) WUR;
enum err json_strategy_action_encode(const struct strategy_action *x, struct strbuf *out) WUR;

/* The strategy's example rows (dir/strategy_example.jsonl: the status note's table of the seed
 * papers), each an action and its follow-up; arrays in arena a. */
enum err json_strategy_example_load(const char *dir, struct arena *a, struct strategy_action **out,
                                    struct strategy_followup **fus, size_t *n,
                                    struct strbuf *why) WUR;

/* Append a computed deadline as one compact JSON object (no newline). */
enum err json_deadline_encode(const struct deadline *d, const char *explanation_da,
                              struct strbuf *out) WUR;

#endif
