/*
 * __morestack for clang's Thumb-1 split-stack prologue.
 *
 * A function whose frame does not fit above the stack limit runs:
 *	push {r4, r5}; r4 = frame size; r5 = stack argument bytes;
 *	push {lr}; bl __morestack
 * followed by the 8-byte sequence that returns to its caller
 *	pop {r4}; mov lr, r4; pop {r4, r5}; bx lr
 * and then the body, which starts with pop {r4, r5}. So on entry here
 * [sp] is the function's return address, [sp+4] and [sp+8] the caller's
 * r4 and r5, the stack arguments start at [sp+12], and lr + 8 is the
 * body (lr carries the Thumb bit).
 */
	.syntax unified
	.thumb
	.text

#include "offsets.h"

	.global	__morestack
	.type	__morestack, %function
	.thumb_func
__morestack:
	push	{r0-r3}
	mov	r0, sp
	mov	r1, lr
	mov	r2, r4
	mov	r3, r5
	bl	arm_stack_split
	/* r0 is the new SP: r0-r3, body address, caller's r4 and r5, then
	 * the copied arguments. The body pops r4 and r5 itself. */
	mov	sp, r0
	pop	{r0-r3}
	pop	{r4}
	ldr	r5, =arm_morestack_return
	mov	lr, r5
	bx	r4
	.size	__morestack, . - __morestack

/*
 * The body returns here on the new stack with its result in r0 and r1.
 * Go back to the outer stack, give the segment back, and return through
 * the prologue's return sequence, which pops the function's return
 * address and the caller's r4 and r5 from the outer stack.
 */
	.type	arm_morestack_return, %function
	.thumb_func
arm_morestack_return:
	mov	r4, r0
	mov	r5, r1
	ldr	r0, =task_current
	ldr	r0, [r0]
	ldr	r0, [r0, #TASK_TOP]
	ldr	r1, [r0, #STACK_TOP_OLD_SP]
	ldr	r3, [r0, #STACK_TOP_RET]
	mov	sp, r1
	push	{r3, r4, r5}
	bl	stack_unsplit
	pop	{r0, r1, r2}
	mov	r12, r0
	mov	r0, r1
	mov	r1, r2
	bx	r12
	.size	arm_morestack_return, . - arm_morestack_return

/*
 * longjmp may leave segments behind: move SP to the target first, give
 * back every segment above the one that holds it, then jump. newlib's
 * Thumb-1 jmp_buf keeps SP in word 8.
 */
	.global	__wrap_longjmp
	.type	__wrap_longjmp, %function
	.thumb_func
__wrap_longjmp:
	mov	r4, r0
	mov	r5, r1
	ldr	r0, [r4, #32]
	mov	sp, r0
	bl	stack_unwind_to
	mov	r0, r4
	mov	r1, r5
	ldr	r2, =__real_longjmp
	bx	r2
	.size	__wrap_longjmp, . - __wrap_longjmp
