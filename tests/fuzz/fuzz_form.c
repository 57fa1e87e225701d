/* fuzz_form.c - the urlencoded form decoder and what the web forms do with it: the first byte
 * picks a record type, the rest is a POST body; every field is looked up, decoded and parsed
 * into the record, which is then validated. */
#include <stdlib.h>
#include <string.h>

#include "domain/config.h"
#include "domain/record.h"
#include "fuzz.h"
#include "http/http.h"
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
    if (size < 1)
        return 0;
    const struct record_desc *d = record_desc_get((enum record_type)(data[0] % RT__COUNT));
    struct arena *a = arena_new(0);
    char *body = arena_alloc(a, size);
    memcpy(body, data + 1, size - 1);
    body[size - 1] = '\0';
    struct req req;
    memset(&req, 0, sizeof(req));
    req.arena = a;
    req.form = body;
    req.form_len = size - 1;
    struct record r;
    struct strbuf why = STRBUF_INIT;
    record_init(&r, d);
    for (int i = 0; i < d->nfields; i++) {
        const char *v = req_form(&req, d->fields[i].name);
        if (v && *v)
            if (record_set_text(&r, a, i, v, &why) != OK && !why.len)
                abort();
        const char *all[8];
        size_t n = req_form_all(&req, d->fields[i].name, all, 8);
        for (size_t k = 0; k < n; k++)
            if (!all[k])
                abort();
    }
    record_fill_defaults(&r, &cfg);
    if (record_validate(&r, &cfg, &why) != OK && !why.len)
        abort(); /* a refusal always says why */
    strbuf_release(&why);
    arena_free(a);
    return 0;
}
