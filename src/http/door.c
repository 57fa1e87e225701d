/*
 * door.c - the listening socket, and the wait for a connection's first request head before
 * libmicrohttpd (MHD) gets the connection (issue 19, QUALITY S-20 and R-11).
 *
 * MHD answers a request head that does not fit its memory per connection with a bare 414 or
 * 431 of its own, without our security headers, and no option changes that. So trappe accepts
 * connections itself: one thread holds each new connection here, looking at what has arrived
 * without reading it (MSG_PEEK), until its request head is complete; then it hands the
 * connection, its bytes still unread, to MHD. A head that grows past our limits before it is
 * complete is answered here, with every security header, and never reaches MHD; so is a complete
 * head that MHD would answer with a bare error of its own (door_head_refusal). A head that
 * does not arrive within the deadline is cut here, and a trickle of it never takes one of MHD's
 * connection slots. A kept-alive connection's later requests go straight to MHD (closing every
 * connection after one answer would cost 9 in 10 of the requests a second); server.c applies
 * the same rules to their fields (door_field) and swaps MHD's own answers for ours.
 */
#define _GNU_SOURCE /* accept4: the descriptor non-blocking and close-on-exec from the start */
#include "http/door.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

const struct door_header door_security_headers[] = {
    { "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'" },
    { "X-Content-Type-Options", "nosniff" },
    { "Referrer-Policy", "no-referrer" },
    { "Cross-Origin-Opener-Policy", "same-origin" },
};
const size_t door_nsecurity_headers = ARRAY_SIZE(door_security_headers);

#define DRAIN_MS 2000 /* after a refusal, how long the rest of the head may still be read */

struct waiting {
    int fd;
    struct sockaddr_in sa;
    int64_t since_ms;
    bool answered; /* refused here: reading what is left until the client closes */
    struct waiting *prev, *next;
};

struct door {
    struct door_options o;
    int lfd, ep, wake;
    pthread_t thread;
    struct waiting *head;
    unsigned n;
    size_t peek_max; /* how much of a head is looked at: more, and it is too large */
    char *peek;
    int64_t paused_until; /* accepting paused after running out of descriptors, or 0 */
    unsigned long long cut, over, answered;
};

int64_t
door_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
forget(struct door *d, struct waiting *w)
{
    epoll_ctl(d->ep, EPOLL_CTL_DEL, w->fd, NULL);
    if (w->prev)
        w->prev->next = w->next;
    else
        d->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    d->n--;
}

static void
drop(struct door *d, struct waiting *w)
{
    forget(d, w);
    close(w->fd);
    free(w);
}

static unsigned
from_address(const struct door *d, struct in_addr a)
{
    unsigned k = 0;
    for (const struct waiting *w = d->head; w; w = w->next)
        k += w->sa.sin_addr.s_addr == a.s_addr;
    return k;
}

static void
accept_all(struct door *d)
{
    for (;;) {
        struct sockaddr_in sa;
        socklen_t len = sizeof(sa);
        int fd = accept4(d->lfd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            /* Out of descriptors or memory: stop listening for a moment instead of spinning. */
            LOG(LOG_WARN, "cannot accept a connection: %s", strerror(errno));
            struct epoll_event ev = { .events = 0, .data.ptr = &d->lfd };
            epoll_ctl(d->ep, EPOLL_CTL_MOD, d->lfd, &ev);
            d->paused_until = door_now_ms() + 100;
            return;
        }
        if (d->n >= d->o.max_pending || from_address(d, sa.sin_addr) >= d->o.per_ip) {
            close(fd);
            d->over++;
            continue;
        }
        struct waiting *w = xcalloc(1, sizeof(*w));
        w->fd = fd;
        w->sa = sa;
        w->since_ms = door_now_ms();
        /* Edge-triggered: an event for every arrival; what is there already is reported now. */
        struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = w };
        if (epoll_ctl(d->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
            close(fd);
            free(w);
            continue;
        }
        w->next = d->head;
        if (d->head)
            d->head->prev = w;
        d->head = w;
        d->n++;
    }
}

/* Where the head in buf[0, n) ends (just past its empty line), or 0 while it is incomplete.
 * Empty lines before the request line do not count (RFC 9112 2.2). */
static size_t
head_end(const char *buf, size_t n)
{
    size_t i = 0;
    while (i < n && (buf[i] == '\r' || buf[i] == '\n'))
        i++;
    for (; i < n; i++) {
        if (buf[i] != '\n')
            continue;
        if (i + 1 < n && buf[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && buf[i + 1] == '\r' && buf[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Read and discard what the client still sends after a refusal; false once it has closed. */
static bool
drain(int fd)
{
    char sink[4096];
    for (;;) {
        ssize_t got = recv(fd, sink, sizeof(sink), 0);
        if (got > 0)
            continue;
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    }
}

/* The door's own answers: status, reason phrase, text. */
static const struct {
    int status;
    const char *reason, *text;
} refusals[] = {
    { 400, "Bad Request", DOOR_TEXT_400 },
    { 413, "Content Too Large", DOOR_TEXT_413 },
    { 411, "Length Required", DOOR_TEXT_411 },
    { 414, "URI Too Long", DOOR_TEXT_414 },
    { 431, "Request Header Fields Too Large", DOOR_TEXT_431 },
    { 501, "Not Implemented", DOOR_TEXT_501 },
    { 505, "HTTP Version Not Supported", DOOR_TEXT_505 },
};

/* The door's text for status, or NULL if it has none. */
const char *
door_refusal_text(int status)
{
    for (size_t k = 0; k < ARRAY_SIZE(refusals); k++)
        if (refusals[k].status == status)
            return refusals[k].text;
    return NULL;
}

/*
 * The rules on a head's fields, one field at a time (door_field) and then all of them
 * (door_fields_end). A field with whitespace before its colon (400, RFC 9112 5.1), a
 * Content-Length that is not a number (400), too large a number (413) or two that differ (400:
 * RFC 9112 6.3, a smuggling attempt behind a proxy), Content-Length with Transfer-Encoding (400,
 * the same), a transfer coding other than chunked (501), and a chunked body at all (411: RFC 9112
 * 6.3 lets a server ask for a length; a form has one, and MHD's chunk parser, whose errors are
 * bare answers of its own, then never sees a request).
 */
int
door_field(struct door_fields *f, const char *name, size_t nlen, const char *val, size_t vlen)
{
    if (nlen == 0 || name[nlen - 1] == ' ' || name[nlen - 1] == '\t')
        return 400;
    while (vlen && (*val == ' ' || *val == '\t')) {
        val++;
        vlen--;
    }
    while (vlen && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t' || val[vlen - 1] == '\r'))
        vlen--;
    if (nlen == 14 && strncasecmp(name, "Content-Length", 14) == 0) {
        if (vlen == 0)
            return 400;
        for (size_t i = 0; i < vlen; i++)
            if (val[i] < '0' || val[i] > '9')
                return 400;
        if (vlen > 15)
            return 413;
        if (f->cl && (f->cl_len != vlen || memcmp(f->cl, val, vlen) != 0))
            return 400;
        f->cl = val;
        f->cl_len = vlen;
    } else if (nlen == 17 && strncasecmp(name, "Transfer-Encoding", 17) == 0) {
        if (vlen != 7 || strncasecmp(val, "chunked", 7) != 0)
            return 501;
        f->te = true;
    }
    return 0;
}

int
door_fields_end(const struct door_fields *f)
{
    if (f->te)
        return f->cl ? 400 : 411;
    return 0;
}

/*
 * What MHD would answer with a bare error of its own, found in a complete head before MHD gets
 * it: 0 if nothing, else the status the door answers with its headers instead. A request line
 * without an HTTP/1.x version (400, or 505 for another major version), a field line without a
 * name and a colon (400), and the rules on the fields (door_field).
 */
int
door_head_refusal(const char *buf, size_t n)
{
    const char *p = buf, *end = buf + n;
    while (p < end && (*p == '\r' || *p == '\n'))
        p++;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        return 400;
    const char *le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    const char *sp = NULL;
    for (const char *q = p; q < le; q++)
        if (*q == ' ')
            sp = q;
    if (!sp || sp == p || (size_t)(le - sp - 1) < 8 || memcmp(sp + 1, "HTTP/", 5) != 0)
        return 400;
    const char *v = sp + 6;
    if (le - v != 3 || v[0] < '0' || v[0] > '9' || v[1] != '.' || v[2] < '0' || v[2] > '9')
        return 400;
    if (v[0] != '1')
        return 505;

    struct door_fields f = { 0 };
    for (p = eol + 1; p < end; p = eol + 1) {
        eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            break;
        le = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        if (le == p)
            break; /* the empty line: the head is over */
        if (*p == ' ' || *p == '\t')
            continue; /* a folded continuation of the line before */
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (!colon)
            return 400;
        int bad = door_field(&f, p, (size_t)(colon - p), colon + 1, (size_t)(le - colon - 1));
        if (bad)
            return bad;
    }
    return door_fields_end(&f);
}

/* Answer with status here, with every security header, and close the sending side. */
static void
refuse(struct door *d, struct waiting *w, int status)
{
    size_t k = 0;
    while (k < ARRAY_SIZE(refusals) && refusals[k].status != status)
        k++;
    if (k == ARRAY_SIZE(refusals))
        BUG("door: no answer for this status");
    const char *text = refusals[k].text;
    char resp[1024];
    int len = snprintf(resp, sizeof(resp),
                       "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                       "Content-Length: %zu\r\nConnection: close\r\nCache-Control: no-store\r\n",
                       status, refusals[k].reason, strlen(text));
    for (size_t i = 0; i < door_nsecurity_headers && len > 0 && (size_t)len < sizeof(resp); i++)
        len += snprintf(resp + len, sizeof(resp) - (size_t)len, "%s: %s\r\n",
                        door_security_headers[i].name, door_security_headers[i].value);
    if (len > 0 && (size_t)len < sizeof(resp))
        len += snprintf(resp + len, sizeof(resp) - (size_t)len, "\r\n%s", text);
    if (len <= 0 || (size_t)len >= sizeof(resp))
        BUG("door: the refusal does not fit its buffer");
    /* A fresh socket's send buffer takes these few hundred bytes at once. */
    if (send(w->fd, resp, (size_t)len, MSG_NOSIGNAL) != len) {
        drop(d, w);
        return;
    }
    shutdown(w->fd, SHUT_WR);
    w->answered = true;
    w->since_ms = door_now_ms(); /* the drain's own short deadline starts now */
    d->answered++;
    /* Closing with unread bytes would reset the connection and could lose the answer before
     * the client reads it: read what is there and what still comes, until the client closes. */
    if (!drain(w->fd))
        drop(d, w);
}

/* Something arrived on w (or it closed). */
static void
arrived(struct door *d, struct waiting *w, uint32_t events)
{
    if (w->answered) {
        if (!drain(w->fd))
            drop(d, w);
        return;
    }
    ssize_t got = recv(w->fd, d->peek, d->peek_max + 1, MSG_PEEK);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (got <= 0) {
        drop(d, w);
        return;
    }
    size_t n = (size_t)got;
    size_t whole = head_end(d->peek, n <= d->peek_max ? n : d->peek_max);
    int bad = whole ? door_head_refusal(d->peek, whole) : 0;
    if (bad) {
        refuse(d, w, bad);
        return;
    }
    if (whole) {
        struct waiting keep = *w;
        forget(d, w);
        free(w);
        d->o.admit(d->o.cls, keep.fd, (const struct sockaddr *)&keep.sa, sizeof(keep.sa),
                   keep.since_ms);
        return;
    }
    if (n > d->peek_max) {
        /* The request line alone is too long (no line end within it): 414, else 431. */
        size_t line = d->o.url_max + 64;
        refuse(d, w, memchr(d->peek, '\n', line < n ? line : n) ? 431 : 414);
        return;
    }
    if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        drop(d, w); /* the client stopped sending before its head was complete */
}

static void
expire(struct door *d, int64_t now)
{
    for (struct waiting *w = d->head, *next; w; w = next) {
        next = w->next;
        int64_t limit = w->answered ? DRAIN_MS : d->o.deadline_ms;
        if (now - w->since_ms <= limit)
            continue;
        d->cut += !w->answered;
        drop(d, w);
    }
}

static void *
door_run(void *arg)
{
    struct door *d = arg;
    struct epoll_event ev[64];
    unsigned long long told_cut = 0, told_over = 0, told_answered = 0;
    int64_t told_at = 0;
    for (;;) {
        int n = epoll_wait(d->ep, ev, (int)ARRAY_SIZE(ev), 100);
        if (n < 0 && errno != EINTR)
            LOG(LOG_WARN, "door: epoll_wait: %s", strerror(errno));
        for (int i = 0; i < n; i++) {
            void *p = ev[i].data.ptr;
            if (p == &d->wake)
                return NULL;
            if (p == &d->lfd)
                accept_all(d);
            else
                arrived(d, p, ev[i].events);
        }
        int64_t now = door_now_ms();
        if (d->paused_until && now >= d->paused_until) {
            struct epoll_event lev = { .events = EPOLLIN, .data.ptr = &d->lfd };
            epoll_ctl(d->ep, EPOLL_CTL_MOD, d->lfd, &lev);
            d->paused_until = 0;
        }
        expire(d, now);
        if (now - told_at < 1000)
            continue;
        if (d->cut != told_cut)
            LOG(LOG_WARN, "cut %llu connections whose request did not arrive within %lld ms",
                d->cut - told_cut, (long long)d->o.deadline_ms);
        if (d->over != told_over)
            LOG(LOG_WARN, "closed %llu connections over the limits (%u waiting, %u per address)",
                d->over - told_over, d->o.max_pending, d->o.per_ip);
        if (d->answered != told_answered)
            LOG(LOG_WARN, "answered %llu requests whose head was over the limits",
                d->answered - told_answered);
        told_cut = d->cut;
        told_over = d->over;
        told_answered = d->answered;
        told_at = now;
    }
}

enum err
door_open(const struct door_options *o, struct door **out, unsigned *port, struct strbuf *why)
{
    struct door *d = xcalloc(1, sizeof(*d));
    d->o = *o;
    d->peek_max = o->url_max + o->head_max + 1024;
    d->peek = xcalloc(1, d->peek_max + 1);
    d->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    d->ep = epoll_create1(EPOLL_CLOEXEC);
    d->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int one = 1;
    struct sockaddr_in bound;
    socklen_t blen = sizeof(bound);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = &d->lfd };
    struct epoll_event wev = { .events = EPOLLIN, .data.ptr = &d->wake };
    bool ok = d->lfd >= 0 && d->ep >= 0 && d->wake >= 0 &&
              setsockopt(d->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
              bind(d->lfd, (const struct sockaddr *)&o->sa, sizeof(o->sa)) == 0 &&
              listen(d->lfd, SOMAXCONN) == 0 &&
              getsockname(d->lfd, (struct sockaddr *)&bound, &blen) == 0 &&
              epoll_ctl(d->ep, EPOLL_CTL_ADD, d->lfd, &lev) == 0 &&
              epoll_ctl(d->ep, EPOLL_CTL_ADD, d->wake, &wev) == 0;
    int saved = errno;
    if (ok && pthread_create(&d->thread, NULL, door_run, d) != 0) {
        ok = false;
        saved = EAGAIN;
    }
    if (!ok) {
        if (d->lfd >= 0)
            close(d->lfd);
        if (d->ep >= 0)
            close(d->ep);
        if (d->wake >= 0)
            close(d->wake);
        free(d->peek);
        free(d);
        return why_set(why, ERR_IO, "cannot listen on %s: %s", o->name, strerror(saved));
    }
    *port = ntohs(bound.sin_port);
    *out = d;
    return OK;
}

void
door_close(struct door *d)
{
    uint64_t one = 1;
    if (write(d->wake, &one, sizeof(one)) != (ssize_t)sizeof(one))
        BUG("door: cannot wake its thread");
    pthread_join(d->thread, NULL);
    while (d->head)
        drop(d, d->head);
    close(d->lfd);
    close(d->ep);
    close(d->wake);
    free(d->peek);
    free(d);
}
