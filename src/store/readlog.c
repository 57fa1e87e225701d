/*
 * readlog.c - the read log: read-audit rows made durable in a file beside the database and put
 * into the audit chain in batches (store.h has the why).
 *
 * A record, integers little-endian:
 *   u32 length of what follows | u64 number | u32 key id | i64 record id | i64 child id |
 *   six texts (at, actor, action, record type, detail, request id), each u32 length
 *   (0xffffffff: NULL) and its bytes | 32-byte MAC
 * The MAC is the keyed BLAKE2b-256 (the key id's audit subkey) of the number and the row's
 * columns, written as the chain writes them. Numbers follow one another without a gap.
 *
 * The file is allocated ahead (READLOG_ALLOC) and written from its start again after every
 * store_readlog_reset, so that a batch's fdatasync need not write the file's size as well: on
 * this kind of disk that is a tenth of the page's CPU time. The log therefore ends at the first
 * record that is not whole, does not verify, or does not follow the one before: zeros never
 * written, a record cut short or not yet on the disk at a crash (never durable, so its page never
 * left), or a record from before the last reset (already in the chain). A changed record ends it
 * too: what follows is lost, as if the file had been cut there, but no changed row reaches the
 * chain. A gap before the first record the chain does not have is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/date.h"
#include "store/store_internal.h"

#define READLOG_SUFFIX     "-readlog"
#define READLOG_NULL       0xffffffffu
#define READLOG_MAX_RECORD (16u << 20) /* a list's row names its children: tens of KB */
#define READLOG_MAX_FILE   ((off_t)1 << 30)
#define READLOG_ALLOC      ((off_t)4 << 20) /* a few hundred batches */
#define READLOG_FIXED      (8 + 4 + 8 + 8)  /* number, key id, record id, child id */
#define READLOG_TEXTS      6

struct readlog {
    struct store *st;
    int fd;
    int64_t seq; /* the number of the last record written */
    off_t off;   /* where the next record goes */
    unsigned char *buf;
    size_t cap;
};

static char *
log_path(const struct store *st)
{
    const char *db = store_path(st);
    size_t n = strlen(db);
    char *p = xmalloc(n + sizeof(READLOG_SUFFIX));
    memcpy(p, db, n);
    memcpy(p + n, READLOG_SUFFIX, sizeof(READLOG_SUFFIX));
    return p;
}

/* n bytes of v at p, little-endian; and back. */
static void
put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static const char **
entry_text(struct audit_entry *e, int i)
{
    const char **t[READLOG_TEXTS] = { &e->at,          &e->actor,  &e->action,
                                      &e->record_type, &e->detail, &e->request_id };
    return t[i];
}

/*
 * Decode the record body p[0..len) (after its length) into e, its strings copied, with their
 * terminating NULs, into text (room for len bytes). False if it is malformed or does not verify.
 */
static bool
decode(const struct keyring *ring, const unsigned char *p, size_t len, char *text,
       struct audit_entry *e, int64_t *seq)
{
    if (len < READLOG_FIXED + 4 * READLOG_TEXTS + CRYPTO_HASH_BYTES)
        return false;
    const unsigned char *end = p + len - CRYPTO_HASH_BYTES;
    *seq = (int64_t)get_le(p, 8);
    int key_id = (int)(uint32_t)get_le(p + 8, 4);
    memset(e, 0, sizeof(*e));
    e->record_id = (int64_t)get_le(p + 12, 8);
    e->child_id = (int64_t)get_le(p + 20, 8);
    p += READLOG_FIXED;
    for (int i = 0; i < READLOG_TEXTS; i++) {
        if (end - p < 4)
            return false;
        uint32_t n = (uint32_t)get_le(p, 4);
        p += 4;
        if (n == READLOG_NULL)
            continue;
        if ((size_t)(end - p) < n || memchr(p, '\0', n))
            return false;
        memcpy(text, p, n);
        text[n] = '\0';
        *entry_text(e, i) = text;
        text += n + 1;
        p += n;
    }
    unsigned char mac[CRYPTO_HASH_BYTES];
    return p == end && e->at && e->actor && e->action && *seq > 0 &&
           store_audit_mac(ring, key_id, NULL, *seq, e, mac) &&
           crypto_bytes_equal(mac, end, CRYPTO_HASH_BYTES);
}

/* Put the records of the open log fd with numbers above the chain's mark into the chain, in one
 * transaction, and empty the file; *last gets the number of the last record in the chain now. */
static enum err
recover(struct store *st, int fd, const char *path, int64_t *last, struct strbuf *why)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return why_set(why, ERR_IO, "read log '%s': %s", path, strerror(errno));
    if (sb.st_size > READLOG_MAX_FILE)
        return why_set(why, ERR_DB, "read log '%s': %lld bytes, more than a log can hold", path,
                       (long long)sb.st_size);
    int64_t upto;
    enum err rc = store_readlog_upto(st, &upto, why);
    *last = upto;
    if (rc || sb.st_size == 0)
        return rc;
    size_t size = (size_t)sb.st_size;
    unsigned char *data = xmalloc(size);
    char *text = xmalloc(size);
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, data + got, size - got, (off_t)got);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            rc = why_set(why, ERR_IO, "read log '%s': %s", path, n ? strerror(errno) : "cut short");
            break;
        }
        got += (size_t)n;
    }
    bool began = false;
    int64_t prev = -1, taken = 0;
    size_t end_at = size;
    for (size_t pos = 0; !rc && pos < size;) {
        size_t len = size - pos >= 4 ? (uint32_t)get_le(data + pos, 4) : 0;
        struct audit_entry e;
        int64_t seq;
        if (len == 0 || len > READLOG_MAX_RECORD || len > size - pos - 4 ||
            !decode(store_keyring(st), data + pos + 4, len, text, &e, &seq) ||
            (prev >= 0 && seq != prev + 1)) {
            end_at = pos; /* the end of the log (see the top of this file) */
            break;
        }
        if (seq > upto && seq != *last + 1)
            rc = why_set(why, ERR_DB, "read log '%s': records %lld to %lld are missing", path,
                         (long long)*last + 1, (long long)seq - 1);
        else if (seq > upto) {
            if (!began)
                rc = store_begin(st, why);
            began = !rc;
            if (!rc)
                rc = store_audit_append(st, &e, why);
            *last = seq;
            taken++;
        }
        prev = seq;
        pos += 4 + len;
    }
    /* Whole records that verify past where the log ended were acknowledged but cannot follow
     * a damaged one into the chain: say so, in the chain itself. */
    int64_t lost_from = 0, lost_to = 0, lost = 0;
    for (size_t pos = end_at; !rc && pos + 4 < size;) {
        size_t len = (uint32_t)get_le(data + pos, 4);
        struct audit_entry e;
        int64_t seq;
        if (len == 0 || len > READLOG_MAX_RECORD || len > size - pos - 4)
            break;
        if (decode(store_keyring(st), data + pos + 4, len, text, &e, &seq) && seq > *last) {
            lost_from = lost ? lost_from : seq;
            lost_to = seq;
            lost++;
        }
        pos += 4 + len;
    }
    if (!rc && lost) {
        char at[DATETIME_BUF], detail[160];
        datetime_format((int64_t)time(NULL), at);
        snprintf(detail, sizeof(detail),
                 "%lld read-audit records (%lld-%lld) after a damaged one could not be put into "
                 "the chain",
                 (long long)lost, (long long)lost_from, (long long)lost_to);
        LOG(LOG_WARN, "read log '%s': %s", path, detail);
        struct audit_entry e = { at, "system", "readlog_dropped", NULL, 0, 0, detail, NULL };
        if (!began)
            rc = store_begin(st, why);
        began = !rc;
        if (!rc)
            rc = store_audit_append(st, &e, why);
    }
    if (!rc && began)
        rc = store_readlog_set_upto(st, *last, why);
    if (!rc && began)
        rc = store_commit(st, why);
    if (rc && began)
        store_rollback(st);
    free(data);
    free(text);
    if (rc)
        return rc;
    if (taken)
        LOG(LOG_INFO, "read log: %lld rows a previous run left put into the audit chain",
            (long long)taken);
    if (ftruncate(fd, 0) != 0)
        return why_set(why, ERR_IO, "read log '%s': %s", path, strerror(errno));
    return OK;
}

/* Open (creating) and lock the log; ERR_CONFLICT if another process holds it. */
static enum err
open_locked(const char *path, int *fd, struct strbuf *why)
{
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0)
        return why_set(why, ERR_IO, "read log '%s': %s", path, strerror(errno));
    while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        enum err rc =
            errno == EWOULDBLOCK
                ? why_set(why, ERR_CONFLICT, "read log '%s': held by another process", path)
                : why_set(why, ERR_IO, "read log '%s': %s", path, strerror(errno));
        close(*fd);
        *fd = -1;
        return rc;
    }
    return OK;
}

enum err
store_readlog_open(struct store *st, struct readlog **out, struct strbuf *why)
{
    char *path = log_path(st);
    int fd;
    int64_t last = 0;
    enum err rc = open_locked(path, &fd, why);
    if (!rc)
        rc = recover(st, fd, path, &last, why);
    free(path);
    if (rc) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    /* Zeros up front: a log that was never written to ends at once. */
    int e = posix_fallocate(fd, 0, READLOG_ALLOC);
    if (e == 0 && fdatasync(fd) != 0)
        e = errno;
    if (e) {
        close(fd);
        return why_set(why, ERR_IO, "read log: %s", strerror(e));
    }
    struct readlog *l = xcalloc(1, sizeof(*l));
    l->st = st;
    l->fd = fd;
    l->seq = last;
    *out = l;
    return OK;
}

void
store_readlog_close(struct readlog *l)
{
    if (!l)
        return;
    /* Emptied when everything logged is in the chain (the server stopped cleanly). */
    if (l->off == 0 && ftruncate(l->fd, 0) != 0)
        LOG(LOG_WARN, "read log: cannot empty the file: %s", strerror(errno));
    close(l->fd);
    free(l->buf);
    free(l);
}

static unsigned char *
room(struct readlog *l, size_t used, size_t more)
{
    if (more > l->cap - used) {
        size_t cap = l->cap ? l->cap : 4096;
        while (more > cap - used)
            cap *= 2;
        l->buf = xrealloc(l->buf, cap);
        l->cap = cap;
    }
    return l->buf + used;
}

enum err
store_readlog_append(struct readlog *l, const struct audit_entry *const *rows, size_t n,
                     struct strbuf *why)
{
    int key_id;
    const struct keyring *ring = store_keyring(l->st);
    if (!ring || !keyring_current(ring, &key_id))
        return why_set(why, ERR_INTERNAL, "read log: no key to seal the rows with");
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        struct audit_entry e = *rows[i];
        size_t len = READLOG_FIXED + CRYPTO_HASH_BYTES;
        for (int t = 0; t < READLOG_TEXTS; t++) {
            const char *s = *entry_text(&e, t);
            len += 4 + (s ? strlen(s) : 0);
        }
        if (len > READLOG_MAX_RECORD)
            return why_set(why, ERR_TOO_LARGE, "read log: a row of %zu bytes", len);
        int64_t seq = l->seq + 1 + (int64_t)i;
        unsigned char *p = room(l, used, 4 + len);
        put_le(p, (uint32_t)len, 4);
        put_le(p + 4, (uint64_t)seq, 8);
        put_le(p + 12, (uint32_t)key_id, 4);
        put_le(p + 16, (uint64_t)e.record_id, 8);
        put_le(p + 24, (uint64_t)e.child_id, 8);
        p += 4 + READLOG_FIXED;
        for (int t = 0; t < READLOG_TEXTS; t++) {
            const char *s = *entry_text(&e, t);
            size_t k = s ? strlen(s) : 0;
            put_le(p, s ? (uint32_t)k : READLOG_NULL, 4);
            if (k)
                memcpy(p + 4, s, k);
            p += 4 + k;
        }
        if (!store_audit_mac(ring, key_id, NULL, seq, &e, p))
            BUG("read log: the current key is not in the key ring");
        used += 4 + len;
    }
    /* Numbered even if what follows fails: a later store_readlog_mark covers them, so a record
     * that reached the file anyway is not put into the chain twice. */
    l->seq += (int64_t)n;
    for (size_t done = 0; done < used;) {
        ssize_t w = pwrite(l->fd, l->buf + done, used - done, l->off + (off_t)done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return why_set(why, ERR_IO, "read log: %s", w ? strerror(errno) : "nothing written");
        done += (size_t)w;
    }
    l->off += (off_t)used;
    if (fdatasync(l->fd) != 0)
        return why_set(why, ERR_IO, "read log: %s", strerror(errno));
    return OK;
}

enum err
store_readlog_mark(struct readlog *l, struct strbuf *why)
{
    return store_readlog_set_upto(l->st, l->seq, why);
}

void
store_readlog_reset(struct readlog *l)
{
    /* The next batch overwrites the records the chain now holds; until it does, the next open
     * skips them by their number. */
    l->off = 0;
}

enum err
store_readlog_recover(struct store *st, struct strbuf *why)
{
    char *path = log_path(st);
    struct stat sb;
    enum err rc = OK;
    int fd = -1;
    int64_t last;
    if (stat(path, &sb) == 0 && sb.st_size > 0) {
        rc = open_locked(path, &fd, why);
        if (rc == ERR_CONFLICT) /* a running server holds it and puts its rows in */
            rc = OK;
        else if (!rc)
            rc = recover(st, fd, path, &last, why);
    }
    if (fd >= 0)
        close(fd);
    free(path);
    return rc;
}

enum err
store_readlog_copy(const struct store *st, const char *to_db, struct strbuf *why)
{
    char *from = log_path(st);
    size_t n = strlen(to_db);
    char *to = xmalloc(n + sizeof(READLOG_SUFFIX));
    memcpy(to, to_db, n);
    memcpy(to + n, READLOG_SUFFIX, sizeof(READLOG_SUFFIX));
    enum err rc = OK;
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = -1;
    if (in < 0) {
        if (errno != ENOENT)
            rc = why_set(why, ERR_IO, "read log: %s", strerror(errno));
        goto done;
    }
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        rc = why_set(why, ERR_IO, "read log copy: %s", strerror(errno));
        goto done;
    }
    /* The records a batch has not yet put into the chain; a record being written as it is read
     * is cut short, and the copy's recovery ends there (it was not acknowledged yet). */
    unsigned char buf[65536];
    off_t off = 0;
    for (;;) {
        ssize_t r = pread(in, buf, sizeof(buf), off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = why_set(why, ERR_IO, "read log: %s", strerror(errno));
            break;
        }
        if (r == 0)
            break;
        if (write(out, buf, (size_t)r) != r) {
            rc = why_set(why, ERR_IO, "read log copy: %s", strerror(errno));
            break;
        }
        off += r;
        if (off > READLOG_MAX_FILE)
            break;
    }
done:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && !rc)
        rc = why_set(why, ERR_IO, "read log copy: %s", strerror(errno));
    free(from);
    free(to);
    return rc;
}
