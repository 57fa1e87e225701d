/* fuzz_jsonl.c - one line of a JSON Lines import: decoded, defaults filled, validated, and a
 * record that decodes encodes and decodes again to the same line. */
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
    struct record r, r2;
    if (json_record_decode((const char *)data, size, a, &r, &why) == OK) {
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
