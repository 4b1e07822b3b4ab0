/*
 * Included ahead of every application file. Task code runs on segments
 * whose every frame is checked by the compiler's prologue, but clang
 * checks only the fixed frame: a variable-length array or alloca() moves
 * SP with a plain subtraction and could run off the segment unnoticed.
 * So both are rejected at build time (-Werror=vla for the first).
 */
#ifndef SEGUE_TASK_CODE_H
#define SEGUE_TASK_CODE_H

void *segue_alloca_rejected(unsigned long size) __attribute__((error(
	"alloca() is not allowed in task code: the split-stack guard check "
	"does not cover it; use a fixed-size array or malloc()")));

/* <alloca.h>, included or not, defines alloca() as __builtin_alloca(),
 * which lands here too. Nothing is included, so that an application's
 * own feature macros (_GNU_SOURCE) still take effect. */
#define alloca(size) segue_alloca_rejected(size)
#define __builtin_alloca(size) segue_alloca_rejected(size)

#endif /* SEGUE_TASK_CODE_H */
