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

#include <autoconf.h>

#include "offsets.h"

	.global	__morestack
	.type	__morestack, %function
	.thumb_func
__morestack:
	push	{r0-r3}
	/*
	 * Fast path: a frame without stack arguments, in thread mode, that
	 * fits on the task's cached segment. Everything else, and any
	 * doubt, goes to arm_stack_split() in C.
	 */
	cmp	r5, #0
	bne	.Lsplit_slow
	mrs	r0, ipsr
	cmp	r0, #0
	bne	.Lsplit_slow
	ldr	r0, =task_current
	ldr	r0, [r0]
	ldr	r1, [r0, #TASK_CACHE]
	cmp	r1, #0
	beq	.Lsplit_slow
	ldr	r2, =SPLIT_FAST_FRAME_MAX
	cmp	r4, r2
	bhi	.Lsplit_slow

	/* r0 = task, r1 = the cached segment: link it, as stack_link()
	 * would, with its record at the top. */
	movs	r2, #0
	str	r2, [r0, #TASK_CACHE]
	ldr	r2, =STACK_TOP_IN_SEGMENT
	adds	r2, r1, r2
	ldr	r3, [r0, #TASK_TOP]
	str	r3, [r2, #STACK_TOP_PREV]
	str	r2, [r0, #TASK_TOP]
	add	r3, sp, #16
	str	r3, [r2, #STACK_TOP_OLD_SP]
	mov	r3, lr
	str	r3, [r2, #STACK_TOP_RET]
	str	r1, [r2, #STACK_TOP_BASE]
	ldr	r3, =STACK_TOP_ONE_SEGMENT
	str	r3, [r2, #STACK_TOP_SIZES]
	ldrh	r3, [r0, #TASK_SEGMENTS]
	adds	r3, #1
	strh	r3, [r0, #TASK_SEGMENTS]
	ldr	r4, =__STACK_LIMIT
	ldr	r3, [r4]
	str	r3, [r2, #STACK_TOP_OLD_LIMIT]
	ldr	r3, =STACK_GUARD
	adds	r3, r1, r3
	str	r3, [r4]

	/* Below the record: the caller's r4 and r5, which the body pops,
	 * and the body's address, which this pops. */
	ldr	r3, [sp, #24]
	subs	r2, #4
	str	r3, [r2]
	ldr	r3, [sp, #20]
	subs	r2, #4
	str	r3, [r2]
	mov	r3, lr
	adds	r3, #8
	subs	r2, #4
	str	r3, [r2]
	mov	r12, r2
	pop	{r0-r3}
	mov	sp, r12
	b	.Lenter_body

.Lsplit_slow:
	mov	r0, sp
	mov	r1, lr
	mov	r2, r4
	mov	r3, r5
	bl	arm_stack_split
	/* r0 is the new SP: r0-r3, body address, caller's r4 and r5, then
	 * the copied arguments. The body pops r4 and r5 itself. */
	mov	sp, r0
	pop	{r0-r3}
.Lenter_body:
	pop	{r4}
	ldr	r5, =arm_morestack_return
	mov	lr, r5
	bx	r4
	.size	__morestack, . - __morestack

/*
 * The body returns here on the new stack with its result in r0 and r1.
 * Go back to the outer stack, give the segment back (or keep it as the
 * task's cache), and return through the prologue's return sequence,
 * which pops the function's return address and the caller's r4 and r5
 * from the outer stack.
 */
	.type	arm_morestack_return, %function
	.thumb_func
arm_morestack_return:
	mov	r4, r0
	mov	r5, r1
	ldr	r0, =task_current
	ldr	r0, [r0]
	ldr	r1, [r0, #TASK_TOP]
#ifdef CONFIG_STACK_CACHE
	/*
	 * Fast path: a record for one pool segment without arguments, whose
	 * canary is whole, while the task has no cache: keep the segment as
	 * the cache. Everything else goes to stack_unsplit() in C.
	 */
	ldr	r2, [r0, #TASK_CACHE]
	cmp	r2, #0
	bne	.Lreturn_slow
	ldr	r2, [r1, #STACK_TOP_SIZES]
	ldr	r3, =STACK_TOP_ONE_SEGMENT
	cmp	r2, r3
	bne	.Lreturn_slow
	ldr	r2, [r1, #STACK_TOP_BASE]
	ldr	r3, [r2]
	ldr	r2, =STACK_CANARY
	cmp	r2, r3
	bne	.Lreturn_slow

	ldr	r2, [r1, #STACK_TOP_BASE]
	str	r2, [r0, #TASK_CACHE]
	ldr	r2, [r1, #STACK_TOP_PREV]
	str	r2, [r0, #TASK_TOP]
	ldrh	r2, [r0, #TASK_SEGMENTS]
	subs	r2, #1
	strh	r2, [r0, #TASK_SEGMENTS]
	ldr	r2, [r1, #STACK_TOP_OLD_LIMIT]
	ldr	r3, =__STACK_LIMIT
	str	r2, [r3]
	ldr	r2, [r1, #STACK_TOP_RET]
	ldr	r3, [r1, #STACK_TOP_OLD_SP]
	mov	sp, r3
	mov	r0, r4
	mov	r1, r5
	bx	r2
#endif

.Lreturn_slow:
	mov	r0, r1
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
