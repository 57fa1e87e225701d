/*
 * migrate.h - applies the embedded sql/sqlite/NNNN_*.sql migrations (store/ internal).
 */
#ifndef TRAPPE_STORE_MIGRATE_H
#define TRAPPE_STORE_MIGRATE_H

#include <sqlite3.h>

#include "core/strbuf.h"

/* Apply every migration newer than PRAGMA user_version, each in its own transaction. */
enum err store_migrate(sqlite3 *db, const char *path, struct strbuf *why) WUR;
int store_user_version(sqlite3 *db);
int store_migrations_latest(void);

#endif
