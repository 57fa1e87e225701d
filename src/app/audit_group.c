/*
 * audit_group.c - group commit of read-audit rows (QUALITY.md P-4). A read's audit row must be
 * durable before the data leaves (S-10, R-03); one fsync per page view bounds the server at the
 * disk's sync rate. So the rows of concurrent requests are written in one transaction.
 *
 * Two ways, one rule (nothing read leaves before its row is durable; if the commit fails, the
 * reader gets an error and nothing else):
 * - Waiting (the CLI, tests): the first request to find no writer at work becomes the writer and
 *   commits every row queued so far; the others wait for it.
 * - Deferred (the web server, app_audit_defer_start): a thread of its own, on a connection of its
 *   own, commits whatever is queued whenever it is free. audit_read queues a copy of the row and
 *   returns at once with a ticket; the server keeps the finished response and its connection
 *   aside, frees the worker thread for other requests, and sends the response only when the
 *   ticket is durable (http.h: hold). Worker threads never sleep on a disk sync.
 * Writes do not come here: their audit row goes in the transaction of the change itself.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "core/log.h"

struct waiter {
    struct audit_entry e; /* strings owned by the waiting caller, valid while it waits */
    enum err rc;
    bool done;
    struct waiter *next;
};

#ifndef BENCH_AUDIT_NONE
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
#endif

#if !defined(BENCH_AUDIT_NONE) && !defined(BENCH_AUDIT_SINGLE)
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct waiter *head, **tail = &head;
static bool writing;

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

/*
 * The deferred queue. Tickets are numbered in queueing order; every ticket up to decided has been
 * made durable or has failed. Of the failures only the latest batch is remembered
 * (fail_lo..fail_hi): a ticket at or below decided is durable if it is above fail_hi, failed if
 * within, and, older than the latest failure, taken as failed (it may have been in an earlier
 * failed batch; its response was almost surely sent long ago, and the error is the safe side).
 *
 * Durable means in the audit chain, or in the read log (store.h) and kept in staged until the
 * chain takes it. A commit to the database empties every reader's page cache, so while the chain
 * took rows less than an interval (AUDIT_CHAIN_MS) ago, a batch of several rows (concurrent
 * readers: one reader at a time never waits here), or any batch while rows wait in the log, goes
 * to the log, and the chain takes the log's rows once an interval has passed, together with the
 * batch in hand, and when the committer stops.
 */
#define AUDIT_CHAIN_MS 10 /* app_options.chain_ms 0 */

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct waiter *head, **tail;    /* queued rows (heap copies), oldest first */
    struct waiter *writing;         /* the batch being made durable, for audit_pending */
    struct waiter *staged, **stail; /* in the read log, not yet in the chain, oldest first */
    size_t nstaged;
    uint64_t queued, decided, fail_lo, fail_hi;
    bool running, stop;
    pthread_t thread;
    struct app app;      /* the committer's own connection */
    struct readlog *log; /* NULL: every batch goes into the chain at once */
    bool unmarked;       /* the log has records the chain's mark does not cover */
    int64_t chained;     /* CLOCK_MONOTONIC ns when the chain last took rows (or tried to) */
    int64_t interval;    /* ns between the chain's takings while batches go to the log */
    void (*notify)(void);
} dq = { .mu = PTHREAD_MUTEX_INITIALIZER,
         .cv = PTHREAD_COND_INITIALIZER,
         .tail = &dq.head,
         .stail = &dq.staged };

static void
free_rows(struct waiter *w)
{
    for (struct waiter *next; w; w = next) {
        next = w->next;
        free(w);
    }
}

static int64_t
mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Wait (dq.mu held) until a row is queued, the committer is told to stop, or the staged rows are
 * due in the chain. */
static void
wait_for_work(void)
{
    while (!dq.head && !dq.stop) {
        if (!dq.staged) {
            pthread_cond_wait(&dq.cv, &dq.mu);
            continue;
        }
        int64_t left = dq.chained + dq.interval - mono_ns();
        if (left <= 0)
            return;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until); /* the condition variable's clock */
        until.tv_nsec += (long)left;
        until.tv_sec += until.tv_nsec / 1000000000;
        until.tv_nsec %= 1000000000;
        pthread_cond_timedwait(&dq.cv, &dq.mu, &until);
    }
}

/* The staged rows (if any) and then batch into the chain, in one transaction; the log is marked
 * as taken in the same transaction and emptied after it. */
static enum err
write_chain(struct waiter *staged, struct waiter *batch)
{
    struct store *st = dq.app.store;
    enum err rc = store_begin(st, NULL);
    for (struct waiter *w = staged; !rc && w; w = w->next)
        rc = store_audit_append(st, &w->e, NULL);
    if (!rc && dq.unmarked)
        rc = store_readlog_mark(dq.log, NULL);
    for (struct waiter *w = batch; !rc && w; w = w->next)
        rc = store_audit_append(st, &w->e, NULL);
    if (!rc)
        rc = store_commit(st, NULL);
    dq.chained = mono_ns(); /* also after a failure: the next try waits its turn */
    if (rc) {
        store_rollback(st);
        return rc;
    }
    if (dq.unmarked)
        store_readlog_reset(dq.log);
    dq.unmarked = false;
    return OK;
}

/* Batch into the read log; false if it went wrong (then the chain takes the batch instead). */
static bool
write_log(struct waiter *batch)
{
    size_t n = 0;
    for (struct waiter *w = batch; w; w = w->next)
        n++;
    const struct audit_entry **rows = xmalloc(n * sizeof(*rows));
    n = 0;
    for (struct waiter *w = batch; w; w = w->next)
        rows[n++] = &w->e;
    struct strbuf why = STRBUF_INIT;
    dq.unmarked = true; /* even if it fails: some records may have reached the file */
    enum err rc = store_readlog_append(dq.log, rows, n, &why);
    free(rows);
    if (rc)
        LOG(LOG_ERROR, "audit: %s; the rows go into the chain at once", strbuf_str(&why));
    strbuf_release(&why);
    return !rc;
}

static void *
committer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&dq.mu);
    for (;;) {
        wait_for_work();
        if (!dq.head && !dq.staged)
            break; /* told to stop, and everything is in the chain */
        struct waiter *batch = dq.head, *staged = dq.staged;
        uint64_t lo = dq.decided + 1, hi = dq.queued;
        bool stop = dq.stop;
        dq.head = NULL;
        dq.tail = &dq.head;
        dq.writing = batch;
        pthread_mutex_unlock(&dq.mu);

        bool recent = mono_ns() - dq.chained < dq.interval;
        /* Under load: a batch of several rows, or any batch while rows wait in the log. */
        bool logged =
            dq.log && batch && (batch->next || staged) && recent && !stop && write_log(batch);
        enum err rc = OK;
        bool chained = false;
        if (!logged && (batch || !recent || stop)) {
            rc = write_chain(staged, batch);
            chained = !rc;
            if (rc && batch)
                LOG(LOG_ERROR,
                    "audit: %llu read rows could not be committed; their pages are "
                    "refused",
                    (unsigned long long)(hi - lo + 1));
            else if (rc)
                LOG(LOG_ERROR, "audit: %zu logged read rows could not be put into the chain yet",
                    dq.nstaged);
        }

        pthread_mutex_lock(&dq.mu);
        dq.writing = NULL;
        if (batch) {
            dq.decided = hi;
            if (rc) {
                dq.fail_lo = lo;
                dq.fail_hi = hi;
            }
        }
        if (logged) {
            *dq.stail = batch;
            while (*dq.stail) {
                dq.stail = &(*dq.stail)->next;
                dq.nstaged++;
            }
            batch = NULL;
        }
        struct waiter *done = NULL;
        if (chained && staged) {
            /* Rows staged while this thread wrote were not in the transaction: none can be,
             * only this thread stages. */
            done = dq.staged;
            dq.staged = NULL;
            dq.stail = &dq.staged;
            dq.nstaged = 0;
        }
        pthread_mutex_unlock(&dq.mu);
        free_rows(done);
        free_rows(batch);
        if (lo <= hi)
            dq.notify();
        pthread_mutex_lock(&dq.mu);
        if (stop && rc && !dq.head)
            break; /* the staged rows stay in the log for the next open */
    }
    pthread_mutex_unlock(&dq.mu);
    return NULL;
}

/* Copy e to the heap and queue it for the committer; the ticket it got, or 0 (nothing queued)
 * if the committer is not running. */
static uint64_t
defer(const struct audit_entry *e)
{
    const char *s[] = { e->at, e->actor, e->action, e->record_type, e->detail, e->request_id };
    size_t len[ARRAY_SIZE(s)], total = 0;
    for (size_t i = 0; i < ARRAY_SIZE(s); i++)
        total += len[i] = s[i] ? strlen(s[i]) + 1 : 0;
    struct waiter *w = xcalloc(1, sizeof(*w) + total);
    char *p = (char *)(w + 1);
    const char **to[] = { &w->e.at,          &w->e.actor,  &w->e.action,
                          &w->e.record_type, &w->e.detail, &w->e.request_id };
    for (size_t i = 0; i < ARRAY_SIZE(s); i++) {
        if (!s[i])
            continue;
        memcpy(p, s[i], len[i]);
        *to[i] = p;
        p += len[i];
    }
    w->e.record_id = e->record_id;
    w->e.child_id = e->child_id;
    uint64_t ticket = 0;
    pthread_mutex_lock(&dq.mu);
    if (dq.running) {
        ticket = ++dq.queued;
        *dq.tail = w;
        dq.tail = &w->next;
        pthread_cond_signal(&dq.cv);
    }
    pthread_mutex_unlock(&dq.mu);
    if (!ticket)
        free(w);
    return ticket;
}
#endif

enum err
app_audit_defer_start(const struct app_options *opt, void (*notify)(void), struct strbuf *why)
{
#if defined(BENCH_AUDIT_NONE) || defined(BENCH_AUDIT_SINGLE)
    /* The benchmark references measure their own way of auditing reads, not this one. */
    (void)opt, (void)notify, (void)why;
    return OK;
#else
    if (dq.running)
        BUG("app_audit_defer_start: already running");
    enum err rc = app_open(&dq.app, opt, why);
    if (rc)
        return rc;
    dq.notify = notify;
    dq.stop = false;
    dq.chained = 0;
    dq.unmarked = false;
    dq.interval = (int64_t)(opt->chain_ms ? opt->chain_ms : AUDIT_CHAIN_MS) * 1000000;
    struct strbuf lwhy = STRBUF_INIT;
    rc = store_readlog_open(dq.app.store, &dq.log, &lwhy);
    if (rc == ERR_CONFLICT) { /* another server on the same file: straight into the chain */
        LOG(LOG_WARN, "audit: %s; read rows go into the chain one batch at a time",
            strbuf_str(&lwhy));
        dq.log = NULL;
        rc = OK;
    }
    if (rc)
        why_set(why, rc, "%s", strbuf_str(&lwhy));
    strbuf_release(&lwhy);
    if (rc) {
        app_close(&dq.app);
        return rc;
    }
    if (pthread_create(&dq.thread, NULL, committer, NULL) != 0) {
        store_readlog_close(dq.log);
        dq.log = NULL;
        app_close(&dq.app);
        return why_set(why, ERR_IO, "audit: cannot start the thread that commits read rows");
    }
    pthread_mutex_lock(&dq.mu);
    dq.running = true;
    pthread_mutex_unlock(&dq.mu);
    return OK;
#endif
}

void
app_audit_defer_stop(void)
{
#if !defined(BENCH_AUDIT_NONE) && !defined(BENCH_AUDIT_SINGLE)
    pthread_mutex_lock(&dq.mu);
    bool running = dq.running;
    dq.running = false; /* from now on, reads wait for their own commit */
    dq.stop = true;
    pthread_cond_signal(&dq.cv);
    pthread_mutex_unlock(&dq.mu);
    if (!running)
        return;
    pthread_join(dq.thread, NULL); /* it commits what is queued and logged first */
    free_rows(dq.staged); /* only if the chain failed: the log keeps them for the next open */
    dq.staged = NULL;
    dq.stail = &dq.staged;
    dq.nstaged = 0;
    store_readlog_close(dq.log);
    dq.log = NULL;
    app_close(&dq.app);
#endif
}

uint64_t
app_audit_ticket_take(struct app *app)
{
    uint64_t t = app->audit_ticket;
    app->audit_ticket = 0;
    return t;
}

enum audit_state
app_audit_state(uint64_t ticket)
{
#if defined(BENCH_AUDIT_NONE) || defined(BENCH_AUDIT_SINGLE)
    (void)ticket;
    return AUDIT_DURABLE;
#else
    pthread_mutex_lock(&dq.mu);
    enum audit_state s = ticket > dq.decided   ? AUDIT_PENDING
                         : ticket > dq.fail_hi ? AUDIT_DURABLE
                                               : AUDIT_FAILED;
    pthread_mutex_unlock(&dq.mu);
    return s;
#endif
}

int64_t
audit_pending(const char *actor, const char *prefix)
{
    int64_t n = 0;
#if !defined(BENCH_AUDIT_NONE) && !defined(BENCH_AUDIT_SINGLE)
    pthread_mutex_lock(&dq.mu);
    const struct waiter *lists[] = { dq.head, dq.writing, dq.staged };
    for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
        for (const struct waiter *w = lists[i]; w; w = w->next)
            n += strcmp(w->e.actor, actor) == 0 && w->e.detail &&
                 strncmp(w->e.detail, prefix, strlen(prefix)) == 0;
    pthread_mutex_unlock(&dq.mu);
#else
    (void)actor, (void)prefix;
#endif
    return n;
}

bool
audit_committing(void)
{
#if !defined(BENCH_AUDIT_NONE) && !defined(BENCH_AUDIT_SINGLE)
    pthread_mutex_lock(&dq.mu);
    bool w = dq.writing != NULL;
    pthread_mutex_unlock(&dq.mu);
    return w;
#else
    return false;
#endif
}

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
    uint64_t ticket = app->defer_reads ? defer(&w.e) : 0;
    if (ticket) {
        app->audit_ticket = ticket;
        return OK;
    }
    group_commit(app->store, &w);
#endif
    if (w.rc)
        return why_set(why, w.rc, "audit: the access could not be logged, so nothing is shown");
    return OK;
#endif
}
