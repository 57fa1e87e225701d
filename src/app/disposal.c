/*
 * disposal.c - removing a closed case past its retention (kassation, QUALITY.md S-27): one person
 * requests it and an archive export is written and its hash kept; a second person approves it,
 * the archive is checked against the hash and the child's records are removed in the same
 * transaction as the audit row that says so. Both are logged-in users (password and TOTP code)
 * with the role to decide about the case: a team leader of the case's team or leadership.
 * Must not: delete anything without an approved disposal (the database's triggers refuse it too),
 * let one person both request and approve, or approve when the archive or the child's records
 * differ from what was archived.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "domain/calendar.h"

/* Who may decide about a disposal of a child whose last case belonged to team. */
static bool
may_decide(const struct app *app, const char *team)
{
    return app->who.kind == ACTOR_USER && policy_may_for_team(&app->who, CAP_DISPOSAL, team);
}

enum err
audit_refusal(struct app *app, int64_t child, const char *what, struct strbuf *why)
{
    struct strbuf ignore = STRBUF_INIT;
    char detail[160];
    const char *reason = why ? strbuf_str(why) : "refused";
    size_t n = strlen(what);
    if (strncmp(reason, what, n) == 0 && reason[n] == ':') /* the reason names it already */
        snprintf(detail, sizeof(detail), "%s", reason);
    else
        snprintf(detail, sizeof(detail), "%s: %s", what, reason);
    if (store_begin(app->store, &ignore) == OK) {
        if (audit(app, "refused", child ? record_desc_get(RT_child) : NULL, child, child, detail,
                  &ignore) != OK ||
            store_commit(app->store, &ignore) != OK)
            store_rollback(app->store);
    }
    strbuf_release(&ignore);
    return ERR_FORBIDDEN;
}

/* The boundary: cases closed before this day may go. */
static void
retention_boundary(const struct app *app, char day[static DATE_BUF])
{
    struct date today = calendar_cph_date(app->now());
    date_format(calendar_add_months(today, -12 * app->cfg.settings.case_retention_years), day);
}

struct closed_one {
    bool found;
    char closed[DATE_BUF];
};

static enum err
closed_one(void *ctx, int64_t child, const char *closed)
{
    struct closed_one *c = ctx;
    (void)child;
    c->found = true;
    snprintf(c->closed, sizeof(c->closed), "%s", closed);
    return OK;
}

/* The team of the child's last closed case (the one whose leader decides), or NULL. */
static const char *
last_team(const struct child_records *cr)
{
    const struct record_desc *d = record_desc_get(RT_case);
    int fc = record_field_index(d, "closed"), ft = record_field_index(d, "team");
    const struct record *last = NULL;
    for (size_t i = 0; i < cr->n[RT_case]; i++) {
        const struct record *r = &cr->recs[RT_case][i];
        if (!last || (r->v[fc].set && strcmp(r->v[fc].s, last->v[fc].s) >= 0))
            last = r;
    }
    return last && last->v[ft].set ? last->v[ft].s : NULL;
}

/* The child's records as archived, and their hash (hex). Inside the caller's transaction. */
static enum err
archive_content(struct app *app, int64_t child, struct arena *a, struct child_records *cr,
                struct strbuf *out, size_t *count, char hash[static 65], struct strbuf *why)
{
    unsigned char h[CRYPTO_HASH_BYTES];
    enum err rc = load_child_records(app, child, NULL, a, cr, why);
    if (!rc)
        rc = child_jsonl(app, cr, a, out, count, why);
    if (rc)
        return rc;
    crypto_blake2b(strbuf_str(out), NULL, h);
    crypto_hex(h, sizeof(h), hash);
    return OK;
}

/* Write the archive file new (mode 0600, never over an existing one) and make it durable. */
static enum err
write_archive(const char *dir, const char *name, const struct strbuf *content, struct strbuf *why)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return why_set(why, ERR_INVALID, "--archive-dir: path too long");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return why_set(why, errno == ENOENT || errno == ENOTDIR ? ERR_INVALID : ERR_IO,
                       "--archive-dir: cannot create %s: %s", path, strerror(errno));
    const char *p = strbuf_str(content);
    size_t left = content->len;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        p += k;
        left -= (size_t)k;
    }
    bool ok = left == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ok = fsync(dfd) == 0 && ok;
        close(dfd);
    }
    if (!ok) {
        unlink(path);
        return why_set(why, ERR_IO, "--archive-dir: cannot write %s", path);
    }
    return OK;
}

/* The hash of the archive file as it is now; false if it cannot be read. */
static bool
archive_file_hash(const char *dir, const char *name, char hash[static 65])
{
    char path[4096];
    struct strbuf sb = STRBUF_INIT;
    unsigned char h[CRYPTO_HASH_BYTES], buf[65536];
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t k;
    bool nul = false;
    while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
        nul = nul || memchr(buf, '\0', k) != NULL;
        strbuf_add(&sb, buf, k);
    }
    bool ok = !ferror(f) && !nul && strbuf_error(&sb) == OK;
    fclose(f);
    if (ok) {
        crypto_blake2b(strbuf_str(&sb), NULL, h);
        crypto_hex(h, sizeof(h), hash);
    }
    strbuf_release(&sb);
    return ok;
}

struct candidates {
    app_candidate_fn fn;
    void *ctx;
    struct strbuf ids;
    size_t n;
};

static enum err
candidate(void *ctx, int64_t child, const char *closed)
{
    struct candidates *c = ctx;
    if (c->n < 200)
        strbuf_addf(&c->ids, "%s%lld", c->n ? "," : "", (long long)child);
    c->n++;
    return c->fn(c->ctx, child, closed);
}

enum err
app_disposal_candidates(struct app *app, app_candidate_fn fn, void *ctx, size_t *n,
                        struct strbuf *why)
{
    char boundary[DATE_BUF], detail[1400];
    if (app->who.kind != ACTOR_CLI && !may_decide(app, app->who.team))
        return why_set(why, ERR_FORBIDDEN, "disposal: for operators, team leaders and leadership");
    retention_boundary(app, boundary);
    struct candidates c = { fn, ctx, STRBUF_INIT, 0 };
    enum err rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_closed_children(app->store, boundary, 0, 0, candidate, &c, why);
    store_rollback(app->store);
    snprintf(detail, sizeof(detail), "disposal candidates closed before %s: n=%zu ids=%s%s",
             boundary, c.n, strbuf_str(&c.ids), c.n > 200 ? ",..." : "");
    strbuf_release(&c.ids);
    if (!rc)
        rc = audit_read(app, "list", NULL, 0, 0, detail, why);
    if (!rc)
        *n = c.n;
    return rc;
}

enum err
app_disposal_list(struct app *app, store_disposal_fn fn, void *ctx, struct strbuf *why)
{
    if (app->who.kind != ACTOR_CLI && !may_decide(app, app->who.team))
        return why_set(why, ERR_FORBIDDEN, "disposal: for operators, team leaders and leadership");
    enum err rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_disposal_each(app->store, fn, ctx, why);
    store_rollback(app->store);
    if (!rc)
        rc = audit_read(app, "list", NULL, 0, 0, "disposals", why);
    return rc;
}

enum err
app_disposal_request(struct app *app, int64_t child, const char *reason, const char *archive_dir,
                     struct disposal *out, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct child_records cr;
    struct strbuf content = STRBUF_INIT;
    struct closed_one c = { false, "" };
    char boundary[DATE_BUF], at[DATETIME_BUF], hash[65], name[128], detail[200];
    size_t count = 0;
    bool written = false;
    enum err rc = OK;

    if (!reason || !*reason || strlen(reason) > 500) {
        rc = why_set(why, ERR_INVALID, "--reason: the legal basis, 1-500 characters, is required");
        goto out;
    }
    if (!archive_dir || !*archive_dir) {
        rc = why_set(why, ERR_INVALID, "--archive-dir: a directory for the archive is required");
        goto out;
    }
    if (app->who.kind != ACTOR_USER) {
        rc = why_set(why, ERR_FORBIDDEN, "disposal request: needs a logged-in person (--user)");
        goto out;
    }
    retention_boundary(app, boundary);
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (rc)
        goto out;
    rc = store_closed_children(app->store, boundary, child, 0, closed_one, &c, why);
    if (!rc && !c.found) {
        struct record probe;
        rc = store_record_get(app->store, record_desc_get(RT_child), child, a, &probe, why);
        if (!rc)
            rc = why_set(why, ERR_INVALID,
                         "child %lld: every case must be closed before %s (retention %d years) "
                         "and no disposal open",
                         (long long)child, boundary, app->cfg.settings.case_retention_years);
    }
    if (!rc)
        rc = archive_content(app, child, a, &cr, &content, &count, hash, why);
    if (!rc && !may_decide(app, last_team(&cr))) {
        store_rollback(app->store);
        why_set(why, ERR_FORBIDDEN,
                "disposal request: for a team leader of the case's team or leadership");
        rc = audit_refusal(app, child, "disposal request", why);
        goto out;
    }
    /* The name says which child and when, nothing personal. */
    char stamp[DATETIME_BUF];
    size_t k = 0;
    for (const char *p = at; *p && k + 1 < sizeof(stamp); p++)
        if (*p != '-' && *p != ':')
            stamp[k++] = *p;
    stamp[k] = '\0';
    snprintf(name, sizeof(name), "kassation-barn-%lld-%s.jsonl", (long long)child, stamp);
    struct disposal d = { 0 };
    d.child_id = child;
    d.reason = reason;
    d.closed = c.closed;
    d.archive = name;
    d.archive_hash = hash;
    d.archive_records = (int64_t)count;
    d.requested_at = at;
    d.requested_by = app->actor;
    if (!rc)
        rc = store_disposal_insert(app->store, &d, why);
    if (!rc) {
        snprintf(detail, sizeof(detail), "archive for disposal %lld: %zu records", (long long)d.id,
                 count);
        rc = audit(app, "export", record_desc_get(RT_child), child, child, detail, why);
    }
    if (!rc) {
        snprintf(detail, sizeof(detail), "disposal %lld requested; archive blake2b %.16s",
                 (long long)d.id, hash);
        rc = audit(app, "disposal_requested", record_desc_get(RT_child), child, child, detail, why);
    }
    /* The archive is durable before the request is: a committed request always has its file. */
    if (!rc) {
        rc = write_archive(archive_dir, name, &content, why);
        written = rc == OK;
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        if (written) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", archive_dir, name);
            unlink(path);
        }
        goto out;
    }
    if (out) {
        *out = d;
        out->reason = out->closed = out->archive = out->archive_hash = out->requested_at =
            out->requested_by = NULL;
        out->status = "requested";
    }
out:
    if (content.buf)
        crypto_wipe(content.buf, content.len);
    strbuf_release(&content);
    arena_free(a);
    return rc;
}

enum err
app_disposal_approve(struct app *app, int64_t id, const char *archive_dir, int64_t *rows,
                     struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct child_records cr;
    struct strbuf content = STRBUF_INIT;
    struct disposal d = { 0 };
    struct closed_one c = { false, "" };
    char boundary[DATE_BUF], at[DATETIME_BUF], hash[65], file_hash[65], detail[200];
    size_t count = 0;
    enum err rc = OK;

    *rows = 0;
    if (!archive_dir || !*archive_dir) {
        rc = why_set(why, ERR_INVALID, "--archive-dir: the directory with the archive is required");
        goto out;
    }
    if (app->who.kind != ACTOR_USER) {
        rc = why_set(why, ERR_FORBIDDEN, "disposal approve: needs a logged-in person (--user)");
        goto out;
    }
    retention_boundary(app, boundary);
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (!rc)
        rc = store_disposal_get(app->store, id, a, &d, why);
    if (!rc && strcmp(d.status, "requested") != 0)
        rc = why_set(why, ERR_CONFLICT, "disposal %lld: is %s, not requested", (long long)id,
                     d.status);
    if (rc)
        goto fail;
    /* Two people: whoever requested it cannot approve it. */
    if (strcmp(d.requested_by, app->actor) == 0) {
        store_rollback(app->store);
        why_set(why, ERR_FORBIDDEN,
                "disposal %lld: needs a second person's approval; you requested it", (long long)id);
        rc = audit_refusal(app, d.child_id, "disposal approve", why);
        goto out;
    }
    rc = store_closed_children(app->store, boundary, d.child_id, id, closed_one, &c, why);
    if (!rc && !c.found)
        rc = why_set(why, ERR_CONFLICT,
                     "disposal %lld: the child has a case open or closed after %s now; withdraw "
                     "it",
                     (long long)id, boundary);
    if (!rc)
        rc = archive_content(app, d.child_id, a, &cr, &content, &count, hash, why);
    if (rc)
        goto fail;
    if (!may_decide(app, last_team(&cr))) {
        store_rollback(app->store);
        why_set(why, ERR_FORBIDDEN,
                "disposal approve: for a team leader of the case's team or leadership");
        rc = audit_refusal(app, d.child_id, "disposal approve", why);
        goto out;
    }
    if (strcmp(hash, d.archive_hash) != 0) {
        rc = why_set(why, ERR_CONFLICT,
                     "disposal %lld: the child's records changed after the archive was made; "
                     "withdraw it and request again",
                     (long long)id);
        goto fail;
    }
    if (!archive_file_hash(archive_dir, d.archive, file_hash) ||
        strcmp(file_hash, d.archive_hash) != 0) {
        rc = why_set(why, ERR_CONFLICT,
                     "--archive-dir: %s is missing there or differs from the archive made at the "
                     "request; nothing was deleted",
                     d.archive);
        goto fail;
    }
    rc = store_disposal_set(app->store, id, "approved", at, app->actor, why);
    /* The child leaves the years of figures kept too: as a write does, not by a rebuild. */
    struct figure_keep keep;
    if (!rc)
        rc = figures_keep_begin(app, d.child_id, a, &keep, why);
    if (!rc)
        rc = store_child_erase(app->store, d.child_id, rows, why);
    if (!rc)
        rc = figures_keep_end(app, d.child_id, &keep, a, why);
    if (!rc)
        rc = store_disposal_set(app->store, id, "disposed", NULL, NULL, why);
    if (!rc) {
        snprintf(detail, sizeof(detail),
                 "disposal %lld approved: %lld rows removed; archive %s blake2b %.16s",
                 (long long)id, (long long)*rows, d.archive, d.archive_hash);
        rc = audit(app, "disposed", record_desc_get(RT_child), d.child_id, d.child_id, detail, why);
    }
    if (!rc)
        rc = store_commit(app->store, why);
fail:
    if (rc) {
        store_rollback(app->store);
        *rows = 0;
    }
out:
    if (content.buf)
        crypto_wipe(content.buf, content.len);
    strbuf_release(&content);
    arena_free(a);
    return rc;
}

enum err
app_disposal_withdraw(struct app *app, int64_t id, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct disposal d = { 0 };
    struct child_records cr;
    char at[DATETIME_BUF], detail[96];
    enum err rc = OK;
    if (app->who.kind != ACTOR_USER) {
        rc = why_set(why, ERR_FORBIDDEN, "disposal withdraw: needs a logged-in person (--user)");
        goto out;
    }
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (!rc)
        rc = store_disposal_get(app->store, id, a, &d, why);
    if (!rc && strcmp(d.status, "requested") != 0)
        rc = why_set(why, ERR_CONFLICT, "disposal %lld: is %s, not requested", (long long)id,
                     d.status);
    if (!rc)
        rc = load_child_records(app, d.child_id, NULL, a, &cr, why);
    if (!rc && strcmp(d.requested_by, app->actor) != 0 && !may_decide(app, last_team(&cr))) {
        store_rollback(app->store);
        why_set(why, ERR_FORBIDDEN,
                "disposal withdraw: for the requester, a team leader of the case's team or "
                "leadership");
        rc = audit_refusal(app, d.child_id, "disposal withdraw", why);
        goto out;
    }
    if (!rc)
        rc = store_disposal_set(app->store, id, "withdrawn", at, app->actor, why);
    if (!rc) {
        snprintf(detail, sizeof(detail), "disposal %lld withdrawn", (long long)id);
        rc = audit(app, "disposal_withdrawn", record_desc_get(RT_child), d.child_id, d.child_id,
                   detail, why);
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
out:
    arena_free(a);
    return rc;
}
