/*
 * store_internal.h - what the store's own files share and nothing above the store sees.
 */
#ifndef TRAPPE_STORE_INTERNAL_H
#define TRAPPE_STORE_INTERNAL_H

#include "core/crypto.h"
#include "store/store.h"

struct keyring;

/* The connection, for the store's own files (strategy.c, readlog.c). */
struct sqlite3;
struct sqlite3 *store_db(struct store *st);
const struct keyring *store_keyring(const struct store *st);

/*
 * The error of a failed SQLite call on db, named by its cause: ERR_FULL (disk full), ERR_BUSY
 * (locked past the timeout), ERR_READONLY (file or directory not writable), else ERR_DB. A fault
 * of the machine (these, and I/O errors or damage) is also logged with its cause; what names the
 * statement or step, never a value.
 */
enum err store_db_fail(struct sqlite3 *db, struct strbuf *why, const char *what);

/* The keyed hash of audit row e numbered id under key_id, chained to prev (or NULL); false if
 * the key ring has no such key. */
bool store_audit_mac(const struct keyring *ring, int key_id, const unsigned char *prev, int64_t id,
                     const struct audit_entry *e, unsigned char out[static CRYPTO_HASH_BYTES]);

/* The number of the last read-log record in the audit chain (readlog.c), and setting it inside
 * the caller's write transaction. */
enum err store_readlog_upto(struct store *st, int64_t *upto, struct strbuf *why) WUR;
enum err store_readlog_set_upto(struct store *st, int64_t upto, struct strbuf *why) WUR;

/* Count this transaction as one that changed a record the figures read (once per transaction). */
enum err store_figure_bump(struct store *st, struct strbuf *why) WUR;

#endif
