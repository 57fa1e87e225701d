/*
 * server.c - libmicrohttpd setup, limits (QUALITY R-11), the route table walk and the response
 * headers every response carries. One arena per request, freed when MHD reports completion.
 * Must not: pass MHD types to handlers, or log personal data (paths carry opaque ids only).
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "http/door.h"
#include "http/http.h"

/* Taken only as used: a child's page with about 10,000 records fits (app_child_view). */
#define REQ_ARENA_CAP (64u * 1024u * 1024u)
#define BODY_MAX      (64u * 1024u) /* forms are small; anything larger is refused with 413 */
/*
 * Our own limits on a request's head, answered by our own 414 and 431 with every security header:
 * by the handler when the head has arrived whole, by the door (door.c) when a connection's first
 * head grows past them before it is whole. They sit well below MHD's memory pool per connection
 * (CONN_POOL), which is where MHD would answer with its own bare 414 or 431 instead: only a later
 * request of a kept-alive connection can still get that far, and MHD_queue_response below swaps
 * that answer for ours.
 */
#define URL_MAX   4096u
#define HEAD_MAX  8192u
#define CONN_POOL (64u * 1024u)

struct server {
    const struct http_options *opt;
    struct MHD_Daemon *d;
    _Atomic unsigned long long counter; /* requests so far, all worker threads */
};

static bool serve_static(const struct http_options *opt, const char *name, struct req *req);
static void set_headers(struct MHD_Response *resp, const char *content_type, bool cache_set);

/*
 * A total deadline per request that trickling cannot extend (issue 19). MHD's own timeout is an
 * idle timeout that every byte restarts, so a client sending one header byte every few seconds
 * would hold its connection for ever. Each connection is tracked from MHD's start notification:
 * while a request is still arriving (headers or body), a watchdog thread shuts the socket down
 * once the request has taken longer than the deadline since it began (since the connection
 * opened, or since the last response on a kept-alive connection); MHD then sees the end of the
 * stream and closes it. A request that has fully arrived is never cut, however long its page
 * takes. The socket is shut down under the same lock that the close notification takes before
 * MHD closes the descriptor, so the watchdog never touches a descriptor that was reused.
 */
struct conn_state {
    int fd;
    int64_t since_ms; /* when the current request began to arrive (monotonic) */
    bool answering;   /* the request has arrived: no deadline */
    bool cut;
    struct conn_state *prev, *next;
};

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct conn_state *head;
    int64_t deadline_ms;
    unsigned long long cut; /* connections cut so far */
    bool stop;
    /* When the door accepted each descriptor it handed over, until MHD's start notification
     * takes it (0: none): the deadline counts from the accept, not from the hand-over. */
    int64_t *accepted;
    size_t naccepted;
} conns = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 10000, 0, false, NULL, 0 };

static int64_t
mono_ms(void)
{
    return door_now_ms();
}

/* The door hands a connection over whose first head has arrived. MHD closes fd if it refuses
 * it (over its own limits); a stale time left for fd is overwritten before fd is handed over
 * again, and only a hand-over leads to a start notification. */
static void
door_admit(void *cls, int fd, const struct sockaddr *sa, socklen_t salen, int64_t since_ms)
{
    struct server *srv = cls;
    pthread_mutex_lock(&conns.mu);
    if ((size_t)fd >= conns.naccepted) {
        size_t n = conns.naccepted ? conns.naccepted : 256;
        while (n <= (size_t)fd)
            n *= 2;
        conns.accepted = xrealloc(conns.accepted, n * sizeof(*conns.accepted));
        memset(conns.accepted + conns.naccepted, 0,
               (n - conns.naccepted) * sizeof(*conns.accepted));
        conns.naccepted = n;
    }
    conns.accepted[fd] = since_ms;
    pthread_mutex_unlock(&conns.mu);
    MHD_add_connection(srv->d, fd, sa, salen);
}

static void
notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct conn_state *c = xcalloc(1, sizeof(*c));
        c->fd = ci ? ci->connect_fd : -1;
        c->since_ms = mono_ms();
        pthread_mutex_lock(&conns.mu);
        if (c->fd >= 0 && (size_t)c->fd < conns.naccepted && conns.accepted[c->fd]) {
            c->since_ms = conns.accepted[c->fd];
            conns.accepted[c->fd] = 0;
        }
        c->next = conns.head;
        if (conns.head)
            conns.head->prev = c;
        conns.head = c;
        pthread_mutex_unlock(&conns.mu);
        *socket_context = c;
        return;
    }
    struct conn_state *c = *socket_context;
    if (!c)
        return;
    pthread_mutex_lock(&conns.mu);
    if (c->prev)
        c->prev->next = c->next;
    else
        conns.head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&conns.mu);
    free(c);
    *socket_context = NULL;
}

/* The tracked state of conn (NULL if MHD gives none). */
static struct conn_state *
conn_state_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void
conn_phase(struct MHD_Connection *conn, bool answering)
{
    struct conn_state *c = conn_state_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&conns.mu);
    c->answering = answering;
    if (!answering)
        c->since_ms = mono_ms(); /* the next request on this connection begins now */
    pthread_mutex_unlock(&conns.mu);
}

static void *
watchdog(void *arg)
{
    unsigned long long told = 0;
    (void)arg;
    pthread_mutex_lock(&conns.mu);
    while (!conns.stop) {
        int64_t now = mono_ms();
        for (struct conn_state *c = conns.head; c; c = c->next) {
            if (c->answering || c->cut || c->fd < 0 || now - c->since_ms <= conns.deadline_ms)
                continue;
            if (shutdown(c->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
                LOG(LOG_WARN, "cannot shut a late connection down: %s", strerror(errno));
            c->cut = true; /* once: MHD closes it when it sees the end of the stream */
            conns.cut++;
        }
        if (conns.cut != told) {
            LOG(LOG_WARN, "cut %llu connections whose request did not arrive within %lld ms",
                conns.cut - told, (long long)conns.deadline_ms);
            told = conns.cut;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&conns.cv, &conns.mu, &until);
    }
    pthread_mutex_unlock(&conns.mu);
    return NULL;
}

/* Per-connection state between MHD's calls for one request. */
struct upload {
    char *buf;
    size_t len;
    bool too_large;
    struct MHD_Response *held; /* a finished response waiting for its ticket, or NULL */
    unsigned status;           /* of held */
    uint64_t ticket;           /* of held */
    char rid[17];              /* of held, for the log */
    bool refused;              /* answered by its fields at the first call (fields_refusal) */
};

/*
 * The connections whose response is held (http.h: hold_ticket). A connection is added and
 * suspended under mu after its ticket was seen pending under mu, and http_release_held resumes
 * it under mu after its ticket was seen decided: a decision cannot slip between the two.
 */
static struct {
    pthread_mutex_t mu;
    const struct http_options *opt; /* of the running server, or NULL */

    struct held {
        struct MHD_Connection *conn;
        uint64_t ticket;
    } * v;

    size_t n, cap;
    bool stopping; /* no more suspending: the daemon is about to stop */
} held = { PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0, 0, false };

void
http_release_held(void)
{
    pthread_mutex_lock(&held.mu);
    for (size_t i = 0; i < held.n;) {
        if (held.opt->hold_state(held.opt->ctx, held.v[i].ticket) == HOLD_PENDING) {
            i++;
            continue;
        }
        MHD_resume_connection(held.v[i].conn);
        held.v[i] = held.v[--held.n];
    }
    pthread_mutex_unlock(&held.mu);
}

/* Hold resp until ticket is decided, if it is still pending: true if held (conn suspended). While
 * the server stops, wait here instead (at most 10 s; still pending then counts as failed). */
static bool
hold(struct MHD_Connection *conn, struct upload *up, struct MHD_Response *resp, unsigned status,
     uint64_t ticket, enum hold_state *state)
{
    bool kept = false;
    pthread_mutex_lock(&held.mu);
    *state = held.opt->hold_state(held.opt->ctx, ticket);
    for (int i = 0; held.stopping && *state == HOLD_PENDING && i < 10000; i++) {
        pthread_mutex_unlock(&held.mu);
        nanosleep(&(struct timespec){ 0, 1000 * 1000 }, NULL);
        pthread_mutex_lock(&held.mu);
        *state = held.opt->hold_state(held.opt->ctx, ticket);
    }
    if (held.stopping && *state == HOLD_PENDING)
        *state = HOLD_FAILED;
    if (*state == HOLD_PENDING) {
        if (held.n == held.cap) {
            held.cap = held.cap ? 2 * held.cap : 64;
            held.v = xrealloc(held.v, held.cap * sizeof(*held.v));
        }
        held.v[held.n++] = (struct held){ conn, ticket };
        up->held = resp;
        up->status = status;
        up->ticket = ticket;
        MHD_suspend_connection(conn);
        kept = true;
    }
    pthread_mutex_unlock(&held.mu);
    return kept;
}

/* Queue the plain-text 500 page that replaces a response whose read could not be logged. */
static enum MHD_Result
queue_unlogged(struct MHD_Connection *conn)
{
    static const char text[] = "Der skete en fejl.\n";
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        sizeof(text) - 1, (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    set_headers(resp, "text/plain; charset=utf-8", false);
    enum MHD_Result ret = MHD_queue_response(conn, 500, resp);
    MHD_destroy_response(resp);
    return ret;
}

const char *
req_header(struct req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *
req_cookie(struct req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode application/x-www-form-urlencoded text (NULL on a bad escape). */
static char *
form_decode(struct arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n)
                return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            out[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    return out;
}

const char *
req_query(struct req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

size_t
req_form_all(struct req *req, const char *name, const char **out, size_t max)
{
    size_t nlen = strlen(name), k = 0;
    const char *p = req->form;
    const char *end = p ? p + req->form_len : NULL;
    while (p && p < end && k < max) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
            const char *v = form_decode(req->arena, eq + 1, (size_t)(stop - eq - 1));
            if (v)
                out[k++] = v;
        }
        p = amp ? amp + 1 : end;
    }
    return k;
}

const char *
req_form(struct req *req, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = req->form;
    const char *end = p ? p + req->form_len : NULL;
    while (p && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0)
            return form_decode(req->arena, eq + 1, (size_t)(stop - eq - 1));
        p = amp ? amp + 1 : end;
    }
    return NULL;
}

void
resp_header(struct req *req, const char *name, const char *value)
{
    if (req->nheaders == HTTP_MAX_HEADERS)
        BUG("resp_header: too many headers");
    req->headers[req->nheaders].name = arena_strdup(req->arena, name);
    req->headers[req->nheaders].value = arena_strdup(req->arena, value);
    req->nheaders++;
}

void
resp_redirect(struct req *req, const char *location)
{
    req->status = 303;
    resp_header(req, "Location", location);
}

/* A random request id for log lines and audit rows (not a secret, but not to be guessed from the
 * last one either): splitmix64 over a per-thread state seeded once from the kernel, so a request
 * costs no system call. */
static void
request_id(char out[17], unsigned long long n)
{
    static _Thread_local uint64_t state;
    static _Thread_local bool seeded;
    if (!seeded) {
        if (getrandom(&state, sizeof(state), 0) != (ssize_t)sizeof(state))
            state = (uint64_t)time(NULL) ^ ((uint64_t)n * 0x9e3779b97f4a7c15ULL);
        seeded = true;
    }
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int i = 15; i >= 0; i--, z >>= 4)
        out[i] = "0123456789abcdef"[z & 15];
    out[16] = '\0';
}

/* Does path match route r? For ROUTE_ID, path = r->path + digits, and *id gets the number. */
static bool
path_matches(const struct route *r, const char *path, int64_t *id)
{
    if (!(r->flags & ROUTE_ID))
        return strcmp(r->path, path) == 0;
    size_t n = strlen(r->path);
    if (strncmp(r->path, path, n) != 0)
        return false;
    return parse_i64(path + n, 1, INT64_MAX, id) == OK;
}

enum err
http_routes_check(const struct route *routes, size_t n, bool have_admit, struct strbuf *why)
{
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &routes[i];
        const char *m = r->method ? r->method : "?", *p = r->path ? r->path : "?";
        unsigned f = r->flags;
        bool pub = f & ROUTE_PUBLIC, ses = f & ROUTE_SESSION, any = f & ROUTE_ANY_ROLE;
        if (!r->method || (strcmp(m, "GET") != 0 && strcmp(m, "POST") != 0) || !r->path ||
            p[0] != '/' || !r->fn)
            return why_set(why, ERR_INVALID,
                           "route %s %s: needs GET or POST, a path from /, "
                           "and a handler",
                           m, p);
        if (pub == ses)
            return why_set(why, ERR_INVALID,
                           "route %s %s: must be either public or a session "
                           "route",
                           m, p);
        if (pub && (any || r->need))
            return why_set(why, ERR_INVALID, "route %s %s: a public route needs no role", m, p);
        if (ses && any == (r->need != 0))
            return why_set(why, ERR_INVALID,
                           "route %s %s: a session route names the role it "
                           "needs, or that any role may",
                           m, p);
        if (ses && !have_admit)
            return why_set(why, ERR_INVALID, "route %s %s: a session route needs the admit hook", m,
                           p);
        for (size_t k = 0; k < i; k++)
            if (strcmp(routes[k].method, m) == 0 && strcmp(routes[k].path, p) == 0)
                return why_set(why, ERR_INVALID, "route %s %s: listed twice", m, p);
    }
    return OK;
}

static const struct route *
find_route(const struct http_options *opt, const char *method, const char *path, bool *path_known,
           int64_t *id)
{
    *path_known = false;
    for (size_t i = 0; i < opt->nroutes; i++) {
        if (!path_matches(&opt->routes[i], path, id))
            continue;
        *path_known = true;
        if (strcmp(opt->routes[i].method, method) == 0)
            return &opt->routes[i];
    }
    return NULL;
}

static void
set_headers(struct MHD_Response *resp, const char *content_type, bool cache_set)
{
    MHD_add_response_header(resp, "Content-Type", content_type);
    for (size_t i = 0; i < door_nsecurity_headers; i++)
        MHD_add_response_header(resp, door_security_headers[i].name,
                                door_security_headers[i].value);
    if (!cache_set)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* The door's answer for status as a response, with every header; NULL if it cannot be made. */
static struct MHD_Response *
refusal(int status)
{
    const char *text = door_refusal_text(status);
    if (!text)
        BUG("no refusal text for this status");
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT);
    if (resp)
        set_headers(resp, "text/plain; charset=utf-8", false);
    return resp;
}

/*
 * MHD's own answers. MHD answers some requests itself, with a bare HTML text of its own and none
 * of our headers: a later head on a kept-alive connection (the door sees only a connection's
 * first) that is malformed, over its memory, of another HTTP version or with a Content-Length
 * too large to read, and a bad chunk. 0.9.75, Debian 12's, has no option or hook for them. But
 * its calls to its own MHD_queue_response go through its procedure linkage table, and a definition
 * in the executable comes first in the dynamic linker's search: so every response MHD queues,
 * its own and ours, passes through this one. Ours carry the Content-Security-Policy; a response
 * without it is MHD's own, and is replaced by the door's answer for its status, with every
 * header (or, for a status the door has no text for, given the headers). http_serve checks at
 * start that the definition is the one MHD reaches (mhd_answers_ours).
 */
typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
static queue_fn mhd_queue;
static pthread_once_t mhd_queue_once = PTHREAD_ONCE_INIT;

/* dlsym's answer as a function (POSIX: a data pointer can hold one). */
union symbol {
    void *obj;
    queue_fn fn;
};

static void
find_mhd_queue(void)
{
    union symbol s = { .obj = dlsym(RTLD_NEXT, "MHD_queue_response") };
    if (!s.obj)
        BUG("libmicrohttpd's MHD_queue_response cannot be found");
    mhd_queue = s.fn;
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *conn, unsigned int status, struct MHD_Response *resp)
{
    pthread_once(&mhd_queue_once, find_mhd_queue);
    if (!resp || MHD_get_response_header(resp, "Content-Security-Policy"))
        return mhd_queue(conn, status, resp);
    struct MHD_Response *ours = door_refusal_text((int)status) ? refusal((int)status) : NULL;
    if (!ours) {
        set_headers(resp, "text/html; charset=utf-8", false); /* MHD's own text is HTML */
        return mhd_queue(conn, status, resp);
    }
    enum MHD_Result ret = mhd_queue(conn, status, ours);
    MHD_destroy_response(ours);
    return ret;
}

/* Whether MHD's own calls reach the MHD_queue_response above. */
static bool
mhd_answers_ours(void)
{
    union symbol s = { .obj = dlsym(RTLD_DEFAULT, "MHD_queue_response") };
    return s.fn == MHD_queue_response;
}

/* The client's address: the peer's, or behind the trusted proxy the last address its
 * X-Forwarded-For names (the one the proxy itself saw). Never logged. */
static const char *
client_address(const struct http_options *opt, struct MHD_Connection *conn, struct arena *a)
{
    char peer[INET6_ADDRSTRLEN] = "unknown";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, peer,
                  sizeof(peer));
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, peer,
                  sizeof(peer));
    if (opt->proxy && strcmp(peer, opt->proxy) == 0) {
        const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
        const char *last = xff ? strrchr(xff, ',') : NULL;
        last = last ? last + 1 : xff;
        while (last && *last == ' ')
            last++;
        char addr[INET6_ADDRSTRLEN];
        unsigned char probe[sizeof(struct in6_addr)];
        size_t n = last ? strcspn(last, " ") : 0;
        if (n > 0 && n < sizeof(addr)) {
            memcpy(addr, last, n);
            addr[n] = '\0';
            if (inet_pton(AF_INET, addr, probe) == 1 || inet_pton(AF_INET6, addr, probe) == 1)
                return arena_strdup(a, addr);
        }
    }
    return arena_strdup(a, peer);
}

static enum MHD_Result
head_bytes(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    size_t *n = cls;
    (void)kind;
    *n += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
    return MHD_YES;
}

/* 0, or 414 or 431 if the request's URL or head is over our limits. */
static int
head_too_large(struct MHD_Connection *conn, const char *url)
{
    size_t head = 0, target = strlen(url); /* MHD's url is the path: the query comes apart */
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, head_bytes, &target);
    if (target > URL_MAX)
        return 414;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, head_bytes, &head);
    return head > HEAD_MAX ? 431 : 0;
}

struct fields_check {
    struct door_fields f;
    int status;
};

static enum MHD_Result
field_checked(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct fields_check *c = cls;
    (void)kind;
    c->status = door_field(&c->f, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
    return c->status ? MHD_NO : MHD_YES;
}

/* 0, or the status the door would have refused this head with (door_field): the door sees only
 * a connection's first head, MHD parses the later ones of a kept-alive connection itself and
 * serves two Content-Lengths, one beside Transfer-Encoding, a chunked body or whitespace before a
 * colon. */
static int
fields_refusal(struct MHD_Connection *conn)
{
    struct fields_check c = { { NULL, 0, false }, 0 };
    MHD_get_connection_values(conn, MHD_HEADER_KIND, field_checked, &c);
    return c.status ? c.status : door_fields_end(&c.f);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct server *srv = cls;
    struct upload *up = *con_cls;
    (void)version;

    if (!up) {
        /* First call: headers only. The body (if any) arrives in the calls that follow. */
        up = xcalloc(1, sizeof(*up));
        *con_cls = up;
        int bad = fields_refusal(conn);
        if (bad) {
            /* Answered before the body is read: MHD then closes the connection. */
            up->refused = true;
            LOG(LOG_INFO, "req=- status=%d: refused by its header fields", bad);
            struct MHD_Response *resp = refusal(bad);
            enum MHD_Result ret = resp ? MHD_queue_response(conn, (unsigned)bad, resp) : MHD_NO;
            if (resp)
                MHD_destroy_response(resp);
            return ret;
        }
        return MHD_YES;
    }
    if (up->refused) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (up->held) {
        /* Resumed: the ticket is decided. Anything but durable sends the error instead. */
        struct MHD_Response *resp = up->held;
        up->held = NULL;
        bool durable = srv->opt->hold_state(srv->opt->ctx, up->ticket) == HOLD_DONE;
        enum MHD_Result ret =
            durable ? MHD_queue_response(conn, up->status, resp) : queue_unlogged(conn);
        if (!durable)
            LOG(LOG_WARN, "req=%s status=500: its audit rows were not written; response dropped",
                up->rid);
        MHD_destroy_response(resp);
        return ret;
    }
    if (*upload_size) {
        if (!up->too_large && up->len + *upload_size <= BODY_MAX) {
            up->buf = xrealloc(up->buf, up->len + *upload_size + 1);
            memcpy(up->buf + up->len, upload_data, *upload_size);
            up->len += *upload_size;
            up->buf[up->len] = '\0';
        } else {
            up->too_large = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }

    struct req req;
    char rid[17];
    memset(&req, 0, sizeof(req));
    request_id(rid, atomic_fetch_add(&srv->counter, 1) + 1);
    req.method = method;
    req.path = url;
    req.request_id = rid;
    req.arena = arena_new(REQ_ARENA_CAP);
    strbuf_init(&req.body, 8u * 1024u * 1024u); /* a whole red thread of the longest history */
    req.status = 200;
    req.content_type = "text/html; charset=utf-8";
    req.ctx = srv->opt->ctx;
    req.conn = conn;
    req.form = up->buf;
    req.form_len = up->len;
    conn_phase(conn, true); /* it has arrived: from here on no deadline */
    req.client = client_address(srv->opt, conn, req.arena);

    bool path_known;
    const struct route *rt = find_route(srv->opt, method, url, &path_known, &req.id);
    int head_status = head_too_large(conn, url);
    if (head_status) {
        req.status = head_status;
        req.content_type = "text/plain; charset=utf-8";
        strbuf_addstr(&req.body, head_status == 414 ? DOOR_TEXT_414 : DOOR_TEXT_431);
    } else if (up->too_large) {
        req.status = 413;
        req.content_type = "text/plain; charset=utf-8";
        strbuf_addstr(&req.body, "Forespørgslen er for stor.\n");
    } else if (rt) {
        /* Deny by default at the door: the route's flags, then its handler. */
        if (!srv->opt->admit || srv->opt->admit(&req, rt))
            rt->fn(&req);
    } else if (srv->opt->static_dir && strcmp(method, "GET") == 0 &&
               strncmp(url, "/static/", 8) == 0 && serve_static(srv->opt, url + 8, &req)) {
        /* served */
    } else {
        req.status = path_known ? 405 : 404;
        req.content_type = "text/plain; charset=utf-8";
        strbuf_addstr(&req.body,
                      path_known ? "Metoden er ikke tilladt.\n" : "Siden findes ikke.\n");
    }
    if (strbuf_error(&req.body)) {
        strbuf_reset(&req.body);
        req.status = 500;
        req.content_type = "text/plain; charset=utf-8";
        strbuf_addstr(&req.body, "Der skete en fejl.\n");
    }

    /* What the handler read may leave only when its audit rows are durable. */
    uint64_t ticket = srv->opt->hold_ticket ? srv->opt->hold_ticket(srv->opt->ctx) : 0;
    static char empty[1];
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        req.body.len, req.body.buf ? req.body.buf : empty, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ret = MHD_NO;
    if (resp) {
        bool cache_set = false;
        for (int i = 0; i < req.nheaders; i++)
            cache_set = cache_set || strcmp(req.headers[i].name, "Cache-Control") == 0;
        set_headers(resp, req.content_type, cache_set);
        MHD_add_response_header(resp, "X-Request-Id", rid);
        for (int i = 0; i < req.nheaders; i++)
            MHD_add_response_header(resp, req.headers[i].name, req.headers[i].value);
        enum hold_state state = HOLD_DONE;
        memcpy(up->rid, rid, sizeof(up->rid));
        if (ticket && hold(conn, up, resp, (unsigned)req.status, ticket, &state)) {
            ret = MHD_YES;
        } else {
            ret = state == HOLD_DONE ? MHD_queue_response(conn, (unsigned)req.status, resp)
                                     : queue_unlogged(conn);
            if (state != HOLD_DONE) {
                req.status = 500;
                LOG(LOG_WARN,
                    "req=%s status=500: its audit rows were not written; response dropped", rid);
            }
            MHD_destroy_response(resp);
        }
    }
    LOG(LOG_INFO, "req=%s %s status=%d bytes=%zu", rid, method, req.status, req.body.len);
    strbuf_release(&req.body);
    arena_free(req.arena);
    return ret;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    struct upload *up = *con_cls;
    (void)cls;
    (void)toe;
    conn_phase(conn, false); /* a kept-alive connection's next request must arrive in time */
    if (up) {
        if (up->held)
            MHD_destroy_response(up->held);
        free(up->buf);
        free(up);
        *con_cls = NULL;
    }
}

/* Static files under the configured directory: a strict path (letters, digits, '-', '_', '.',
 * '/', no "..", no leading '.') and a known extension, which also gives the content type. */
static const struct {
    const char *ext, *type;
} static_types[] = {
    { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".woff2", "font/woff2" },
    { ".woff", "font/woff" },
    { ".ttf", "font/ttf" },
    { ".png", "image/png" },
};

static bool
static_path_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '.' || name[0] == '/' || strstr(name, "..") ||
        strstr(name, "//"))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/'))
            return false;
    }
    return true;
}

static bool
serve_static(const struct http_options *opt, const char *name, struct req *req)
{
    const char *type = NULL;
    if (!static_path_ok(name))
        return false;
    size_t n = strlen(name);
    for (size_t i = 0; i < ARRAY_SIZE(static_types) && !type; i++) {
        size_t e = strlen(static_types[i].ext);
        if (n > e && strcmp(name + n - e, static_types[i].ext) == 0)
            type = static_types[i].type;
    }
    if (!type)
        return false;
    char path[1024];
    if (xsnprintf(path, sizeof(path), "%s/%s", opt->static_dir, name))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char buf[16384];
    size_t got;
    while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&req->body, buf, got);
    fclose(f);
    req->content_type = type;
    resp_header(req, "Cache-Control", "public, max-age=3600");
    return true;
}

/* MHD's own messages: the format comes from the library, checked there. */
static void mhd_logger(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
    char msg[256];
    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    LOG(LOG_WARN, "mhd %s", msg);
}

static enum err
parse_listen(const char *listen, struct sockaddr_in *sa, struct strbuf *why)
{
    char host[64];
    int64_t port;
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof(host) || colon == listen)
        return why_set(why, ERR_INVALID, "--listen: must be ADDR:PORT, e.g. 127.0.0.1:8080");
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (parse_i64(colon + 1, 0, 65535, &port))
        return why_set(why, ERR_INVALID, "--listen: the port must be a number from 0 to 65535");
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return why_set(why, ERR_INVALID, "--listen: the address must be an IPv4 address");
    return OK;
}

/* Room for every connection at the door and in MHD at once, and for the database's files: the
 * soft limit on descriptors raised towards the hard one (often 1,024 against 2 x 512). */
static void
descriptors_for(unsigned connections)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)connections * 2 + 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
        LOG(LOG_WARN,
            "only %llu file descriptors for %u connections at the door and %u in the "
            "server; raise the hard limit (ulimit -Hn)",
            (unsigned long long)rl.rlim_cur, connections, connections);
}

/* Before the daemon stops: let the held responses go as their tickets are decided (the caller's
 * committer still runs), for at most 10 s; then send the rest the error page, and give the
 * worker threads a moment to write them. MHD must not stop with connections suspended. */
static void
release_all_held(void)
{
    pthread_mutex_lock(&held.mu);
    held.stopping = true; /* a request still in a handler now waits in hold() instead */
    pthread_mutex_unlock(&held.mu);
    for (int i = 0; i < 1000; i++) {
        http_release_held();
        pthread_mutex_lock(&held.mu);
        size_t n = held.n;
        pthread_mutex_unlock(&held.mu);
        if (n == 0)
            return;
        nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    pthread_mutex_lock(&held.mu);
    LOG(LOG_WARN, "stopping with %zu responses still waiting for their audit rows; refused",
        held.n);
    for (size_t i = 0; i < held.n; i++)
        MHD_resume_connection(held.v[i].conn);
    held.n = 0;
    pthread_mutex_unlock(&held.mu);
    nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
}

static void
stop_watchdog(pthread_t dog)
{
    pthread_mutex_lock(&conns.mu);
    conns.stop = true;
    pthread_cond_signal(&conns.cv);
    pthread_mutex_unlock(&conns.mu);
    pthread_join(dog, NULL);
}

enum err
http_serve(const struct http_options *opt, struct strbuf *why)
{
    struct sockaddr_in sa;
    struct server srv = { opt, NULL, 0 };
    sigset_t set;
    int sig = 0;
    enum err rc = parse_listen(opt->listen, &sa, why);
    if (!rc)
        rc = http_routes_check(opt->routes, opt->nroutes, opt->admit != NULL, why);
    if (rc)
        return rc;

    /* Block the stop signals in every thread; this one waits for them below. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    pthread_mutex_lock(&held.mu);
    held.opt = opt;
    held.stopping = false;
    pthread_mutex_unlock(&held.mu);
    pthread_mutex_lock(&conns.mu);
    conns.deadline_ms = (int64_t)(opt->request_seconds ? opt->request_seconds : 10u) * 1000;
    conns.stop = false;
    pthread_mutex_unlock(&conns.mu);
    pthread_t dog;
    if (pthread_create(&dog, NULL, watchdog, NULL) != 0)
        return why_set(why, ERR_INTERNAL, "cannot start the request deadline thread");
    /* MHD listens on nothing: the door accepts, and hands each connection over (door.c). */
    unsigned max_conn = opt->max_connections ? opt->max_connections : 512u;
    unsigned per_ip = opt->per_ip ? opt->per_ip : 64u;
    descriptors_for(max_conn);
    srv.d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_NO_LISTEN_SOCKET,
        0, NULL, NULL, handle, &srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, NULL, MHD_OPTION_THREAD_POOL_SIZE,
        opt->threads ? opt->threads : 1u, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_CONNECTION_LIMIT, max_conn, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_POOL,
        MHD_OPTION_END);
    if (!srv.d) {
        stop_watchdog(dog);
        return why_set(why, ERR_IO, "cannot start the HTTP server");
    }
    struct door_options dopt = { .name = opt->listen,
                                 .sa = sa,
                                 .max_pending = max_conn,
                                 .per_ip = per_ip,
                                 .deadline_ms = conns.deadline_ms,
                                 .url_max = URL_MAX,
                                 .head_max = HEAD_MAX,
                                 .admit = door_admit,
                                 .cls = &srv };
    struct door *door = NULL;
    unsigned port = 0;
    rc = door_open(&dopt, &door, &port, why);
    if (!rc && opt->port_file) {
        FILE *f = fopen(opt->port_file, "w");
        bool written = f && fprintf(f, "%u\n", port) >= 0;
        if (f && fclose(f) != 0)
            written = false;
        if (!written)
            rc = why_set(why, ERR_IO, "cannot write the port file '%s'", opt->port_file);
    }
    if (rc) {
        if (door)
            door_close(door);
        release_all_held();
        MHD_stop_daemon(srv.d);
        stop_watchdog(dog);
        return rc;
    }
    if (!mhd_answers_ours())
        LOG(LOG_WARN, "libmicrohttpd's own error answers reach it directly: they will lack the "
                      "security headers (MHD_queue_response is not interposed)");
    LOG(LOG_INFO, "listening on http://%s:%u/", inet_ntoa(sa.sin_addr), port);
    fflush(stderr);

    sigwait(&set, &sig);
    LOG(LOG_INFO, "signal %d: stopping", sig);
    door_close(door); /* no new connections; those still arriving are closed */
    release_all_held();
    MHD_stop_daemon(srv.d);
    stop_watchdog(dog);
    pthread_mutex_lock(&held.mu);
    free(held.v);
    held.v = NULL;
    held.n = held.cap = 0;
    pthread_mutex_unlock(&held.mu);
    pthread_mutex_lock(&conns.mu);
    free(conns.accepted);
    conns.accepted = NULL;
    conns.naccepted = 0;
    pthread_mutex_unlock(&conns.mu);
    LOG(LOG_INFO, "stopped");
    return OK;
}
