/*
 * __morestack for GCC's amd64 split-stack prologue.
 *
 * A function whose frame does not fit above the stack limit runs
 *	mov $frame_size, %r10; mov $args_size, %r11; call __morestack
 * followed by a one-byte ret and then the body or a jump to it.
 * __morestack pushes %rbp and makes it the frame pointer, so that
 *	0(%rbp) caller's %rbp		8(%rbp) the ret after the call
 *	16(%rbp) the function's return address
 *	24(%rbp) the stack arguments
 * libgcc's __morestack builds the same frame, and a variadic function
 * depends on it: its body, called on the new stack, finds its stack
 * arguments at 24(%rbp) on the old one.
 */
#include "offsets.h"
#include "arch_cpu.h"

#define STACK_LIMIT (x86_cpu + X86_STACK_LIMIT_OFFSET)

	.text
	.global	__morestack
	.type	__morestack, @function
__morestack:
	push	%rbp
	mov	%rsp, %rbp
	/* Argument registers, and %rax, which holds the vector register
	 * count of a variadic call. x86_stack_split() and what it calls
	 * are built without SSE, so %xmm0-7 survive untouched. */
	push	%rax
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%r8
	push	%r9
	/* The C half runs on its own stack and with its limit, so the
	 * guard zone need not hold it (see morestack.c). */
	mov	x86_morestack_stack_top, %rsp
	mov	STACK_LIMIT, %rcx
	mov	x86_morestack_stack_limit, %rax
	mov	%rax, STACK_LIMIT
	mov	%rbp, %rdi
	mov	%r10, %rsi
	mov	%r11, %rdx
	call	x86_stack_split
	/* %rax is the new SP: the address to continue at, then the return
	 * address for the body and the copied arguments. */
	mov	%rax, %rsp
	mov	-8(%rbp), %rax
	mov	-16(%rbp), %rdi
	mov	-24(%rbp), %rsi
	mov	-32(%rbp), %rdx
	mov	-40(%rbp), %rcx
	mov	-48(%rbp), %r8
	mov	-56(%rbp), %r9
	ret
	.size	__morestack, . - __morestack

/*
 * The body returns here on the new stack with its result in %rax:%rdx
 * (or %xmm0:%xmm1, which the kernel code called here never touches). Go
 * back to the old stack, give the segment back, and return to the ret
 * after the call to __morestack, which returns to the caller.
 */
	.global	x86_morestack_return
	.type	x86_morestack_return, @function
x86_morestack_return:
	mov	task_current, %rcx
	mov	TASK_TOP(%rcx), %rdi
	mov	STACK_TOP_OLD_SP(%rdi), %rsp
	push	%rax
	push	%rdx
	sub	$8, %rsp
	call	stack_unsplit
	add	$8, %rsp
	pop	%rdx
	pop	%rax
	pop	%rbp
	ret
	.size	x86_morestack_return, . - x86_morestack_return

/*
 * longjmp may leave segments behind: move SP to the target first, give
 * back every segment above the one that holds it, then jump. newlib's
 * amd64 jmp_buf keeps SP in word 6.
 */
	.global	__wrap_longjmp
	.type	__wrap_longjmp, @function
__wrap_longjmp:
	mov	%rdi, %r12
	mov	%esi, %r13d
	mov	48(%rdi), %rsp
	and	$-16, %rsp
	mov	%rsp, %rdi
	call	stack_unwind_to
	mov	%r12, %rdi
	mov	%r13d, %esi
	jmp	__real_longjmp
	.size	__wrap_longjmp, . - __wrap_longjmp
