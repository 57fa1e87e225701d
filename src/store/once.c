/*
 * once.c - the one-time tokens of web forms (migration 0016): a second submit of a form is
 * answered with what the first saved.
 * Must not: be used outside the caller's write transaction (the claim and the write it guards
 * land together, or neither does).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

static enum err
fail(struct store *st, struct strbuf *why)
{
    return why_set(why, ERR_DB, "database: form token: %s", sqlite3_errmsg(store_db(st)));
}

enum err
store_once_claim(struct store *st, const char *token, const char *actor, int64_t now,
                 struct store_once *first, struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    memset(first, 0, sizeof(*first));
    if (sqlite3_prepare_v2(db, "DELETE FROM form_once WHERE at < ?1", -1, &s, NULL) != SQLITE_OK)
        return fail(st, why);
    sqlite3_bind_int64(s, 1, now - 24 * 3600);
    int code = sqlite3_step(s);
    sqlite3_finalize(s);
    if (code != SQLITE_DONE)
        return fail(st, why);
    if (sqlite3_prepare_v2(db,
                           "SELECT actor, record_type, record_id, child_id FROM form_once "
                           "WHERE token=?1",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why);
    sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
    code = sqlite3_step(s);
    if (code == SQLITE_ROW) {
        const char *who = (const char *)sqlite3_column_text(s, 0);
        const char *type = (const char *)sqlite3_column_text(s, 1);
        first->other_actor = !who || strcmp(who, actor) != 0;
        if (type)
            snprintf(first->type, sizeof(first->type), "%s", type);
        first->id = sqlite3_column_int64(s, 2);
        first->child = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (code == SQLITE_ROW)
        return ERR_CONFLICT;
    if (code != SQLITE_DONE)
        return fail(st, why);
    if (sqlite3_prepare_v2(db, "INSERT INTO form_once(token, actor, at) VALUES(?1, ?2, ?3)", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why);
    sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now);
    code = sqlite3_step(s);
    sqlite3_finalize(s);
    return code == SQLITE_DONE ? OK : fail(st, why);
}

enum err
store_once_done(struct store *st, const char *token, const char *type, int64_t id, int64_t child,
                struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "UPDATE form_once SET record_type=?2, record_id=?3, child_id=?4 "
                           "WHERE token=?1",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why);
    sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, id);
    sqlite3_bind_int64(s, 4, child);
    int code = sqlite3_step(s);
    sqlite3_finalize(s);
    return code == SQLITE_DONE ? OK : fail(st, why);
}
