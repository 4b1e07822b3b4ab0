/*
 * __morestack for GCC's i386 split-stack prologue.
 *
 * A function whose frame does not fit above the stack limit runs
 *	push $args_size; push $frame_size; call __morestack
 * followed by a one-byte ret (ret $N, three bytes, in a function that
 * pops its own arguments) and then the body or a jump to it.
 * __morestack pushes %ebp and makes it the frame pointer, so that
 *	0(%ebp) caller's %ebp		4(%ebp) the ret after the call
 *	8(%ebp) frame size		12(%ebp) argument bytes
 *	16(%ebp) the function's return address
 *	20(%ebp) the stack arguments
 * libgcc's __morestack builds the same frame, and a variadic function
 * depends on it: its body, called on the new stack, finds its variable
 * arguments at 20(%ebp) on the old one.
 */
#include "offsets.h"
#include "arch_cpu.h"

#define STACK_LIMIT (x86_cpu + X86_STACK_LIMIT_OFFSET)

	.text
	.global	__morestack
	.type	__morestack, @function
__morestack:
	push	%ebp
	mov	%esp, %ebp
	/* %eax, %ecx and %edx may carry regparm arguments. */
	push	%eax
	push	%ecx
	push	%edx
	/* The C half runs on its own stack and with its limit, so the
	 * guard zone need not hold it (see morestack.c). */
	mov	x86_morestack_stack_top, %esp
	push	STACK_LIMIT
	mov	x86_morestack_stack_limit, %eax
	mov	%eax, STACK_LIMIT
	push	12(%ebp)
	push	8(%ebp)
	push	%ebp
	call	x86_stack_split
	/* %eax is the new SP: the address to continue at, then the return
	 * address for the body and the copied arguments. */
	mov	%eax, %esp
	mov	-4(%ebp), %eax
	mov	-8(%ebp), %ecx
	mov	-12(%ebp), %edx
	ret
	.size	__morestack, . - __morestack

/*
 * The body returns here on the new stack with its result in %eax:%edx
 * (or %st0). Go back to the old stack, give the segment back, and
 * return to the ret after the call to __morestack, dropping the two
 * words the prologue pushed; that ret returns to the caller.
 */
	.global	x86_morestack_return
	.type	x86_morestack_return, @function
x86_morestack_return:
	mov	task_current, %ecx
	mov	TASK_TOP(%ecx), %ecx
	mov	STACK_TOP_OLD_SP(%ecx), %esp
	push	%edx
	push	%eax
	push	%ecx
	call	stack_unsplit
	add	$4, %esp
	pop	%eax
	pop	%edx
	pop	%ebp
	ret	$8
	.size	x86_morestack_return, . - x86_morestack_return

/*
 * longjmp may leave segments behind: move SP to the target first, give
 * back every segment above the one that holds it, then jump. newlib's
 * i386 jmp_buf keeps SP in word 7.
 */
	.global	__wrap_longjmp
	.type	__wrap_longjmp, @function
__wrap_longjmp:
	mov	4(%esp), %esi
	mov	8(%esp), %edi
	mov	28(%esi), %esp
	push	%esp
	call	stack_unwind_to
	add	$4, %esp
	push	%edi
	push	%esi
	push	$0
	jmp	__real_longjmp
	.size	__wrap_longjmp, . - __wrap_longjmp
