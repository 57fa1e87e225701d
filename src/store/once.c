/*
 * once.c - the one-time tokens of web forms (migration 0016): a second submit of a form is
 * answered with what the first saved; and what was typed when the session had ended (0019),
 * sealed for its account until the form is filled in again.
 * Must not: be used outside the caller's write transaction (the claim and the write it guards
 * land together, or neither does).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "store/store_internal.h"

static enum err
fail(struct store *st, struct strbuf *why)
{
    return store_db_fail(store_db(st), why, "form token");
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

/* --- what was typed when the session had ended (migration 0019) ------------------------------ */

static void
kept_ad(int64_t user, char out[static 48])
{
    snprintf(out, 48, "form_kept.%lld", (long long)user);
}

enum err
store_form_keep(struct store *st, int64_t user, int64_t now, const char *path, const char *body,
                struct strbuf *why)
{
    char ad[48];
    kept_ad(user, ad);
    char *sealed = crypto_field_seal(store_keyring(st), ad, body);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "INSERT OR REPLACE INTO form_kept(user_id, at, path, body) "
                           "VALUES(?1, ?2, ?3, ?4)",
                           -1, &s, NULL) != SQLITE_OK) {
        free(sealed);
        return fail(st, why);
    }
    sqlite3_bind_int64(s, 1, user);
    sqlite3_bind_int64(s, 2, now);
    sqlite3_bind_text(s, 3, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, sealed, -1, SQLITE_STATIC);
    int code = sqlite3_step(s);
    sqlite3_finalize(s);
    free(sealed);
    return code == SQLITE_DONE ? OK : fail(st, why);
}

enum err
store_form_kept(struct store *st, int64_t user, int64_t since, bool take, struct arena *a,
                const char **path, const char **body, struct strbuf *why)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    *path = NULL;
    if (body)
        *body = NULL;
    if (sqlite3_prepare_v2(db, "SELECT at, path, body FROM form_kept WHERE user_id=?1", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why);
    sqlite3_bind_int64(s, 1, user);
    int code = sqlite3_step(s);
    enum err rc = ERR_NOT_FOUND;
    if (code == SQLITE_ROW && sqlite3_column_int64(s, 0) >= since) {
        *path = arena_strdup(a, (const char *)sqlite3_column_text(s, 1));
        rc = OK;
        if (body) {
            char ad[48], *plain = NULL;
            kept_ad(user, ad);
            rc = crypto_field_open(store_keyring(st), ad, (const char *)sqlite3_column_text(s, 2),
                                   &plain);
            if (rc == OK)
                *body = arena_strdup(a, plain);
            else
                rc = why_set(why, ERR_INVALID, "form kept: cannot be opened");
            free(plain);
        }
    } else if (code != SQLITE_ROW && code != SQLITE_DONE) {
        rc = fail(st, why);
    }
    sqlite3_finalize(s);
    if (rc == ERR_NOT_FOUND && !take)
        return rc;
    if (take || rc == ERR_NOT_FOUND) {
        /* Taken, stale or damaged: gone either way. */
        if (sqlite3_prepare_v2(db, "DELETE FROM form_kept WHERE user_id=?1", -1, &s, NULL) !=
            SQLITE_OK)
            return fail(st, why);
        sqlite3_bind_int64(s, 1, user);
        code = sqlite3_step(s);
        sqlite3_finalize(s);
        if (code != SQLITE_DONE)
            return fail(st, why);
    }
    return rc;
}

size_t
store_once_recent(struct store *st, const char *actor, const char *type, int64_t child,
                  int64_t since, int64_t *ids, size_t max, struct strbuf *why, enum err *rc)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    *rc = OK;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT record_id FROM form_once WHERE actor=?1 AND record_type=?2 AND "
                           "(?3=0 OR child_id=?3) AND at>=?4 AND record_id IS NOT NULL "
                           "ORDER BY at DESC",
                           -1, &s, NULL) != SQLITE_OK) {
        *rc = fail(st, why);
        return 0;
    }
    sqlite3_bind_text(s, 1, actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, child);
    sqlite3_bind_int64(s, 4, since);
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW && n < max)
        ids[n++] = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        *rc = fail(st, why);
    return n;
}
