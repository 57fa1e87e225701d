/* test_core.c - strbuf, arena, integer parsing, UTF-8 validation and sealed fields. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strbuf.h"
#include "html/html.h"

static void
strbuf_grows_and_caps(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb, 10);
    strbuf_addstr(&sb, "hello");
    assert_string_equal(strbuf_str(&sb), "hello");
    assert_int_equal(strbuf_error(&sb), OK);
    strbuf_addf(&sb, "%d", 123456); /* 11 > 10: dropped, sticky */
    assert_int_equal(strbuf_error(&sb), ERR_TOO_LARGE);
    assert_string_equal(strbuf_str(&sb), "hello");
    strbuf_addch(&sb, 'x');
    assert_int_equal(strbuf_error(&sb), ERR_TOO_LARGE);
    strbuf_reset(&sb);
    assert_int_equal(strbuf_error(&sb), OK);
    assert_string_equal(strbuf_str(&sb), "");
    strbuf_release(&sb);
}

static void
strbuf_formats_in_place_and_grows(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ab");            /* 64 bytes allocated: the next fits in place */
    strbuf_addf(&sb, "-%d-%s", 7, "cd"); /* in place */
    assert_string_equal(strbuf_str(&sb), "ab-7-cd");
    char big[200];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    strbuf_addf(&sb, "[%s]", big); /* does not fit: grows and formats again */
    assert_int_equal(sb.len, 7 + 2 + 199);
    assert_int_equal(sb.buf[7], '[');
    assert_int_equal(sb.buf[sb.len - 1], ']');
    assert_int_equal(strlen(sb.buf), sb.len);
    strbuf_reset(&sb);
    strbuf_add_int(&sb, 0);
    strbuf_addch(&sb, ' ');
    strbuf_add_int(&sb, -42);
    strbuf_addch(&sb, ' ');
    strbuf_add_int(&sb, LLONG_MAX);
    strbuf_addch(&sb, ' ');
    strbuf_add_int(&sb, LLONG_MIN);
    assert_string_equal(strbuf_str(&sb), "0 -42 9223372036854775807 -9223372036854775808");
    assert_int_equal(strbuf_error(&sb), OK);
    strbuf_release(&sb);
    char d[FMT_I64_BUF];
    assert_int_equal(fmt_i64(d, 7), 1);
    assert_string_equal(d, "7");
    assert_int_equal(fmt_i64(d, -1000), 5);
    assert_string_equal(d, "-1000");
    assert_int_equal(fmt_i64(d, INT64_MIN), 20);
    assert_string_equal(d, "-9223372036854775808");
}

/* The audit chain's hash is keyed BLAKE2b over one stream: prev's bytes, then each field as
 * "<length>:<text>" or "-" for NULL. Checked against that stream written out with printf and hashed
 * in one piece, with fields short and long (longer than the function's buffer), empty and NULL. */
static void
mac_fields_hash_the_documented_stream(void **state)
{
    (void)state;
    assert_int_equal(crypto_init(), OK);
    unsigned char key[CRYPTO_HASH_BYTES], prev[CRYPTO_HASH_BYTES], got[CRYPTO_HASH_BYTES],
        want[CRYPTO_HASH_BYTES];
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (unsigned char)(i * 7 + 1);
        prev[i] = (unsigned char)(i == 3 ? 0 : 255 - i); /* a NUL byte inside */
    }
    static char big[3000], stream[8000];
    memset(big, 'q', sizeof(big) - 1);
    const char *cases[][5] = {
        { "1", "2026-11-23T10:00:00Z", NULL, "", "read" },
        { big + 2500, big + 1000, "x", NULL, big },
        { NULL, NULL, NULL, NULL, NULL },
        { "æøå", "user:17", "child", "1023", "red thread" },
    };
    for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
        for (int with_prev = 0; with_prev < 2; with_prev++) {
            size_t n = 0;
            if (with_prev) {
                memcpy(stream, prev, sizeof(prev));
                n = sizeof(prev);
            }
            for (size_t f = 0; f < 5; f++)
                n += (size_t)(cases[c][f] ? snprintf(stream + n, sizeof(stream) - n, "%zu:%s",
                                                     strlen(cases[c][f]), cases[c][f])
                                          : snprintf(stream + n, sizeof(stream) - n, "-"));
            assert_true(n < sizeof(stream));
            crypto_generichash(want, sizeof(want), (const unsigned char *)stream, n, key,
                               sizeof(key));
            crypto_mac_fields(key, with_prev ? prev : NULL, cases[c], 5, got);
            assert_memory_equal(got, want, sizeof(want));
        }
    }
    /* A NULL field and an empty one are different rows. */
    const char *a[] = { NULL }, *b[] = { "" };
    crypto_mac_fields(key, NULL, a, 1, got);
    crypto_mac_fields(key, NULL, b, 1, want);
    assert_memory_not_equal(got, want, sizeof(want));
}

static void
html_text_escapes(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    html_text(&sb, "");
    assert_string_equal(strbuf_str(&sb), "");
    html_text(&sb, "Ærø 3");
    assert_string_equal(strbuf_str(&sb), "Ærø 3");
    strbuf_reset(&sb);
    html_text(&sb, "&a<b>c\"d'e&&");
    assert_string_equal(strbuf_str(&sb), "&amp;a&lt;b&gt;c&quot;d&#39;e&amp;&amp;");
    strbuf_release(&sb);
}

static void
why_set_returns_error(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(why_set(&why, ERR_INVALID, "a.%s: %s", "b", "rule"), ERR_INVALID);
    assert_string_equal(strbuf_str(&why), "a.b: rule");
    assert_int_equal(why_set(NULL, ERR_DB, "x"), ERR_DB);
    strbuf_release(&why);
}

static void
parse_i64_is_strict(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(parse_i64("42", 0, 100, &v), OK);
    assert_int_equal(v, 42);
    assert_int_equal(parse_i64("-7", -10, 10, &v), OK);
    assert_int_equal(v, -7);
    assert_int_equal(parse_i64("", 0, 100, &v), ERR_INVALID);
    assert_int_equal(parse_i64(" 4", 0, 100, &v), ERR_INVALID);
    assert_int_equal(parse_i64("+4", 0, 100, &v), ERR_INVALID);
    assert_int_equal(parse_i64("4x", 0, 100, &v), ERR_INVALID);
    assert_int_equal(parse_i64("101", 0, 100, &v), ERR_INVALID);
    assert_int_equal(parse_i64("99999999999999999999", INT64_MIN, INT64_MAX, &v), ERR_INVALID);
}

static void
utf8_validation(void **state)
{
    (void)state;
    const char *ok = "Børnefaglig undersøgelse – ÆØÅ\ttab\nline";
    assert_true(utf8_text_valid(ok, strlen(ok)));
    assert_int_equal(utf8_len("æøå", strlen("æøå")), 3);
    assert_false(utf8_text_valid("\xc3", 1));         /* truncated */
    assert_false(utf8_text_valid("\xc0\xaf", 2));     /* overlong */
    assert_false(utf8_text_valid("\xed\xa0\x80", 3)); /* surrogate */
    assert_false(utf8_text_valid("a\x01z", 3));       /* control */
    assert_false(utf8_text_valid("a\0z", 3));         /* NUL */
}

static void
arena_allocates_and_resets(void **state)
{
    (void)state;
    struct arena *a = arena_new(1024 * 1024);
    char *s = arena_strdup(a, "abc");
    char *t = arena_printf(a, "%s-%d", s, 7);
    assert_string_equal(t, "abc-7");
    assert_string_equal(ARENA_CAT(a, s, "", " (", t, ")"), "abc (abc-7)");
    assert_string_equal(ARENA_CAT(a, ""), "");
    void *big = arena_alloc(a, 200 * 1024); /* bigger than a block */
    memset(big, 1, 200 * 1024);
    assert_string_equal(s, "abc"); /* earlier allocations survive */
    uintptr_t p = (uintptr_t)arena_alloc(a, 3);
    assert_int_equal(p % 16, 0);
    arena_reset(a);
    assert_string_equal(arena_strndup(a, "xyz", 2), "xy");
    arena_free(a);

    /* arena_printf formats in place when the text fits the block and the cap, else it makes
     * room; either way the text is whole and the next allocation aligned. */
    a = arena_new(4096);
    char *first = arena_printf(a, "%d-%s", 42, "a"); /* no block yet */
    assert_string_equal(first, "42-a");
    for (int len = 0; len < 40; len++) {
        char *s2 = arena_printf(a, "%0*d", len, 0);
        assert_int_equal(strlen(s2), len ? (size_t)len : 1);
        assert_int_equal((uintptr_t)arena_alloc(a, 1) % 16, 0);
    }
    assert_string_equal(first, "42-a");
    arena_free(a);
    /* arena_fits counts every piece's worst rounding (15 bytes), so what it allows arena_alloc
     * gives without aborting. */
    a = arena_new(100);
    assert_true(arena_fits(a, 100, 0));
    assert_false(arena_fits(a, 101, 0));
    assert_true(arena_fits(a, 85, 1));
    assert_false(arena_fits(a, 86, 1));
    assert_true(arena_fits(a, 6, 6)); /* 6 + 6 * 15 = 96 */
    assert_false(arena_fits(a, 7, 7));
    assert_false(arena_fits(a, 0, SIZE_MAX));
    (void)arena_alloc(a, 85); /* allowed above: 96 of 100 */
    for (size_t n = 1; n < 40; n++)
        assert_false(arena_fits(a, n, 1));
    arena_free(a);
    a = arena_new(60); /* a cap that is no multiple of the alignment: 28 left after 32 */
    (void)arena_alloc(a, 32);
    assert_string_equal(arena_printf(a, "%s", "fifteen chars.."), "fifteen chars..");
    arena_free(a);
    a = arena_new(1024 * 1024);
    (void)arena_alloc(a, 64 * 1024 - 32); /* a block with 32 bytes left */
    char *fits = arena_printf(a, "%s", "0123456789abcdefghijklmnopqrstu");  /* 31 + NUL */
    char *over = arena_printf(a, "%s", "0123456789abcdefghijklmnopqrstuv"); /* 32 + NUL */
    assert_string_equal(fits, "0123456789abcdefghijklmnopqrstu");
    assert_string_equal(over, "0123456789abcdefghijklmnopqrstuv");
    assert_ptr_not_equal(over, fits + 32); /* it went to a new block */
    arena_free(a);
}

/* A sealed field opens to what was sealed at every length (every remainder of the base64 text),
 * only with its associated data, and each sealed value has one text: a last character whose
 * unused bits are set decodes to the same bytes, and is refused all the same. */
static void
sealed_fields_open_only_as_written(void **state)
{
    (void)state;
    struct keyring ring = { .n = 1, .ids = { 1 } };
    assert_int_equal(crypto_init(), OK);
    crypto_key_new(ring.keys[0]);
    for (int k = 0; k < 3; k++)
        crypto_subkey(ring.keys[0], (enum crypto_purpose)(k + 1), ring.sub[0][k]);
    char plain[41], *got = NULL;
    int noncanonical = 0;
    for (size_t n = 0; n < sizeof(plain); n++) {
        memset(plain, 'a' + (int)(n % 26), n);
        plain[n] = '\0';
        char *sealed = crypto_field_seal(&ring, "child.name.1", plain);
        assert_int_equal(crypto_field_open(&ring, "child.name.1", sealed, &got), OK);
        assert_string_equal(got, plain);
        free(got);
        assert_int_equal(crypto_field_open(&ring, "child.name.2", sealed, &got), ERR_INVALID);
        assert_null(got);
        /* Set the unused low bits of the last character: 2 (len % 4 == 3) or 4 (== 2). */
        size_t len = strlen(sealed);
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        size_t b64 = strlen(strchr(sealed + 3, ':') + 1);
        if (b64 % 4 == 2 || b64 % 4 == 3) {
            int v = (int)(strchr(alphabet, sealed[len - 1]) - alphabet);
            sealed[len - 1] = alphabet[v | 1];
            assert_int_equal(crypto_field_open(&ring, "child.name.1", sealed, &got), ERR_INVALID);
            noncanonical++;
        }
        sealed[len - 1] = '+'; /* not in the URL-safe alphabet */
        assert_int_equal(crypto_field_open(&ring, "child.name.1", sealed, &got), ERR_INVALID);
        sealed[len - 1] = '\0'; /* a length no encoding has, or a cut box */
        assert_int_equal(crypto_field_open(&ring, "child.name.1", sealed, &got), ERR_INVALID);
        free(sealed);
    }
    assert_true(noncanonical > 20);
}

/* A log line is one line: control characters in the text are escaped, the rest is kept. */
static void
log_lines_escape_control_characters(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(f), STDERR_FILENO) >= 0);
    log_write(LOG_ERROR, "a\tb%cc\x7f", '\n');
    log_write(LOG_ERROR, "%s", "");
    log_write(LOG_ERROR, "\x01plain text at the end");
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    char got[512];
    size_t n = fread(got, 1, sizeof(got) - 1, (rewind(f), f));
    got[n] = '\0';
    fclose(f);
    const char *want[] = { " error a\\x09b\\x0ac\\x7f\n", " error \n",
                           " error \\x01plain text at the end\n" };
    char *line = got;
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        char *end = strchr(line, '\n');
        assert_non_null(end);
        assert_true(end - line > 20); /* the time stamp, YYYY-MM-DDTHH:MM:SSZ */
        for (int k = 0; k < 20; k++)
            assert_true(k == 4 || k == 7     ? line[k] == '-'
                        : k == 10            ? line[k] == 'T'
                        : k == 13 || k == 16 ? line[k] == ':'
                        : k == 19            ? line[k] == 'Z'
                                             : line[k] >= '0' && line[k] <= '9');
        assert_memory_equal(line + 20, want[i], strlen(want[i]));
        line = end + 1;
    }
    assert_string_equal(line, "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strbuf_grows_and_caps),
        cmocka_unit_test(why_set_returns_error),
        cmocka_unit_test(strbuf_formats_in_place_and_grows),
        cmocka_unit_test(html_text_escapes),
        cmocka_unit_test(parse_i64_is_strict),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(arena_allocates_and_resets),
        cmocka_unit_test(sealed_fields_open_only_as_written),
        cmocka_unit_test(mac_fields_hash_the_documented_stream),
        cmocka_unit_test(log_lines_escape_control_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
