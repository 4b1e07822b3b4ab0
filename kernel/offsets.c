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
	OFFSET(STACK_TOP_OLD_SP, offsetof(struct stack_top, old_sp));
	OFFSET(STACK_TOP_RET, offsetof(struct stack_top, ret));
}
