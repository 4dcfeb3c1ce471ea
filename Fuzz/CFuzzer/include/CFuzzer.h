// libFuzzer's driver, for a main of our own (SwiftPM gives every executable target its own
// entry point, so libFuzzer's main cannot be used).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
