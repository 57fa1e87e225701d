/* fuzz_config.c - the configuration parser: the first byte picks a file of config/, the rest
 * replaces it in a scratch copy of the directory, which is then loaded: a configuration or a
 * refusal naming file:line, never a crash or half a configuration. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/config.h"
#include "fuzz.h"
#include "json/json.h"

static const char *const files[] = { "ladder.jsonl",   "catalogue.jsonl",         "codes.jsonl",
                                     "calendar.jsonl", "deadlines.jsonl",         "settings.jsonl",
                                     "strategy.jsonl", "placement_classes.jsonl", "note.jsonl" };
static char dir[64];

static void
copy_file(const char *from_dir, const char *name)
{
    char from[4096], to[4096], buf[65536];
    snprintf(from, sizeof(from), "%s/%s", from_dir, name);
    snprintf(to, sizeof(to), "%s/%s", dir, name);
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out)
        abort();
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = getenv("TRAPPE_CONFIG");
    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/trappe-fuzz-config-%d", (int)getpid());
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "mkdir -p %s", dir);
        if (system(cmd) != 0)
            abort();
    }
    if (size < 1)
        return 0;
    size_t k = data[0] % (sizeof(files) / sizeof(files[0]));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        copy_file(src ? src : FUZZ_CONFIG_DIR, files[i]);
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    struct config cfg;
    struct strbuf why = STRBUF_INIT;
    if (config_load(&cfg, dir, &why) == OK)
        config_release(&cfg);
    else if (!why.len)
        abort(); /* a refusal always says why */
    strbuf_release(&why);
    return 0;
}
