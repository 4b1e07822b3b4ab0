/*
 * Structure offsets for assembly. The build compiles this file to
 * assembly text and turns each "->NAME value" marker into a #define in
 * offsets.h, so the assembly never hard-codes a layout.
 */
#include <stddef.h>

#include "kernel.h"

#define OFFSET(name, value)                                               \
	__asm__ volatile("\n.ascii \"->" #name " %c0\"" : : "i"(value))

void offsets(void);

void offsets(void)
{
	OFFSET(TASK_SP, offsetof(struct task, sp));
	OFFSET(TASK_STACK_LIMIT, offsetof(struct task, stack_limit));
	OFFSET(TASK_TOP, offsetof(struct task, top));
	OFFSET(TASK_SEGMENTS, offsetof(struct task, segments));
	OFFSET(TASK_CACHE, offsetof(struct task, cache));
	OFFSET(STACK_TOP_PREV, offsetof(struct stack_top, prev));
	OFFSET(STACK_TOP_OLD_SP, offsetof(struct stack_top, old_sp));
	OFFSET(STACK_TOP_RET, offsetof(struct stack_top, ret));
	OFFSET(STACK_TOP_OLD_LIMIT, offsetof(struct stack_top, old_limit));
	OFFSET(STACK_TOP_SIZES, offsetof(struct stack_top, args_size));
	OFFSET(STACK_TOP_BASE, offsetof(struct stack_top, base));
	/* The word at STACK_TOP_SIZES of a record for one pool segment with
	 * no stack arguments: args_size 0, segments 1, flags 0. */
	OFFSET(STACK_TOP_ONE_SEGMENT, 1 << 16);
	OFFSET(STACK_TOP_IN_SEGMENT,
	       CONFIG_STACK_SEGMENT_SIZE - sizeof(struct stack_top));
	OFFSET(STACK_GUARD, CONFIG_STACK_GUARD_SIZE);
	OFFSET(STACK_CANARY, STACK_CANARY_WORD);
	/* Largest frame the fast path puts on a cached segment: the room
	 * above the limit less the 12 bytes __morestack keeps there. */
	OFFSET(SPLIT_FAST_FRAME_MAX, CONFIG_STACK_SEGMENT_SIZE -
	       CONFIG_STACK_GUARD_SIZE - sizeof(struct stack_top) - 12);
}
