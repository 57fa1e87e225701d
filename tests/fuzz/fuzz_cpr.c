/* fuzz_cpr.c - the CPR parser: any bytes in, a parse or a clear refusal out, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "domain/cpr.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct cpr c;
    if (cpr_parse(s, &c, NULL) == OK) {
        /* A parsed number parses again to the same canonical form. */
        struct cpr again;
        if (cpr_parse(c.canonical, &again, NULL) != OK || strcmp(again.canonical, c.canonical))
            abort();
    }
    free(s);
    return 0;
}
