/*
 * crypto.c - libsodium and liboath live here and nowhere else.
 * Must not: use rand(), memcmp on secrets, or log a secret.
 */
#include "core/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/str.h"

enum err
crypto_init(void)
{
    if (sodium_init() < 0)
        return ERR_INTERNAL;
    if (oath_init() != OATH_OK)
        return ERR_INTERNAL;
    return OK;
}

void
crypto_b64url(const unsigned char *in, size_t n, char *out, size_t outsize)
{
    sodium_bin2base64(out, outsize, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
crypto_token_new(char out[static CRYPTO_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    crypto_b64url(raw, sizeof(raw), out, CRYPTO_TOKEN_LEN + 1);
    sodium_memzero(raw, sizeof(raw));
}

void
crypto_blake2b(const char *s, const unsigned char *key, unsigned char out[static CRYPTO_HASH_BYTES])
{
    crypto_generichash(out, CRYPTO_HASH_BYTES, (const unsigned char *)s, strlen(s), key,
                       key ? CRYPTO_HASH_BYTES : 0);
}

struct mac_stream {
    crypto_generichash_state st;
    size_t n;
    unsigned char buf[512];
};

static void
mac_put(struct mac_stream *m, const void *p, size_t n)
{
    if (n > sizeof(m->buf) - m->n) {
        crypto_generichash_update(&m->st, m->buf, m->n);
        m->n = 0;
        if (n > sizeof(m->buf)) {
            crypto_generichash_update(&m->st, p, n);
            return;
        }
    }
    memcpy(m->buf + m->n, p, n);
    m->n += n;
}

void
crypto_mac_fields(const unsigned char key[static CRYPTO_HASH_BYTES], const unsigned char *prev,
                  const char *const *fields, size_t n, unsigned char out[static CRYPTO_HASH_BYTES])
{
    /* The hash is over one stream; it is gathered in a buffer and handed over in few pieces. */
    struct mac_stream m;
    crypto_generichash_init(&m.st, key, CRYPTO_HASH_BYTES, CRYPTO_HASH_BYTES);
    m.n = 0;
    if (prev)
        mac_put(&m, prev, CRYPTO_HASH_BYTES);
    for (size_t i = 0; i < n; i++) {
        if (!fields[i]) {
            mac_put(&m, "-", 1);
            continue;
        }
        char len[FMT_I64_BUF + 1];
        size_t flen = strlen(fields[i]), k = fmt_i64(len, (int64_t)flen);
        len[k++] = ':';
        mac_put(&m, len, k);
        mac_put(&m, fields[i], flen);
    }
    crypto_generichash_update(&m.st, m.buf, m.n);
    crypto_generichash_final(&m.st, out, CRYPTO_HASH_BYTES);
}

void
crypto_key_new(unsigned char key[static CRYPTO_KEY_BYTES])
{
    crypto_kdf_keygen(key);
}

void
crypto_subkey(const unsigned char master[static CRYPTO_KEY_BYTES], enum crypto_purpose p,
              unsigned char out[static CRYPTO_KEY_BYTES])
{
    crypto_kdf_derive_from_key(out, CRYPTO_KEY_BYTES, (uint64_t)p, "trappe__", master);
}

void
crypto_hex(const unsigned char *in, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, in, n);
}

enum err
crypto_unhex(const char *hex, unsigned char *out, size_t n)
{
    size_t got = 0;
    if (strlen(hex) != 2 * n || sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 ||
        got != n)
        return ERR_INVALID;
    return OK;
}

static unsigned char shorthash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t shorthash_once = PTHREAD_ONCE_INIT;

static void
shorthash_key_make(void)
{
    crypto_shorthash_keygen(shorthash_key);
}

uint64_t
crypto_table_hash(const void *p, size_t n)
{
    unsigned char out[crypto_shorthash_BYTES];
    uint64_t v = 0;
    pthread_once(&shorthash_once, shorthash_key_make);
    crypto_shorthash(out, p, n, shorthash_key);
    for (size_t i = 0; i < sizeof(out); i++)
        v = v << 8 | out[i];
    return v;
}

bool
crypto_bytes_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

void
crypto_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}

bool
crypto_str_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

enum err
crypto_password_hash(const char *password, char out[static CRYPTO_PWHASH_LEN])
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return ERR_INTERNAL;
    return OK;
}

bool
crypto_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
crypto_totp_secret_new(char out[static CRYPTO_TOTP_SECRET + 1])
{
    unsigned char raw[20];
    char *b32 = NULL;
    size_t len = 0;
    randombytes_buf(raw, sizeof(raw));
    if (oath_base32_encode((const char *)raw, sizeof(raw), &b32, &len) != OATH_OK ||
        len != CRYPTO_TOTP_SECRET)
        BUG("base32 of 20 bytes must be 32 characters");
    memcpy(out, b32, CRYPTO_TOTP_SECRET);
    out[CRYPTO_TOTP_SECRET] = '\0';
    sodium_memzero(raw, sizeof(raw));
    sodium_memzero(b32, len);
    free(b32);
}

static enum err
secret_bytes(const char *b32, char **raw, size_t *len)
{
    if (oath_base32_decode(b32, strlen(b32), raw, len) != OATH_OK)
        return ERR_INVALID;
    return OK;
}

enum err
crypto_totp_check(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                  int64_t *step)
{
    char *raw = NULL;
    size_t len = 0;
    int pos = 0;
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return ERR_INVALID;
    if (secret_bytes(secret_b32, &raw, &len))
        return ERR_INVALID;
    int rc = oath_totp_validate2(raw, len, (time_t)now, 30, 0, 1, &pos, code);
    sodium_memzero(raw, len);
    free(raw);
    if (rc < 0)
        return ERR_INVALID;
    int64_t s = now / 30 + pos;
    if (s <= last_step)
        return ERR_INVALID;
    *step = s;
    return OK;
}

enum err
crypto_totp_now(const char *secret_b32, int64_t now, char out[static 7])
{
    char *raw = NULL;
    size_t len = 0;
    if (secret_bytes(secret_b32, &raw, &len))
        return ERR_INVALID;
    int rc = oath_totp_generate(raw, len, (time_t)now, 30, 0, 6, out);
    sodium_memzero(raw, len);
    free(raw);
    return rc == OATH_OK ? OK : ERR_INTERNAL;
}

_Static_assert(crypto_kdf_KEYBYTES == CRYPTO_KEY_BYTES, "kdf key size");

static enum err
keyfile_write_line(const char *path, int id, const unsigned char key[static CRYPTO_KEY_BYTES],
                   bool create, struct strbuf *why)
{
    char hex[2 * CRYPTO_KEY_BYTES + 1];
    int fd = open(
        path, create ? O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC : O_WRONLY | O_APPEND | O_CLOEXEC,
        0600);
    if (fd < 0)
        return why_set(why, ERR_IO, "key file '%s': %s", path, strerror(errno));
    crypto_hex(key, CRYPTO_KEY_BYTES, hex);
    char line[2 * CRYPTO_KEY_BYTES + 24];
    int n = snprintf(line, sizeof(line), "%d %s\n", id, hex);
    bool ok = write(fd, line, (size_t)n) == n && fsync(fd) == 0;
    sodium_memzero(hex, sizeof(hex));
    sodium_memzero(line, sizeof(line));
    if (close(fd) != 0)
        ok = false;
    return ok ? OK : why_set(why, ERR_IO, "key file '%s': cannot write it", path);
}

enum err
crypto_keyfile_load(const char *path, bool create, struct keyring *out, struct strbuf *why)
{
    struct stat sb;
    memset(out, 0, sizeof(*out));
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || !create)
            return why_set(why, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
                           "key file '%s': %s (it protects the audit chain and the personal "
                           "fields; restore it from where keys are kept)",
                           path, strerror(errno));
        unsigned char key[CRYPTO_KEY_BYTES];
        crypto_key_new(key);
        enum err rc = keyfile_write_line(path, 1, key, true, why);
        sodium_memzero(key, sizeof(key));
        if (rc)
            return rc;
        if (stat(path, &sb) != 0)
            return why_set(why, ERR_IO, "key file '%s': %s", path, strerror(errno));
    }
    if (sb.st_mode & 077)
        return why_set(why, ERR_INVALID,
                       "key file '%s': readable by group or others; 'chmod 600 %s' first", path,
                       path);
    FILE *f = fopen(path, "re");
    if (!f)
        return why_set(why, ERR_IO, "key file '%s': %s", path, strerror(errno));
    char line[256];
    enum err rc = OK;
    int lineno = 0;
    while (!rc && fgets(line, sizeof(line), f)) {
        char hex[2 * CRYPTO_KEY_BYTES + 2];
        int id;
        lineno++;
        if (sscanf(line, "%d %65s", &id, hex) != 2 || id <= 0 || out->n == CRYPTO_MAX_KEYS ||
            (out->n && id <= out->ids[out->n - 1]) ||
            crypto_unhex(hex, out->keys[out->n], CRYPTO_KEY_BYTES) != OK)
            rc = why_set(why, ERR_INVALID,
                         "key file '%s':%d: not '<id> <64 hex digits>' with "
                         "rising ids",
                         path, lineno);
        else {
            for (int k = 0; k < CRYPTO_PURPOSES; k++)
                crypto_subkey(out->keys[out->n], (enum crypto_purpose)(k + 1), out->sub[out->n][k]);
            out->ids[out->n++] = id;
        }
        sodium_memzero(hex, sizeof(hex));
    }
    sodium_memzero(line, sizeof(line));
    fclose(f);
    if (!rc && out->n == 0)
        rc = why_set(why, ERR_INVALID, "key file '%s': holds no key", path);
    if (rc)
        sodium_memzero(out, sizeof(*out));
    return rc;
}

enum err
crypto_keyfile_write(const char *path, const struct keyring *ring, struct strbuf *why)
{
    size_t n = strlen(path);
    char *tmp = xmalloc(n + sizeof(".new"));
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".new", sizeof(".new"));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && fchmod(fd, 0600) == 0;
    for (int i = 0; ok && i < ring->n; i++) {
        char hex[2 * CRYPTO_KEY_BYTES + 1], line[2 * CRYPTO_KEY_BYTES + 24];
        crypto_hex(ring->keys[i], CRYPTO_KEY_BYTES, hex);
        int len = snprintf(line, sizeof(line), "%d %s\n", ring->ids[i], hex);
        ok = write(fd, line, (size_t)len) == len;
        sodium_memzero(hex, sizeof(hex));
        sodium_memzero(line, sizeof(line));
    }
    ok = ok && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    /* In place at once, and the rename durable: the directory is synced too. */
    ok = ok && rename(tmp, path) == 0;
    if (ok) {
        char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        int dfd = open(slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".",
                       O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        ok = dfd >= 0 && fsync(dfd) == 0;
        if (dfd >= 0)
            close(dfd);
        free(dir);
    } else {
        unlink(tmp);
    }
    free(tmp);
    return ok ? OK
              : why_set(why, ERR_IO, "key file '%s': cannot write it: %s", path, strerror(errno));
}

enum err
crypto_keyfile_add(const char *path, struct keyring *ring, struct strbuf *why)
{
    if (ring->n == CRYPTO_MAX_KEYS)
        return why_set(why, ERR_INVALID,
                       "key file '%s': already %d keys, the most it holds: remove the keys "
                       "nothing uses any more with 'trappe key prune' first",
                       path, CRYPTO_MAX_KEYS);
    int id = ring->n ? ring->ids[ring->n - 1] + 1 : 1;
    crypto_key_new(ring->keys[ring->n]);
    enum err rc = keyfile_write_line(path, id, ring->keys[ring->n], false, why);
    if (rc) {
        sodium_memzero(ring->keys[ring->n], CRYPTO_KEY_BYTES);
        return rc;
    }
    for (int k = 0; k < CRYPTO_PURPOSES; k++)
        crypto_subkey(ring->keys[ring->n], (enum crypto_purpose)(k + 1), ring->sub[ring->n][k]);
    ring->ids[ring->n++] = id;
    return OK;
}

const unsigned char *
keyring_subkey(const struct keyring *ring, int id, enum crypto_purpose p)
{
    for (int i = 0; i < ring->n; i++)
        if (ring->ids[i] == id)
            return ring->sub[i][p - 1];
    return NULL;
}

const unsigned char *
keyring_current(const struct keyring *ring, int *id)
{
    if (id)
        *id = ring->n ? ring->ids[ring->n - 1] : 0;
    return ring->n ? ring->keys[ring->n - 1] : NULL;
}

const unsigned char *
keyring_get(const struct keyring *ring, int id)
{
    for (int i = 0; i < ring->n; i++)
        if (ring->ids[i] == id)
            return ring->keys[i];
    return NULL;
}

#define FIELD_PREFIX "e1:"

/* Decode unpadded URL-safe base64 into out (room for n * 3 / 4 bytes); the number of bytes, or
 * -1 for a character outside the alphabet, a length no encoding has, or set bits past the end (so
 * each value has one encoding, as sodium_base642bin requires). A sealed field's text is
 * ciphertext, not a secret: a table lookup in place of libsodium's constant-time decoder, which
 * took as long as opening the field. */
static ptrdiff_t
base64url_decode(const char *in, size_t n, unsigned char *out)
{
    /* Each character's value plus one; 0 for none. */
    static const unsigned char value[256] = {
        ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
        ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
        ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
        ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
        ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
        ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
        ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
        ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
        ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['-'] = 63,
        ['_'] = 64
    };
    if (n % 4 == 1)
        return -1;
    uint32_t acc = 0;
    int bits = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int v = value[(unsigned char)in[i]] - 1;
        if (v < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    return acc ? -1 : (ptrdiff_t)k;
}

char *
crypto_field_seal(const struct keyring *ring, const char *ad, const char *plain)
{
    int kid;
    if (!keyring_current(ring, &kid))
        BUG("crypto_field_seal: no key");
    const unsigned char *sub = keyring_subkey(ring, kid, KEY_FIELDS);
    if (!sub)
        BUG("crypto_field_seal: no subkey for the current key");
    size_t n = strlen(plain);
    size_t blen = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + n +
                  crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned char *box = xmalloc(blen);
    randombytes_buf(box, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, (const unsigned char *)plain, n,
        (const unsigned char *)ad, strlen(ad), NULL, box, sub);
    size_t tlen = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = xmalloc(tlen + 32);
    int k = snprintf(out, 32, FIELD_PREFIX "%d:", kid);
    sodium_bin2base64(out + k, tlen, box, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    free(box);
    return out;
}

enum err
crypto_field_open(const struct keyring *ring, const char *ad, const char *sealed, char **plain)
{
    char *end = NULL;
    *plain = NULL;
    if (strncmp(sealed, FIELD_PREFIX, strlen(FIELD_PREFIX)) != 0)
        return ERR_INVALID;
    long kid = strtol(sealed + strlen(FIELD_PREFIX), &end, 10);
    const unsigned char *sub =
        kid > 0 && end && *end == ':' ? keyring_subkey(ring, (int)kid, KEY_FIELDS) : NULL;
    if (!sub)
        return ERR_INVALID;
    const char *b64 = end + 1;
    size_t b64len = strlen(b64);
    unsigned char *box = xmalloc(b64len + 1);
    ptrdiff_t got = base64url_decode(b64, b64len, box);
    size_t blen = got > 0 ? (size_t)got : 0;
    if (blen <
        crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        free(box);
        return ERR_INVALID;
    }
    size_t clen = blen - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    char *out = xmalloc(clen + 1);
    unsigned long long mlen = 0;
    int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(
        (unsigned char *)out, &mlen, NULL, box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, clen,
        (const unsigned char *)ad, strlen(ad), box, sub);
    free(box);
    if (bad) {
        free(out);
        return ERR_INVALID;
    }
    out[mlen] = '\0';
    *plain = out;
    return OK;
}

void
crypto_lookup_hash(const struct keyring *ring, const char *value, char out[static 65])
{
    unsigned char h[CRYPTO_HASH_BYTES];
    int kid;
    if (!keyring_current(ring, &kid))
        BUG("crypto_lookup_hash: no key");
    const unsigned char *sub = keyring_subkey(ring, kid, KEY_LOOKUP);
    if (!sub)
        BUG("crypto_lookup_hash: no subkey for the current key");
    crypto_generichash(h, sizeof(h), (const unsigned char *)value, strlen(value), sub,
                       CRYPTO_KEY_BYTES);
    crypto_hex(h, sizeof(h), out);
}

/* --- a file sealed as a stream (backups) --- */

#define STREAM_CHUNK (64 * 1024)

static bool
read_full(int fd, unsigned char *p, size_t n, size_t *got)
{
    *got = 0;
    while (*got < n) {
        ssize_t r = read(fd, p + *got, n - *got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            break;
        *got += (size_t)r;
    }
    return true;
}

static bool
write_full(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

enum err
crypto_file_seal(const unsigned char key[static CRYPTO_KEY_BYTES], const char *ad, int in, int out,
                 struct strbuf *why)
{
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    unsigned char *plain = xmalloc(STREAM_CHUNK);
    unsigned char *box = xmalloc(4 + STREAM_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    enum err rc = OK;
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
    if (!write_full(out, header, sizeof(header)))
        rc = why_set(why, ERR_IO, "backup: cannot write: %s", strerror(errno));
    size_t n = 0;
    bool ok = !rc && read_full(in, plain, STREAM_CHUNK, &n);
    while (!rc) {
        if (!ok) {
            rc = why_set(why, ERR_IO, "backup: cannot read: %s", strerror(errno));
            break;
        }
        /* Look one chunk ahead: the last one is tagged final, so a cut stream is refused. */
        size_t next_n = 0;
        unsigned char *next = NULL;
        if (n == STREAM_CHUNK) {
            next = xmalloc(STREAM_CHUNK);
            ok = read_full(in, next, STREAM_CHUNK, &next_n);
        }
        unsigned char tag = next_n ? 0 : crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        unsigned long long clen;
        crypto_secretstream_xchacha20poly1305_push(&st, box + 4, &clen, plain, n,
                                                   (const unsigned char *)ad, strlen(ad), tag);
        box[0] = (unsigned char)clen, box[1] = (unsigned char)(clen >> 8);
        box[2] = (unsigned char)(clen >> 16), box[3] = (unsigned char)(clen >> 24);
        if (!write_full(out, box, 4 + (size_t)clen))
            rc = why_set(why, ERR_IO, "backup: cannot write: %s", strerror(errno));
        if (!next_n || rc) {
            free(next);
            break;
        }
        memcpy(plain, next, next_n);
        n = next_n;
        free(next);
    }
    sodium_memzero(&st, sizeof(st));
    sodium_memzero(plain, STREAM_CHUNK);
    free(plain);
    free(box);
    return rc;
}

enum err
crypto_file_open(const unsigned char key[static CRYPTO_KEY_BYTES], const char *ad, int in, int out,
                 struct strbuf *why)
{
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    size_t max = STREAM_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
    unsigned char *plain = xmalloc(STREAM_CHUNK);
    unsigned char *box = xmalloc(max);
    enum err rc = OK;
    size_t got;
    if (!read_full(in, header, sizeof(header), &got) || got != sizeof(header) ||
        crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) != 0)
        rc = why_set(why, ERR_INVALID, "backup: not a sealed backup (header)");
    bool final = false;
    while (!rc && !final) {
        unsigned char len[4];
        if (!read_full(in, len, 4, &got) || got != 4) {
            rc = why_set(why, ERR_INVALID, "backup: cut short (no final chunk)");
            break;
        }
        size_t clen =
            (size_t)len[0] | (size_t)len[1] << 8 | (size_t)len[2] << 16 | (size_t)len[3] << 24;
        if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > max ||
            !read_full(in, box, clen, &got) || got != clen) {
            rc = why_set(why, ERR_INVALID, "backup: cut short or damaged");
            break;
        }
        unsigned long long plen;
        unsigned char tag;
        if (crypto_secretstream_xchacha20poly1305_pull(
                &st, plain, &plen, &tag, box, clen, (const unsigned char *)ad, strlen(ad)) != 0) {
            rc = why_set(why, ERR_INVALID,
                         "backup: does not open under this key (changed, or sealed with another "
                         "key file)");
            break;
        }
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        if (!write_full(out, plain, (size_t)plen))
            rc = why_set(why, ERR_IO, "backup: cannot write: %s", strerror(errno));
    }
    if (!rc) {
        unsigned char extra;
        if (read_full(in, &extra, 1, &got) && got)
            rc = why_set(why, ERR_INVALID, "backup: bytes after its end");
    }
    sodium_memzero(&st, sizeof(st));
    sodium_memzero(plain, STREAM_CHUNK);
    free(plain);
    free(box);
    return rc;
}
