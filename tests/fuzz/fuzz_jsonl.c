/* fuzz_jsonl.c - one line of a JSON Lines import: decoded, defaults filled, validated, and a
 * record that decodes encodes and decodes again to the same line. The one-pass decoder and
 * jansson's (the reference) accept the same lines and decode them to the same records (but for
 * a raw NUL byte, which jansson skips). */
#include <stdlib.h>
#include <string.h>

#include "domain/config.h"
#include "domain/record.h"
#include "fuzz.h"
#include "json/json.h"

static struct config cfg;
static bool loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        const char *dir = getenv("TRAPPE_CONFIG");
        if (config_load(&cfg, dir ? dir : FUZZ_CONFIG_DIR, NULL) != OK)
            abort();
        loaded = true;
    }
    struct arena *a = arena_new(0);
    struct strbuf why = STRBUF_INIT, once = STRBUF_INIT, twice = STRBUF_INIT;
    struct record r, r2, ref;
    bool fast_ok = json_record_decode((const char *)data, size, a, &r, &why) == OK;
    bool ref_ok = json_record_decode_reference((const char *)data, size, a, &ref, &why) == OK;
    /* jansson skips a raw NUL byte wherever it stands (even inside a string); JSON allows none,
     * and the one-pass decoder refuses it. */
    if (memchr(data, 0, size)) {
        if (fast_ok)
            abort();
        ref_ok = false;
    }
    if (fast_ok != ref_ok)
        abort();
    if (fast_ok) {
        if (json_record_encode(&r, 0, &once) != OK || json_record_encode(&ref, 0, &twice) != OK ||
            strcmp(strbuf_str(&once), strbuf_str(&twice)))
            abort();
        strbuf_reset(&once);
        strbuf_reset(&twice);
        record_fill_defaults(&r, &cfg);
        if (record_validate(&r, &cfg, &why) != OK && !why.len)
            abort(); /* a refusal always says why */
        if (json_record_encode(&r, 0, &once) == OK &&
            json_record_decode(strbuf_str(&once), once.len, a, &r2, &why) == OK &&
            json_record_encode(&r2, 0, &twice) == OK &&
            strcmp(strbuf_str(&once), strbuf_str(&twice)))
            abort();
    }
    strbuf_release(&why);
    strbuf_release(&once);
    strbuf_release(&twice);
    arena_free(a);
    return 0;
}
