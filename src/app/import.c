/*
 * import.c - JSON Lines into the database, all or nothing, on two cores. A decoder thread reads
 * lines, decodes them, checks each record's own rules (pure: no database) and seals its personal
 * fields (with the keys only) into batches; the calling thread checks each record against the
 * records it refers to, inserts it and counts it for the audit, in file order, in the one
 * transaction. The first bad line in file order is the one reported, whichever thread found it.
 * Each record's write is audited as one row per child the import touched ("create", the child,
 * "import: records=N"), plus one row for the whole import: the per-child rows are what a
 * data-subject extract shows, and a row per record would double the writes of a bulk load
 * without telling anyone more.
 * Must not: write outside the caller's transaction, or let a record in whose line was not valid.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/internal.h"
#include "json/json.h"

#define BATCH_RECORDS 1024
#define QUEUE_BATCHES 4

struct batch {
    struct arena *a; /* the batch's records live here */
    struct record recs[BATCH_RECORDS];
    struct store_sealed sealed[BATCH_RECORDS]; /* their personal fields, sealed here */
    long lines[BATCH_RECORDS];
    size_t n;
    enum err rc;  /* a line that failed: after the n good records */
    long rc_line; /* its line number */
    struct strbuf msg;
    bool last; /* end of input (or the error) */
    struct batch *next;
};

struct pipe_state {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct batch *full_head, **full_tail; /* decoded, in order */
    struct batch *free_list;
    size_t nfull;
    bool stop; /* the consumer gave up */
    FILE *in;
    const struct config *cfg;
    const struct store *st;          /* only its keys are read, to seal */
    struct store_kpi_shares *shares; /* every good record's key-figure share, or NULL */
};

struct app_import {
    struct app *app;
    struct arena *a; /* lookups of referenced records, reset per record */
    struct strbuf inner;
    size_t done;

    struct child_count {
        int64_t child;
        uint32_t n;
    } * tab; /* open addressing, child 0 = empty */

    size_t tab_cap, tab_used;
    size_t without_child;

    /* The records this import has inserted, as far as the checks of later records that refer to
     * them read them (record_ref_field): a reference is found here instead of read back from the
     * database, which was a quarter of an import's time. Open addressing; key 0 = empty. */
    struct seen {
        uint64_t key; /* record type << 56 | id */
        int64_t child;
        const char *field; /* record_ref_field's value, in keep */
    } * seen;

    size_t seen_cap, seen_used;
    struct arena *keep; /* the seen fields, for the whole import */

    /* The key figures' shares of the records, added and summed on the decoding thread while this
     * one inserts (store_kpi_shares): the decoder of the first stream keeps running after its
     * last batch to sum them, and app_import_end waits for it just before it needs them. */
    struct store_kpi_shares *shares;
    int streams;
    bool shares_ok; /* one stream, read to its end without an error */
    pthread_t decoder;
    bool decoder_live;
};

/* At most this many records are remembered (384 MiB); references past them are read back. */
#define SEEN_MAX (1u << 24)

static uint64_t
seen_key(const struct record_desc *d, int64_t id)
{
    return ((uint64_t)d->type << 56) | ((uint64_t)id & 0x00ffffffffffffffULL);
}

static size_t
seen_slot(const struct seen *tab, size_t cap, uint64_t key)
{
    size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (cap - 1);
    while (tab[j].key && tab[j].key != key)
        j = (j + 1) & (cap - 1);
    return j;
}

static void
remember(struct app_import *im, const struct record *r)
{
    if (r->id <= 0 || (uint64_t)r->id >> 56 || im->seen_used >= SEEN_MAX)
        return;
    if (2 * (im->seen_used + 1) > im->seen_cap) {
        size_t ncap = im->seen_cap ? im->seen_cap * 2 : 4096;
        struct seen *nt = xcalloc(ncap, sizeof(*nt));
        for (size_t i = 0; i < im->seen_cap; i++)
            if (im->seen[i].key)
                nt[seen_slot(nt, ncap, im->seen[i].key)] = im->seen[i];
        free(im->seen);
        im->seen = nt;
        im->seen_cap = ncap;
    }
    uint64_t key = seen_key(r->desc, r->id);
    struct seen *e = &im->seen[seen_slot(im->seen, im->seen_cap, key)];
    if (e->key)
        return; /* cannot happen: the insert of a taken id failed */
    const char *name = record_ref_field(r->desc);
    const char *v = name ? record_get_s(r, name) : NULL;
    *e = (struct seen){ key, child_of(r), v ? arena_strdup(im->keep, v) : NULL };
    im->seen_used++;
}

/* record_lookup for the checks: what this import inserted, else the database. */
static enum err
seen_get(void *ctx, const struct record_desc *d, int64_t id, struct record *out, struct strbuf *why)
{
    struct app_import *im = ctx;
    if (im->seen_cap && id > 0 && !((uint64_t)id >> 56)) {
        const struct seen *e = &im->seen[seen_slot(im->seen, im->seen_cap, seen_key(d, id))];
        if (e->key) {
            memset(out, 0, sizeof(*out));
            out->desc = d;
            out->id = id;
            if (d->child_field >= 0)
                out->v[d->child_field] = (struct value){ true, e->child, NULL };
            const char *name = record_ref_field(d);
            int f = name ? record_field_index(d, name) : -1;
            if (f >= 0 && e->field)
                out->v[f] = (struct value){ true, 0, e->field };
            return OK;
        }
    }
    return store_record_get_ref(im->app->store, d, id, im->a, out, why);
}

static void
count_child(struct app_import *im, int64_t child)
{
    if (child <= 0) {
        im->without_child++;
        return;
    }
    if (2 * (im->tab_used + 1) > im->tab_cap) {
        size_t ncap = im->tab_cap ? im->tab_cap * 2 : 1024;
        struct child_count *nt = xcalloc(ncap, sizeof(*nt));
        for (size_t i = 0; i < im->tab_cap; i++) {
            if (!im->tab[i].child)
                continue;
            size_t j = (size_t)((uint64_t)im->tab[i].child * 0x9e3779b97f4a7c15ULL) & (ncap - 1);
            while (nt[j].child)
                j = (j + 1) & (ncap - 1);
            nt[j] = im->tab[i];
        }
        free(im->tab);
        im->tab = nt;
        im->tab_cap = ncap;
    }
    size_t j = (size_t)((uint64_t)child * 0x9e3779b97f4a7c15ULL) & (im->tab_cap - 1);
    while (im->tab[j].child && im->tab[j].child != child)
        j = (j + 1) & (im->tab_cap - 1);
    if (!im->tab[j].child) {
        im->tab[j].child = child;
        im->tab_used++;
    }
    im->tab[j].n++;
}

/* The page cache for an import: a quarter of the memory, at most 2 GiB, at least 64 MiB. */
static int
bulk_cache_mib(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    double mib = pages > 0 && size > 0 ? (double)pages * (double)size / 4 / 1048576 : 64;
    return mib > 2048 ? 2048 : mib < 64 ? 64 : (int)mib;
}

enum err
app_import_begin(struct app *app, struct app_import **out, struct strbuf *why)
{
    *out = NULL;
    enum err rc = authorize(app, OP_IMPORT, NULL, 0, why);
    if (!rc)
        rc = store_set_cache(app->store, bulk_cache_mib(), why);
    if (!rc)
        rc = store_begin(app->store, why);
    if (!rc)
        rc = store_bulk_begin(app->store, why);
    if (rc) {
        store_rollback(app->store);
        return rc;
    }
    struct app_import *im = xcalloc(1, sizeof(*im));
    im->app = app;
    im->a = arena_new(0);
    im->keep = arena_new(0);
    im->shares = store_kpi_shares_new();
    strbuf_init(&im->inner, 0);
    *out = im;
    return OK;
}

/* The decoder's next empty batch, or NULL when the consumer has stopped. */
static struct batch *
take_free(struct pipe_state *ps)
{
    struct batch *b = NULL;
    pthread_mutex_lock(&ps->mu);
    while (!ps->stop && !ps->free_list)
        pthread_cond_wait(&ps->cv, &ps->mu);
    if (!ps->stop) {
        b = ps->free_list;
        ps->free_list = b->next;
    }
    pthread_mutex_unlock(&ps->mu);
    return b;
}

static void
put_full(struct pipe_state *ps, struct batch *b)
{
    pthread_mutex_lock(&ps->mu);
    b->next = NULL;
    *ps->full_tail = b;
    ps->full_tail = &b->next;
    ps->nfull++;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
}

static void *
decoder(void *arg)
{
    struct pipe_state *ps = arg;
    struct store_kpi_shares *shares = ps->shares; /* ps is gone once the last batch is taken */
    char *buf = NULL;
    size_t cap = 0;
    long line = 0;
    bool done = false, clean = false;
    while (!done) {
        struct batch *b = take_free(ps);
        if (!b)
            break;
        arena_reset(b->a);
        b->n = 0;
        b->rc = OK;
        b->last = false;
        strbuf_reset(&b->msg);
        while (b->n < BATCH_RECORDS) {
            ssize_t n = getline(&buf, &cap, ps->in);
            if (n < 0) {
                if (ferror(ps->in)) {
                    b->rc = ERR_IO;
                    b->rc_line = line;
                    strbuf_addstr(&b->msg, "read error");
                }
                clean = !b->rc;
                done = b->last = true;
                break;
            }
            line++;
            while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
                buf[--n] = '\0';
            if (n == 0)
                continue;
            struct record *r = &b->recs[b->n];
            enum err rc = json_record_decode(buf, (size_t)n, b->a, r, &b->msg);
            if (!rc && r->id == 0)
                rc =
                    why_set(&b->msg, ERR_INVALID, "%s.id: is required in an import", r->desc->name);
            if (!rc) {
                record_fill_defaults(r, ps->cfg);
                rc = record_validate(r, ps->cfg, &b->msg);
            }
            if (!rc)
                rc = store_record_seal(ps->st, r, b->a, &b->sealed[b->n], &b->msg);
            if (rc) {
                b->rc = rc;
                b->rc_line = line;
                done = b->last = true;
                break;
            }
            if (shares)
                store_kpi_shares_add(shares, r);
            b->lines[b->n++] = line;
        }
        put_full(ps, b); /* after the last batch, ps may be gone: only shares from here on */
    }
    free(buf);
    if (shares && clean)
        store_kpi_shares_finish(shares);
    return NULL;
}

enum err
app_import_stream(struct app_import *im, FILE *in, const char *name, struct strbuf *why)
{
    struct app *app = im->app;
    struct record_lookup lookup = { im, seen_get };
    struct pipe_state ps;
    struct batch *all[QUEUE_BATCHES];
    pthread_t th;
    enum err rc = OK;

    memset(&ps, 0, sizeof(ps));
    pthread_mutex_init(&ps.mu, NULL);
    pthread_cond_init(&ps.cv, NULL);
    ps.full_tail = &ps.full_head;
    ps.in = in;
    ps.cfg = &app->cfg;
    ps.st = app->store;
    ps.shares = im->streams++ == 0 ? im->shares : NULL; /* two streams: rebuilt instead */
    im->shares_ok = false;
    for (int i = 0; i < QUEUE_BATCHES; i++) {
        all[i] = xcalloc(1, sizeof(*all[i]));
        all[i]->a = arena_new(0);
        strbuf_init(&all[i]->msg, 0);
        all[i]->next = ps.free_list;
        ps.free_list = all[i];
    }
    if (pthread_create(&th, NULL, decoder, &ps) != 0) {
        rc = why_set(why, ERR_INTERNAL, "%s: cannot start the decoder", name);
        goto out;
    }
    for (bool last = false; !last && !rc;) {
        pthread_mutex_lock(&ps.mu);
        while (!ps.full_head)
            pthread_cond_wait(&ps.cv, &ps.mu);
        struct batch *b = ps.full_head;
        ps.full_head = b->next;
        if (!ps.full_head)
            ps.full_tail = &ps.full_head;
        ps.nfull--;
        pthread_mutex_unlock(&ps.mu);

        for (size_t i = 0; !rc && i < b->n; i++) {
            struct record *r = &b->recs[i];
            arena_reset(im->a);
            rc = record_check_refs(r, &app->cfg, &lookup, &im->inner);
            if (!rc)
                rc = check_account_fields(app, r, true, &im->inner);
            if (!rc)
                rc = store_record_insert_sealed(app->store, r, &b->sealed[i], &im->inner);
            if (!rc)
                remember(im, r);
            if (rc == ERR_CONFLICT)
                rc = ERR_INVALID; /* a taken id is an error in the file */
            if (rc) {
                why_set(why, rc, "%s:%ld: %s", name, b->lines[i], strbuf_str(&im->inner));
                break;
            }
            count_child(im, child_of(r));
            im->done++;
        }
        if (!rc && b->rc)
            rc = why_set(why, b->rc, "%s:%ld: %s", name, b->rc_line, strbuf_str(&b->msg));
        last = b->last;
        pthread_mutex_lock(&ps.mu);
        b->next = ps.free_list;
        ps.free_list = b;
        if (rc)
            ps.stop = true; /* the decoder stops at its next batch */
        pthread_cond_broadcast(&ps.cv);
        pthread_mutex_unlock(&ps.mu);
    }
    if (!rc && ps.shares) {
        /* Read to its end: the decoder sums the shares now, while this thread goes on. */
        im->decoder = th;
        im->decoder_live = true;
        im->shares_ok = true;
    } else {
        pthread_join(th, NULL);
    }
out:
    for (int i = 0; i < QUEUE_BATCHES; i++) {
        arena_free(all[i]->a);
        strbuf_release(&all[i]->msg);
        free(all[i]);
    }
    pthread_cond_destroy(&ps.cv);
    pthread_mutex_destroy(&ps.mu);
    return rc;
}

enum err
app_import_end(struct app_import *im, bool commit, size_t *count, struct strbuf *why)
{
    struct app *app = im->app;
    enum err rc = commit ? OK : ERR_INVALID;
    for (size_t i = 0; !rc && i < im->tab_cap; i++) {
        char detail[48];
        if (!im->tab[i].child)
            continue;
        snprintf(detail, sizeof(detail), "import: records=%u", im->tab[i].n);
        rc = audit(app, "create", NULL, 0, im->tab[i].child, detail, why);
    }
    if (im->decoder_live) /* always, whatever rc: it must be gone before the shares are freed */
        pthread_join(im->decoder, NULL);
    if (!rc)
        rc = store_bulk_end_with(app->store, im->shares_ok ? im->shares : NULL, why);
    if (!rc) {
        char detail[96];
        snprintf(detail, sizeof(detail), "records=%zu children=%zu other=%zu", im->done,
                 im->tab_used, im->without_child);
        rc = audit(app, "import", NULL, 0, 0, detail, why);
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    else if (count)
        *count = im->done;
    store_kpi_shares_free(im->shares); /* the decoder was joined before store_bulk_end_with */
    free(im->tab);
    free(im->seen);
    arena_free(im->keep);
    strbuf_release(&im->inner);
    arena_free(im->a);
    free(im);
    return commit ? rc : OK;
}

enum err
app_import(struct app *app, FILE *in, const char *name, size_t *count, struct strbuf *why)
{
    struct app_import *im;
    enum err rc = app_import_begin(app, &im, why);
    if (rc)
        return rc;
    rc = app_import_stream(im, in, name, why);
    enum err rc2 = app_import_end(im, rc == OK, count, rc ? NULL : why);
    return rc ? rc : rc2;
}
