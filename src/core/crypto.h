/*
 * crypto.h - every use of cryptography, on libsodium (and liboath for TOTP): random tokens and
 * their hashes, Argon2id passwords, TOTP codes (RFC 6238), constant-time comparison.
 */
#ifndef TRAPPE_CORE_CRYPTO_H
#define TRAPPE_CORE_CRYPTO_H

#include "core/common.h"
#include "core/strbuf.h"

#define CRYPTO_TOKEN_LEN   43  /* 32 random bytes, base64url without padding */
#define CRYPTO_HASH_BYTES  32  /* BLAKE2b-256 */
#define CRYPTO_PWHASH_LEN  128 /* crypto_pwhash_STRBYTES */
#define CRYPTO_TOTP_SECRET 32  /* 20 bytes in base32 */

/* Initialise libsodium and liboath once, before threads start. ERR_INTERNAL if impossible. */
enum err crypto_init(void) WUR;

/* A new random token (session id), NUL-terminated, in out[CRYPTO_TOKEN_LEN + 1]. */
void crypto_token_new(char out[static CRYPTO_TOKEN_LEN + 1]);

/* BLAKE2b-256 of s (optionally keyed by key[CRYPTO_HASH_BYTES], or NULL). */
void crypto_blake2b(const char *s, const unsigned char *key,
                    unsigned char out[static CRYPTO_HASH_BYTES]);

/*
 * Keyed BLAKE2b-256 over prev[CRYPTO_HASH_BYTES] (or none) and n fields, each written with its
 * length so that no two different rows hash alike (NULL fields are marked, not skipped).
 */
void crypto_mac_fields(const unsigned char key[static CRYPTO_HASH_BYTES], const unsigned char *prev,
                       const char *const *fields, size_t n,
                       unsigned char out[static CRYPTO_HASH_BYTES]);

/* A master key (32 random bytes) and the subkeys derived from it for one purpose each. */
#define CRYPTO_KEY_BYTES 32

enum crypto_purpose {
    KEY_AUDIT = 1, /* the audit chain's MAC */
    KEY_FIELDS,    /* encryption of personal fields */
    KEY_LOOKUP,    /* keyed hashes to find a CPR number */
    KEY_BACKUP     /* encryption of a backup file */
};

#define CRYPTO_PURPOSES 4

void crypto_key_new(unsigned char key[static CRYPTO_KEY_BYTES]);
void crypto_subkey(const unsigned char master[static CRYPTO_KEY_BYTES], enum crypto_purpose p,
                   unsigned char out[static CRYPTO_KEY_BYTES]);
/*
 * The key file: one line per key, "<id> <64 hex digits>", the highest id current (older ones
 * stay to read what they protected). Kept outside the database, mode 0600. With create, a
 * missing file is made with one new key. ERR_NOT_FOUND if missing, ERR_INVALID if malformed or
 * readable by group or others.
 */
#define CRYPTO_MAX_KEYS 64

struct keyring {
    int n;
    int ids[CRYPTO_MAX_KEYS];
    unsigned char keys[CRYPTO_MAX_KEYS][CRYPTO_KEY_BYTES];
    /* derived once per key: [key][purpose - 1] */
    unsigned char sub[CRYPTO_MAX_KEYS][CRYPTO_PURPOSES][CRYPTO_KEY_BYTES];
};

/* The subkey for purpose of the key with id (NULL if none). */
const unsigned char *keyring_subkey(const struct keyring *ring, int id, enum crypto_purpose p);
enum err crypto_keyfile_load(const char *path, bool create, struct keyring *out,
                             struct strbuf *why) WUR;
/* Write ring as the key file at path, in place of the old one at once (a new file renamed over
 * it, synced with its directory). */
enum err crypto_keyfile_write(const char *path, const struct keyring *ring, struct strbuf *why) WUR;
/* Append a new key (the next id) to the key file; it becomes the current one. */
enum err crypto_keyfile_add(const char *path, struct keyring *ring, struct strbuf *why) WUR;
/* The current (newest) key, and the key with id (NULL if none). */
const unsigned char *keyring_current(const struct keyring *ring, int *id);
const unsigned char *keyring_get(const struct keyring *ring, int id);

/*
 * A protected field value (S-24): XChaCha20-Poly1305 under the key ring's current key (fields
 * subkey), bound by ad to its place (e.g. "child.name.17"), as text "e1:<key id>:<base64url of
 * nonce and ciphertext>". crypto_field_open refuses (ERR_INVALID) a value that is not such a
 * text, was made for another place, was changed, or whose key is not in the ring. Results are
 * malloc'd.
 */
char *crypto_field_seal(const struct keyring *ring, const char *ad, const char *plain);
enum err crypto_field_open(const struct keyring *ring, const char *ad, const char *sealed,
                           char **plain) WUR;
/* The keyed lookup hash of a value (a canonical CPR number), hex, in out[2 * 32 + 1]. */
void crypto_lookup_hash(const struct keyring *ring, const char *value, char out[static 65]);

/*
 * A whole file sealed as a stream (libsodium's secretstream, XChaCha20-Poly1305, 64 KiB chunks)
 * under key, each chunk bound to ad: a backup. crypto_file_open refuses (ERR_INVALID) a stream
 * that was changed, cut short, reordered or made under another key or ad; what it wrote to out
 * is then not to be used. in and out are file descriptors, read and written from where they are.
 */
enum err crypto_file_seal(const unsigned char key[static CRYPTO_KEY_BYTES], const char *ad, int in,
                          int out, struct strbuf *why) WUR;
enum err crypto_file_open(const unsigned char key[static CRYPTO_KEY_BYTES], const char *ad, int in,
                          int out, struct strbuf *why) WUR;

/* Hex of n bytes into out (2 * n + 1), and back (ERR_INVALID unless exactly 2 * n hex digits). */
void crypto_hex(const unsigned char *in, size_t n, char *out);
enum err crypto_unhex(const char *hex, unsigned char *out, size_t n) WUR;

/* base64url (no padding) of n bytes into out (at least 4 * n / 3 + 2 bytes). */
void crypto_b64url(const unsigned char *in, size_t n, char *out, size_t outsize);

/* Constant-time equality of n bytes; wiping a secret from memory. */
bool crypto_bytes_equal(const void *a, const void *b, size_t n);
/* SipHash-2-4 of p under a key made at random once per process: for in-memory tables whose keys
 * an outsider chooses (no crafted collisions). */
uint64_t crypto_table_hash(const void *p, size_t n);
void crypto_wipe(void *p, size_t n);

/* Constant-time equality of two NUL-terminated strings. */
bool crypto_str_equal(const char *a, const char *b);

/* Argon2id hash string of a password (out[CRYPTO_PWHASH_LEN]); ERR_INTERNAL if out of memory. */
enum err crypto_password_hash(const char *password, char out[static CRYPTO_PWHASH_LEN]) WUR;
bool crypto_password_verify(const char *hash, const char *password);

/* A new TOTP secret in base32 (out[CRYPTO_TOTP_SECRET + 1]). */
void crypto_totp_secret_new(char out[static CRYPTO_TOTP_SECRET + 1]);

/*
 * Check a 6-digit TOTP code against a base32 secret at time now (30 s steps, one step of clock
 * drift either way). A code whose step is not after last_step is refused (replay). On success
 * *step is the code's step. ERR_INVALID if wrong.
 */
enum err crypto_totp_check(const char *secret_b32, const char *code, int64_t now, int64_t last_step,
                           int64_t *step) WUR;

/* The current 6-digit code for a secret (tests and the demo accounts). */
enum err crypto_totp_now(const char *secret_b32, int64_t now, char out[static 7]) WUR;

#endif
