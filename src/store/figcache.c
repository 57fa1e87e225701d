/*
 * figcache.c - the leaders' figures of a calendar year kept in parts (migration 0015). The parts
 * are opaque here: what they hold and how they add up is domain/figures.c's; when they are current
 * is app/figures.c's. Statements are prepared per call: a reader folds one year's parts, a write
 * changes a few rows.
 * Must not: decide whether a year is current (the caller compares versions and digests).
 */
#include <sqlite3.h>
#include <string.h>

#include "store/store_internal.h"

static enum err
fail(struct store *st, struct strbuf *why, const char *what)
{
    return store_db_fail(store_db(st), why, what);
}

static enum err
run(struct store *st, sqlite3_stmt *s, const char *what, struct strbuf *why)
{
    int code = sqlite3_step(s);
    sqlite3_finalize(s);
    return code == SQLITE_DONE ? OK : fail(st, why, what);
}

enum err
store_figure_version(struct store *st, int64_t *version, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st), "SELECT version FROM figure_state WHERE id=1", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why, "version");
    int code = sqlite3_step(s);
    *version = code == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return code == SQLITE_ROW ? OK : fail(st, why, "version");
}

enum err
store_figure_bump(struct store *st, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st), "UPDATE figure_state SET version=version+1 WHERE id=1", -1,
                           &s, NULL) != SQLITE_OK)
        return fail(st, why, "version");
    return run(st, s, "version", why);
}

enum err
store_figure_years(struct store *st, store_figure_year_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT year, version, digest FROM figure_year ORDER BY year", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why, "years");
    int code;
    enum err rc = OK;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW)
        rc = fn(ctx, sqlite3_column_int(s, 0), sqlite3_column_int64(s, 1),
                (const char *)sqlite3_column_text(s, 2));
    sqlite3_finalize(s);
    if (rc)
        return rc;
    return code == SQLITE_DONE ? OK : fail(st, why, "years");
}

enum err
store_figure_parts(struct store *st, int year, int family, store_figure_part_fn fn, void *ctx,
                   struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT key, part FROM figure_part WHERE year=?1 AND family=?2", -1, &s,
                           NULL) != SQLITE_OK)
        return fail(st, why, "parts");
    sqlite3_bind_int(s, 1, year);
    sqlite3_bind_int(s, 2, family);
    int code;
    enum err rc = OK;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(s, 0), sqlite3_column_blob(s, 1),
                (size_t)sqlite3_column_bytes(s, 1));
    sqlite3_finalize(s);
    if (rc)
        return rc;
    return code == SQLITE_DONE ? OK : fail(st, why, "parts");
}

enum err
store_figure_part_get(struct store *st, int year, int family, const char *key, struct strbuf *out,
                      bool *found, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT part FROM figure_part WHERE year=?1 AND family=?2 AND key=?3",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "part");
    sqlite3_bind_int(s, 1, year);
    sqlite3_bind_int(s, 2, family);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
    strbuf_reset(out);
    int code = sqlite3_step(s);
    *found = code == SQLITE_ROW;
    if (*found)
        strbuf_add(out, sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0));
    sqlite3_finalize(s);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return fail(st, why, "part");
    return strbuf_error(out);
}

enum err
store_figure_part_put(struct store *st, int year, int family, const char *key, const void *part,
                      size_t len, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    const char *sql = part ? "INSERT OR REPLACE INTO figure_part(year,family,key,part) "
                             "VALUES(?1,?2,?3,?4)"
                           : "DELETE FROM figure_part WHERE year=?1 AND family=?2 AND key=?3";
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "part");
    sqlite3_bind_int(s, 1, year);
    sqlite3_bind_int(s, 2, family);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
    if (part)
        sqlite3_bind_blob(s, 4, len ? part : "", (int)len, SQLITE_STATIC);
    return run(st, s, "part", why);
}

enum err
store_figure_year_clear(struct store *st, int year, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st), "DELETE FROM figure_part WHERE year=?1", -1, &s, NULL) !=
        SQLITE_OK)
        return fail(st, why, "clear");
    sqlite3_bind_int(s, 1, year);
    enum err rc = run(st, s, "clear", why);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(store_db(st), "DELETE FROM figure_year WHERE year=?1", -1, &s, NULL) !=
        SQLITE_OK)
        return fail(st, why, "clear");
    sqlite3_bind_int(s, 1, year);
    return run(st, s, "clear", why);
}

enum err
store_figure_year_set(struct store *st, int year, int64_t version, const char *digest,
                      struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "INSERT OR REPLACE INTO figure_year(year,version,digest) "
                           "VALUES(?1,?2,?3)",
                           -1, &s, NULL) != SQLITE_OK)
        return fail(st, why, "year");
    sqlite3_bind_int(s, 1, year);
    sqlite3_bind_int64(s, 2, version);
    sqlite3_bind_text(s, 3, digest, -1, SQLITE_STATIC);
    return run(st, s, "year", why);
}
