/*
 * The C half of the x86 __morestack (<subarch>/morestack.S): link a new
 * run of segments and lay it out the way the assembly and GCC's prologue
 * expect.
 */
#include <errno.h>

#include "kernel.h"

#if defined(__x86_64__)
/* Words from __morestack's frame pointer to the stack arguments: saved
 * %rbp, the ret after the call, the function's return address. */
#define FP_ARGS 3
/* Saved %rdi and %rsi below the frame pointer, which the exhausted
 * path sets to the arguments of task_stopped(). */
#define FP_SAVED_ARG0 (-2)
#define FP_SAVED_ARG1 (-3)
#else
/* Saved %ebp, the ret after the call, frame size, argument bytes, the
 * function's return address. */
#define FP_ARGS 5
#endif
#define FP_RET 1

/* Opcode of the one-byte ret; otherwise the prologue has ret $N. */
#define OPCODE_RET 0xc3
#define OPCODE_RET_IMM16_SIZE 3

/* The ABI wants the arguments 16-byte aligned, so that SP at the body's
 * entry is 16n - word as after any call. */
#define ARGS_ALIGN 16
/* Words below the arguments: where to continue, the body's return. */
#define NEW_WORDS 2

/*
 * Stack that the C half of __morestack runs on. On the task's segment,
 * x86_stack_split() and stack_link() would run in the guard zone below
 * the caller's frame. When the pool and the reserve are empty,
 * task_abandon() and a context switch follow, about 230 bytes in all on
 * amd64. One stack is enough: the kernel has one core,
 * interrupt handlers never take this path (stack_link() panics), and a
 * task that switches away from it in task_abandon() never comes back.
 */
#define MORESTACK_STACK_SIZE 1024
static uint8_t morestack_stack[MORESTACK_STACK_SIZE]
	__attribute__((aligned(16)));
uintptr_t x86_morestack_stack_top =
	(uintptr_t)(morestack_stack + MORESTACK_STACK_SIZE);
/* Only code without the check runs there, unless the pool and reserve
 * are empty and the task switches away: then switch_to()'s canary check
 * and, on a broken canary, panic() run with this limit. */
#define MORESTACK_GUARD 256
uintptr_t x86_morestack_stack_limit =
	(uintptr_t)(morestack_stack + MORESTACK_GUARD);

void x86_morestack_return(void);
uintptr_t x86_stack_split(uintptr_t *fp, uintptr_t frame,
			  uintptr_t args_size, uintptr_t old_limit);

/* Return SP on a reserve segment for task_stopped(-ENOMEM, bytes). */
static __nosplit uintptr_t split_exhausted(uintptr_t *fp, size_t bytes)
{
	uintptr_t *sp = (uintptr_t *)(stack_exhausted(bytes) &
				      ~(uintptr_t)(ARGS_ALIGN - 1));

#if defined(__x86_64__)
	fp[FP_SAVED_ARG0] = (uintptr_t)-ENOMEM;
	fp[FP_SAVED_ARG1] = bytes;
#else
	(void)fp;
	sp -= 2;
	sp[0] = (uintptr_t)-ENOMEM;
	sp[1] = bytes;
#endif
	sp -= NEW_WORDS;
	sp[0] = (uintptr_t)task_stopped;
	sp[1] = 0;
	return (uintptr_t)sp;
}

/*
 * Called by __morestack on morestack_stack, with fp its frame pointer
 * on the task's stack (see morestack.S for the layout). frame is the
 * function's frame size, args_size its stack argument bytes and
 * old_limit the task's stack limit before __morestack replaced it.
 * Returns the SP from which __morestack pops the address to continue at.
 */
__nosplit uintptr_t x86_stack_split(uintptr_t *fp, uintptr_t frame,
				    uintptr_t args_size, uintptr_t old_limit)
{
	uintptr_t ret = fp[FP_RET];
	size_t bytes = frame + args_size + ARGS_ALIGN +
		       NEW_WORDS * sizeof(uintptr_t);
	struct stack_top *rec = stack_link(bytes, (uintptr_t)fp, ret,
					   args_size);
	uintptr_t *args;
	uintptr_t *sp;

	if (!rec)
		return split_exhausted(fp, bytes);
	/* stack_link() recorded this stack's limit, not the task's. */
	rec->old_limit = old_limit;
	args = (uintptr_t *)(((uintptr_t)rec - args_size) &
			     ~(uintptr_t)(ARGS_ALIGN - 1));
	for (size_t i = 0; i < args_size / sizeof(uintptr_t); i++)
		args[i] = fp[FP_ARGS + i];
	sp = args - NEW_WORDS;
	sp[0] = ret + (*(const uint8_t *)ret == OPCODE_RET
			       ? 1 : OPCODE_RET_IMM16_SIZE);
	sp[1] = (uintptr_t)x86_morestack_return;
	arch_set_stack_limit(rec->base + CONFIG_STACK_GUARD_SIZE);
	return (uintptr_t)sp;
}
