/*
 * throttle.c - login attempts limited before any password is hashed (issue 19): per
 * address, per login and per address and login, and a bounded number of hashes at once.
 *
 * A lockout keyed by the login alone lets anyone lock a real user out by typing wrong passwords
 * for them; so the delay that grows is kept per address and login (the attacker's address waits,
 * the user's own does not), and what is kept per login alone is a rate that slows guessing from
 * many addresses without ever shutting the door. Kept in memory: a restart forgets it, and
 * nothing about an address is written anywhere (it is not logged either).
 * Must not: hash a password, or keep a password or a login in clear.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "core/crypto.h"

/* From one address: a burst of ADDR_BURST attempts, then one every ADDR_EVERY seconds. */
#define ADDR_BURST 20
#define ADDR_EVERY 3
/* For one login, from anywhere: a burst of LOGIN_BURST, then one a second. */
#define LOGIN_BURST 10
#define LOGIN_EVERY 1
/* For one login from one address: FREE failures in a row, then a wait of 1, 2, 4, ... seconds
 * after each further failure, at most PAIR_MAX_WAIT (15 minutes). A success clears it. */
#define PAIR_FREE     3
#define PAIR_MAX_WAIT (15 * 60)
/* The table: entries not touched for an hour are free again. */
#define SLOTS  8192
#define PROBES 16
#define FORGET (60 * 60)

enum kind { K_ADDR = 'a', K_LOGIN = 'l', K_PAIR = 'p' };

struct slot {
    uint64_t key; /* 0: free */
    int64_t seen; /* last touched */
    int64_t at;   /* a bucket: the time it was full as of; a pair: the last failure */
    int failures; /* a pair: in a row */
    bool told;    /* the current refusal has been audited */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot table[SLOTS];
static atomic_uint hashing;
static atomic_uint hash_slots = 1;

static uint64_t
key_of(enum kind k, const char *from, const char *login)
{
    char buf[200];
    int n = snprintf(buf, sizeof(buf), "%c\n%s\n%s", (char)k, k == K_LOGIN ? "" : from,
                     k == K_ADDR ? "" : login);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    uint64_t h = crypto_table_hash(buf, len);
    return h ? h : 1;
}

/* The slot of key: found, or made in a free slot of its probe window or else in the stalest
 * one, so that a flood of new keys cannot grow memory; an entry not touched for FORGET seconds
 * starts afresh. */
static struct slot *
slot_of(uint64_t key, int64_t now)
{
    size_t i0 = (size_t)(key % SLOTS);
    struct slot *victim = NULL;
    for (size_t p = 0; p < PROBES; p++) {
        struct slot *s = &table[(i0 + p) % SLOTS];
        if (s->key == key) {
            if (now - s->seen >= FORGET)
                *s = (struct slot){ key, now, 0, 0, false };
            return s;
        }
        if (!victim || (victim->key != 0 && (s->key == 0 || s->seen < victim->seen)))
            victim = s;
    }
    *victim = (struct slot){ key, now, 0, 0, false };
    return victim;
}

/* A rate with a burst (GCRA): at is the theoretical arrival time of the next attempt. An
 * attempt is let through if at most burst - 1 intervals are owed; else refused with the wait. */
static int64_t
bucket_take(struct slot *s, int64_t now, int burst, int every)
{
    int64_t tat = s->at > now ? s->at : now;
    int64_t owed = tat - now, allowed = (int64_t)(burst - 1) * every;
    if (owed > allowed)
        return owed - allowed;
    s->at = tat + every;
    return 0;
}

static int64_t
pair_wait(const struct slot *s, int64_t now)
{
    if (s->failures < PAIR_FREE)
        return 0;
    int shift = s->failures - PAIR_FREE;
    int64_t wait = shift >= 10 ? PAIR_MAX_WAIT : (int64_t)1 << shift;
    if (wait > PAIR_MAX_WAIT)
        wait = PAIR_MAX_WAIT;
    return s->at + wait > now ? s->at + wait - now : 0;
}

enum err
throttle_login_begin(const char *from, const char *login, int64_t now, int64_t *retry_after,
                     bool *first, const char **by)
{
    const char *f = from ? from : "local";
    *retry_after = 0;
    *first = false;
    *by = NULL;
    pthread_mutex_lock(&mu);
    struct slot *pair = slot_of(key_of(K_PAIR, f, login), now);
    struct slot *addr = slot_of(key_of(K_ADDR, f, login), now);
    struct slot *lg = slot_of(key_of(K_LOGIN, f, login), now);
    pair->seen = addr->seen = lg->seen = now;
    int64_t wait = pair_wait(pair, now);
    struct slot *held = pair;
    if (!wait) {
        *by = "address";
        held = addr;
        wait = bucket_take(addr, now, ADDR_BURST, ADDR_EVERY);
    }
    if (!wait) {
        *by = "login";
        held = lg;
        wait = bucket_take(lg, now, LOGIN_BURST, LOGIN_EVERY);
    }
    if (wait) {
        if (held == pair)
            *by = "address and login";
        *retry_after = wait;
        *first = !held->told;
        held->told = true;
    } else {
        pair->told = addr->told = lg->told = false;
    }
    pthread_mutex_unlock(&mu);
    return wait ? ERR_RATE : OK;
}

void
throttle_login_end(const char *from, const char *login, bool ok, int64_t now)
{
    pthread_mutex_lock(&mu);
    struct slot *pair = slot_of(key_of(K_PAIR, from ? from : "local", login), now);
    pair->seen = now;
    if (ok) {
        pair->failures = 0;
    } else {
        pair->failures++;
        pair->at = now;
        pair->told = false;
    }
    pthread_mutex_unlock(&mu);
}

bool
throttle_hash_acquire(void)
{
    unsigned n = atomic_fetch_add(&hashing, 1);
    if (n < atomic_load(&hash_slots))
        return true;
    atomic_fetch_sub(&hashing, 1);
    return false;
}

void
throttle_hash_release(void)
{
    atomic_fetch_sub(&hashing, 1);
}

void
app_login_hash_slots(unsigned n)
{
    atomic_store(&hash_slots, n ? n : 1);
}

void
throttle_forget(void)
{
    pthread_mutex_lock(&mu);
    memset(table, 0, sizeof(table));
    pthread_mutex_unlock(&mu);
}
