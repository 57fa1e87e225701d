/*
 * crypto.c - libsodium and liboath live here and nowhere else.
 * Must not: use rand(), memcmp on secrets, or log a secret.
 */
#include "core/crypto.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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
