/*
 * crypto.h - every use of cryptography, on libsodium (and liboath for TOTP): random tokens and
 * their hashes, Argon2id passwords, TOTP codes (RFC 6238), constant-time comparison.
 */
#ifndef TRAPPE_CORE_CRYPTO_H
#define TRAPPE_CORE_CRYPTO_H

#include "core/common.h"

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

/* base64url (no padding) of n bytes into out (at least 4 * n / 3 + 2 bytes). */
void crypto_b64url(const unsigned char *in, size_t n, char *out, size_t outsize);

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
