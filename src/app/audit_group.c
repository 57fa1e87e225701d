/*
 * audit_group.c - group commit of read-audit rows (QUALITY.md P-4). A read's audit row must be
 * durable before the data leaves (S-10); one fsync per page view bounds the server at the disk's
 * sync rate. So the rows of concurrent requests are written in one transaction: the first
 * request to find no writer at work becomes the writer and commits every row queued so far; the
 * others wait for it. Each request still returns only after its own row is durable, and fails
 * (shows nothing) if that commit fails.
 * Writes do not come here: their audit row goes in the transaction of the change itself.
 */
#include <pthread.h>

#include "app/internal.h"

struct waiter {
    struct audit_entry e; /* strings owned by the waiting caller, valid while it waits */
    enum err rc;
    bool done;
    struct waiter *next;
};

#ifndef BENCH_AUDIT_NONE
#ifndef BENCH_AUDIT_SINGLE
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct waiter *head, **tail = &head;
static bool writing;
#endif

static enum err
write_batch(struct store *st, struct waiter *batch)
{
    enum err rc = store_begin(st, NULL);
    for (struct waiter *w = batch; !rc && w; w = w->next)
        rc = store_audit_append(st, &w->e, NULL);
    if (!rc)
        rc = store_commit(st, NULL);
    if (rc)
        store_rollback(st);
    return rc;
}

#ifndef BENCH_AUDIT_SINGLE
/* Queue w and return when a commit (this thread's or another's) has carried it. */
static void
group_commit(struct store *st, struct waiter *w)
{
    pthread_mutex_lock(&mu);
    *tail = w;
    tail = &w->next;
    while (!w->done) {
        if (writing) {
            pthread_cond_wait(&cv, &mu);
            continue;
        }
        writing = true;
        struct waiter *batch = head;
        head = NULL;
        tail = &head;
        pthread_mutex_unlock(&mu);
        enum err rc = write_batch(st, batch);
        pthread_mutex_lock(&mu);
        for (struct waiter *b = batch, *next; b; b = next) {
            next = b->next; /* before done: a finished waiter's frame goes away */
            b->rc = rc;
            b->done = true;
        }
        writing = false;
        pthread_cond_broadcast(&cv);
    }
    pthread_mutex_unlock(&mu);
}
#endif
#endif

enum err
audit_read(struct app *app, const char *action, const struct record_desc *d, int64_t id,
           int64_t child, const char *detail, struct strbuf *why)
{
    char at[DATETIME_BUF];
#ifdef BENCH_AUDIT_NONE
    /* A benchmark build (meson -Dbench_audit=none): the reference without read audit. */
    (void)action, (void)d, (void)id, (void)child, (void)detail, (void)why, (void)at, (void)app;
    return OK;
#else
    datetime_format(app->now(), at);
    struct waiter w = { { at, app->actor, action, d ? d->name : NULL, id, child, detail,
                          app->request_id },
                        OK,
                        false,
                        NULL };
#ifdef BENCH_AUDIT_SINGLE
    /* A benchmark build (meson -Dbench_audit=single): one commit per read, as before P-4. */
    w.rc = write_batch(app->store, &w);
#else
    group_commit(app->store, &w);
#endif
    if (w.rc)
        return why_set(why, w.rc, "audit: the access could not be logged, so nothing is shown");
    return OK;
#endif
}
