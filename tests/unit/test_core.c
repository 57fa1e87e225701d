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
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypto.h"
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
    void *big = arena_alloc(a, 200 * 1024); /* bigger than a block */
    memset(big, 1, 200 * 1024);
    assert_string_equal(s, "abc"); /* earlier allocations survive */
    uintptr_t p = (uintptr_t)arena_alloc(a, 3);
    assert_int_equal(p % 16, 0);
    arena_reset(a);
    assert_string_equal(arena_strndup(a, "xyz", 2), "xy");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
