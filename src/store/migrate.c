/*
 * migrate.c - the one place that changes the schema. Migrations only go forward; each runs in a
 * BEGIN IMMEDIATE transaction together with its PRAGMA user_version, so a failed one leaves the
 * database as it was. The only file allowed to call sqlite3_exec (its SQL is our own, embedded).
 */
#include "store/migrate.h"

#include <stdio.h>

#include "core/str.h"
#include "store/migrations.h"
#include "store/store_internal.h"

int
store_user_version(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

int
store_migrations_latest(void)
{
    return migrations_count ? migrations[migrations_count - 1].number : 0;
}

static int
count_rows(void *ctx, int ncols, char **vals, char **names)
{
    (void)ncols, (void)vals, (void)names;
    (*(int *)ctx)++;
    return 0;
}

enum err
store_migrate(sqlite3 *db, const char *path, struct strbuf *why)
{
    int current = store_user_version(db);
    if (current < 0)
        return why_set(why, ERR_DB, "database '%s': cannot read its schema version", path);
    if (current > store_migrations_latest())
        return why_set(why, ERR_DB,
                       "database '%s' has schema version %d, newer than this program knows (%d); "
                       "use a newer trappe",
                       path, current, store_migrations_latest());
    /* A migration may rebuild a table others refer to (SQLite's documented procedure): foreign
     * keys are off while it runs, and every reference is checked before it commits. */
    if (current < store_migrations_latest() &&
        sqlite3_exec(db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL) != SQLITE_OK)
        return store_db_fail(db, why, "migrations");
    enum err rc = OK;
    for (int i = 0; !rc && i < migrations_count; i++) {
        const struct migration *m = &migrations[i];
        char *msg = NULL;
        char set_version[64];
        int broken = 0;
        if (m->number <= current)
            continue;
        if (xsnprintf(set_version, sizeof(set_version), "PRAGMA user_version=%d", m->number))
            return ERR_INTERNAL;
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db, "PRAGMA foreign_key_check", count_rows, &broken, &msg) != SQLITE_OK ||
            (broken && !(msg = sqlite3_mprintf("%d broken references", broken))) || broken ||
            sqlite3_exec(db, set_version, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            char what[96];
            snprintf(what, sizeof(what), "migration %s", m->name);
            if (broken)
                rc = why_set(why, ERR_DB, "database '%s': migration %s failed: %s", path, m->name,
                             msg ? msg : "broken references");
            else
                rc = store_db_fail(db, why, what);
            sqlite3_free(msg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
    if (sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK && !rc)
        rc = why_set(why, ERR_DB, "database '%s': %s", path, sqlite3_errmsg(db));
    return rc;
}
