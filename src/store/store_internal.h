/*
 * store_internal.h - what the store's own files share and nothing above the store sees.
 */
#ifndef TRAPPE_STORE_INTERNAL_H
#define TRAPPE_STORE_INTERNAL_H

#include "store/store.h"

struct keyring;

const char *store_path(const struct store *st);
const struct keyring *store_keyring(const struct store *st);

/* The number of the last read-log record in the audit chain (readlog.c), and setting it inside
 * the caller's write transaction. */
enum err store_readlog_upto(struct store *st, int64_t *upto, struct strbuf *why) WUR;
enum err store_readlog_set_upto(struct store *st, int64_t upto, struct strbuf *why) WUR;

#endif
