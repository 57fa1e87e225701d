/*
 * strategy.c - the strategy's objectives, actions and follow-ups in SQLite (migration 0014).
 * Statements are prepared per call: these are a leader's edits, not a hot path.
 * Must not: delete or change a follow-up (the table's triggers refuse it too).
 */
#include "domain/strategy.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

static enum err
fail(struct store *st, struct strbuf *why, const char *what)
{
    return store_db_fail(store_db(st), why, what);
}

static const char *
col_text(sqlite3_stmt *s, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Grow an arena array of items of size bytes. */
static void *
grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, c * size);
    if (n)
        memcpy(p, items, n * size);
    *cap = c;
    return p;
}

#define OBJ_COLS                                                                                   \
    "id,version,parent_code,title,description,indicator,better,target,target_note,example,source," \
    "created_at,created_by"
#define ACT_COLS                                                                          \
    "id,version,objective_id,parent_code,theme,content,owner,start_date,end_date,status," \
    "status_text,example,source,created_at,created_by"
#define FU_COLS "id,action_id,period,date,status,status_text,example,at,by"

enum err
store_strategy_load(struct store *st, struct arena *a, struct strategy_data *out,
                    struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int code;
    memset(out, 0, sizeof(*out));
    if (sqlite3_prepare_v2(db, "SELECT " OBJ_COLS " FROM strategy_objective ORDER BY id", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        out->objectives =
            grow(a, out->objectives, out->nobjectives, &cap, sizeof(*out->objectives));
        struct strategy_objective *o = &out->objectives[out->nobjectives++];
        memset(o, 0, sizeof(*o));
        o->id = sqlite3_column_int64(s, 0);
        o->version = sqlite3_column_int64(s, 1);
        o->parent_code = col_text(s, 2, a);
        o->title = col_text(s, 3, a);
        o->description = col_text(s, 4, a);
        o->indicator = col_text(s, 5, a);
        o->better = col_text(s, 6, a);
        o->has_target = sqlite3_column_type(s, 7) != SQLITE_NULL;
        o->target = sqlite3_column_double(s, 7);
        o->target_note = col_text(s, 8, a);
        o->example = sqlite3_column_int(s, 9) != 0;
        o->source = col_text(s, 10, a);
        o->created_at = col_text(s, 11, a);
        o->created_by = col_text(s, 12, a);
    }
    sqlite3_finalize(s);
    if (code != SQLITE_DONE)
        return fail(st, why, "strategy");
    cap = 0;
    if (sqlite3_prepare_v2(db, "SELECT " ACT_COLS " FROM strategy_action ORDER BY id", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        out->actions = grow(a, out->actions, out->nactions, &cap, sizeof(*out->actions));
        struct strategy_action *x = &out->actions[out->nactions++];
        memset(x, 0, sizeof(*x));
        x->id = sqlite3_column_int64(s, 0);
        x->version = sqlite3_column_int64(s, 1);
        x->objective_id = sqlite3_column_int64(s, 2);
        x->parent_code = col_text(s, 3, a);
        x->theme = col_text(s, 4, a);
        x->content = col_text(s, 5, a);
        x->owner = col_text(s, 6, a);
        x->start_date = col_text(s, 7, a);
        x->end_date = col_text(s, 8, a);
        if (!strategy_status_parse((const char *)sqlite3_column_text(s, 9), &x->status))
            x->status = SS_PLANNED;
        x->status_text = col_text(s, 10, a);
        x->example = sqlite3_column_int(s, 11) != 0;
        x->source = col_text(s, 12, a);
        x->created_at = col_text(s, 13, a);
        x->created_by = col_text(s, 14, a);
    }
    sqlite3_finalize(s);
    if (code != SQLITE_DONE)
        return fail(st, why, "strategy");
    cap = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT " FU_COLS " FROM strategy_followup ORDER BY action_id, "
                           "period, id",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        out->followups = grow(a, out->followups, out->nfollowups, &cap, sizeof(*out->followups));
        struct strategy_followup *f = &out->followups[out->nfollowups++];
        memset(f, 0, sizeof(*f));
        f->id = sqlite3_column_int64(s, 0);
        f->action_id = sqlite3_column_int64(s, 1);
        f->period = col_text(s, 2, a);
        f->date = col_text(s, 3, a);
        if (!strategy_status_parse((const char *)sqlite3_column_text(s, 4), &f->status))
            f->status = SS_PLANNED;
        f->status_text = col_text(s, 5, a);
        f->example = sqlite3_column_int(s, 6) != 0;
        f->at = col_text(s, 7, a);
        f->by = col_text(s, 8, a);
    }
    sqlite3_finalize(s);
    return code == SQLITE_DONE ? OK : fail(st, why, "strategy");
}

/* Keep the version replaced, and check that the row is still at expected_version. */
static enum err
keep_version(struct store *st, const char *item, const char *table, int64_t id, int64_t expected,
             const char *old_json, const char *at, const char *actor, struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT version FROM %s WHERE id=?", table);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    sqlite3_bind_int64(s, 1, id);
    int code = sqlite3_step(s);
    int64_t now = code == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (code == SQLITE_DONE)
        return why_set(why, ERR_NOT_FOUND, "strategy %s %lld: there is none", item, (long long)id);
    if (code != SQLITE_ROW)
        return fail(st, why, "strategy");
    if (now != expected)
        return why_set(why, ERR_CONFLICT,
                       "strategy %s %lld: changed by someone else (now version %lld, you edited "
                       "version %lld); nothing was saved",
                       item, (long long)id, (long long)now, (long long)expected);
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO strategy_version(item,item_id,version,json,replaced_at,"
                           "replaced_by) VALUES(?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    sqlite3_bind_text(s, 1, item, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_int64(s, 3, expected);
    bind_text(s, 4, old_json ? old_json : "{}");
    bind_text(s, 5, at);
    bind_text(s, 6, actor);
    code = sqlite3_step(s);
    sqlite3_finalize(s);
    return code == SQLITE_DONE ? OK : fail(st, why, "strategy");
}

enum err
store_strategy_objective_put(struct store *st, struct strategy_objective *o,
                             int64_t expected_version, const char *old_json, const char *at,
                             const char *actor, struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (o->id) {
        rc = keep_version(st, "objective", "strategy_objective", o->id, expected_version, old_json,
                          at, actor, why);
        if (rc)
            return rc;
    }
    const char *sql =
        o->id ? "UPDATE strategy_objective SET version=version+1, parent_code=?1, title=?2, "
                "description=?3, indicator=?4, better=?5, target=?6, target_note=?7, example=?8, "
                "source=?9 WHERE id=?12"
              : "INSERT INTO strategy_objective(parent_code,title,description,indicator,better,"
                "target,target_note,example,source,created_at,created_by) "
                "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    bind_text(s, 1, o->parent_code);
    bind_text(s, 2, o->title);
    bind_text(s, 3, o->description);
    bind_text(s, 4, o->indicator);
    bind_text(s, 5, o->better);
    if (o->has_target)
        sqlite3_bind_double(s, 6, o->target);
    bind_text(s, 7, o->target_note);
    sqlite3_bind_int(s, 8, o->example);
    bind_text(s, 9, o->source);
    if (!o->id) {
        bind_text(s, 10, at);
        bind_text(s, 11, actor);
    } else {
        sqlite3_bind_int64(s, 12, o->id);
    }
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = fail(st, why, "strategy objective");
    sqlite3_finalize(s);
    if (!rc && !o->id) {
        o->id = sqlite3_last_insert_rowid(db);
        o->version = 1;
    } else if (!rc) {
        o->version = expected_version + 1;
    }
    return rc;
}

enum err
store_strategy_action_put(struct store *st, struct strategy_action *a, int64_t expected_version,
                          const char *old_json, const char *at, const char *actor,
                          struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (a->id) {
        rc = keep_version(st, "action", "strategy_action", a->id, expected_version, old_json, at,
                          actor, why);
        if (rc)
            return rc;
    }
    const char *sql =
        a->id ? "UPDATE strategy_action SET version=version+1, objective_id=?1, parent_code=?2, "
                "theme=?3, content=?4, owner=?5, start_date=?6, end_date=?7, status=?8, "
                "status_text=?9, example=?10, source=?11 WHERE id=?14"
              : "INSERT INTO strategy_action(objective_id,parent_code,theme,content,owner,"
                "start_date,end_date,status,status_text,example,source,created_at,created_by) "
                "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    if (a->objective_id)
        sqlite3_bind_int64(s, 1, a->objective_id);
    bind_text(s, 2, a->parent_code);
    bind_text(s, 3, a->theme);
    bind_text(s, 4, a->content);
    bind_text(s, 5, a->owner);
    bind_text(s, 6, a->start_date);
    bind_text(s, 7, a->end_date);
    bind_text(s, 8, strategy_status_str(a->status));
    bind_text(s, 9, a->status_text);
    sqlite3_bind_int(s, 10, a->example);
    bind_text(s, 11, a->source);
    if (!a->id) {
        bind_text(s, 12, at);
        bind_text(s, 13, actor);
    } else {
        sqlite3_bind_int64(s, 14, a->id);
    }
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = fail(st, why, "strategy action");
    sqlite3_finalize(s);
    if (!rc && !a->id) {
        a->id = sqlite3_last_insert_rowid(db);
        a->version = 1;
    } else if (!rc) {
        a->version = expected_version + 1;
    }
    return rc;
}

enum err
store_strategy_followup_add(struct store *st, struct strategy_followup *f, struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO strategy_followup(action_id,period,date,status,status_text,"
                           "example,at,by) VALUES(?,?,?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "strategy");
    sqlite3_bind_int64(s, 1, f->action_id);
    bind_text(s, 2, f->period);
    bind_text(s, 3, f->date);
    bind_text(s, 4, strategy_status_str(f->status));
    bind_text(s, 5, f->status_text);
    sqlite3_bind_int(s, 6, f->example);
    bind_text(s, 7, f->at);
    bind_text(s, 8, f->by);
    enum err rc = sqlite3_step(s) == SQLITE_DONE ? OK : fail(st, why, "strategy follow-up");
    sqlite3_finalize(s);
    if (!rc)
        f->id = sqlite3_last_insert_rowid(db);
    return rc;
}
