/*
 * QEMU PC board with an amd64 core: the same COM1 console as the i386
 * PC board, whose driver is shared rather than copied.
 */
#include "../qemu_x86/board.c"
