/*
 * The C half of the Cortex-M __morestack (morestack.S): lay out the new
 * stack the way the assembly and clang's Thumb-1 prologue expect.
 */
#include <errno.h>

#include "kernel.h"

/*
 * Words __morestack keeps below the copied arguments: r0-r3, the address
 * to continue at, and the caller's r4 and r5, which the body pops.
 */
enum { SAVED_R0, SAVED_R3 = 3, SAVED_PC, SAVED_R4, SAVED_R5, SAVED_WORDS };

/* Words the prologue and __morestack pushed on the outer stack before
 * the stack arguments: r0-r3, the function's return address, r4, r5. */
#define OUTER_ARGS 7
#define OUTER_LR 4

/* The body starts after the 8-byte sequence that returns to the caller. */
#define BODY_OFFSET 8

uintptr_t arm_stack_split(uintptr_t *saved, uintptr_t ret, uint32_t frame,
			  uint32_t args_size);

/*
 * Called by __morestack with SP in the guard zone. saved points at r0-r3
 * as __morestack pushed them, then the function's return address, the
 * caller's r4 and r5, and the stack arguments; ret is the return address
 * of the call to __morestack. Returns the SP to pop SAVED_WORDS from.
 */
__nosplit uintptr_t arm_stack_split(uintptr_t *saved, uintptr_t ret,
				    uint32_t frame, uint32_t args_size)
{
	size_t bytes = frame + args_size + SAVED_WORDS * sizeof(uintptr_t);
	struct stack_top *rec = stack_link(bytes, (uintptr_t)(saved + OUTER_LR),
					   ret, args_size);
	uintptr_t *args;
	uintptr_t *sp;

	if (!rec) {
		/* Continue in task_stopped(-ENOMEM, bytes) on the reserve
		 * segment, with the registers it takes as arguments. */
		sp = (uintptr_t *)stack_exhausted(bytes) - SAVED_WORDS;
		sp[SAVED_R0] = (uintptr_t)-ENOMEM;
		sp[SAVED_R0 + 1] = bytes;
		sp[SAVED_PC] = (uintptr_t)task_stopped;
		return (uintptr_t)sp;
	}
	args = (uintptr_t *)(((uintptr_t)rec - args_size) & ~(uintptr_t)7);
	for (size_t i = 0; i < args_size / sizeof(uintptr_t); i++)
		args[i] = saved[OUTER_ARGS + i];
	sp = args - SAVED_WORDS;
	for (size_t i = SAVED_R0; i <= SAVED_R3; i++)
		sp[i] = saved[i];
	sp[SAVED_PC] = ret + BODY_OFFSET;
	sp[SAVED_R4] = saved[OUTER_LR + 1];
	sp[SAVED_R5] = saved[OUTER_LR + 2];
	arch_set_stack_limit(rec->base + CONFIG_STACK_GUARD_SIZE);
	return (uintptr_t)sp;
}
