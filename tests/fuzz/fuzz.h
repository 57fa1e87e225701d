/* fuzz.h - the libFuzzer entry point every target defines (tests/fuzz/fuzz_*.c). */
#ifndef TRAPPE_FUZZ_H
#define TRAPPE_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
