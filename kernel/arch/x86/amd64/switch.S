/*
 * amd64 context switch, start-up and interrupt entry.
 */
#include "offsets.h"
#include "arch_cpu.h"

#define STACK_LIMIT (x86_cpu + X86_STACK_LIMIT_OFFSET)
/* SSE and x87 state of the interrupted code. Handlers do not nest (a
 * fault inside one is a panic), so one area is enough, and it keeps
 * 512 bytes off the interrupt stack. */
	.section .bss.x86_fxsave_area, "aw", @nobits
	.align	16
x86_fxsave_area:
	.space	512

	.text

/*
 * void arch_switch(struct task *from, struct task *to)
 *
 * Saves the callee-saved registers and the return address on from's
 * stack, SP and the stack limit in from's TCB, and resumes to the same
 * way. Vector registers are all caller-saved in the System V ABI, so a
 * call boundary leaves nothing of them to save.
 */
	.global	arch_switch
	.type	arch_switch, @function
arch_switch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	STACK_LIMIT, %rax
	mov	%rax, TASK_STACK_LIMIT(%rdi)
	mov	%rsp, TASK_SP(%rdi)
	mov	TASK_SP(%rsi), %rsp
	mov	TASK_STACK_LIMIT(%rsi), %rax
	mov	%rax, STACK_LIMIT
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	arch_switch, . - arch_switch

/*
 * First code of a new task: arch_task_init() leaves the entry in %rbx
 * and its argument in %r12 of the frame arch_switch pops.
 */
	.global	x86_task_start
	.type	x86_task_start, @function
x86_task_start:
	mov	%rbx, %rdi
	mov	%r12, %rsi
	call	task_main
	ud2
	.size	x86_task_start, . - x86_task_start

/*
 * void arch_start(struct task *idle, uintptr_t top, void (*fn)(void))
 *
 * Moves to the idle stack at top, sets idle's stack limit, enables
 * interrupts and calls fn, which never returns.
 */
	.global	arch_start
	.type	arch_start, @function
arch_start:
	mov	%rsi, %rsp
	and	$-16, %rsp
	mov	TASK_STACK_LIMIT(%rdi), %rax
	mov	%rax, STACK_LIMIT
	xor	%ebp, %ebp
	sti
	call	*%rdx
	ud2
	.size	arch_start, . - arch_start

/*
 * Interrupt and exception entry. Every gate switches to the interrupt
 * stack through IST 1, where the CPU pushes SS, RSP, RFLAGS, CS and RIP
 * (and for some exceptions an error code); each stub adds the vector
 * (and a zero in place of a missing error code). The common part saves
 * the registers, the stack limit and (in x86_fxsave_area) the SSE state
 * that newlib's code in the interrupted task may hold. It switches the
 * stack limit to the interrupt stack's and calls x86_trap() with the
 * frame. x86_trap() returns the frame to resume, which is a new one when
 * it stops the faulting task. Nothing lands on the task's stack.
 */
#define X86_STUB_POINTER .quad
#define X86_STUB_ALIGN 8
#include "../trap_stubs.inc"

	.text
	.type	x86_trap_common, @function
x86_trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	pushq	STACK_LIMIT
	mov	%rsp, %rbx
	incl	x86_isr_depth
	mov	x86_isr_stack_limit, %rax
	mov	%rax, STACK_LIMIT
	and	$-16, %rsp
	fxsave	x86_fxsave_area
	cld
	mov	%rbx, %rdi
	call	x86_trap
	fxrstor	x86_fxsave_area
	decl	x86_isr_depth
	mov	%rax, %rsp
	popq	STACK_LIMIT
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	iretq
	.size	x86_trap_common, . - x86_trap_common

/*
 * void arch_call_on_stack(uintptr_t top, void (*fn)(int, uint32_t),
 *                         int status, uint32_t info)
 */
	.global	arch_call_on_stack
	.type	arch_call_on_stack, @function
arch_call_on_stack:
	mov	%rdi, %rsp
	mov	%rsi, %rax
	mov	%edx, %edi
	mov	%ecx, %esi
	call	*%rax
	ud2
	.size	arch_call_on_stack, . - arch_call_on_stack

/*
 * void x86_debug_exit(unsigned value) ends QEMU through isa-debug-exit at
 * port 0xf4, which makes QEMU exit with (value << 1) | 1. Without the
 * device the write does nothing and the core halts.
 */
	.global	x86_debug_exit
	.type	x86_debug_exit, @function
x86_debug_exit:
	cli
	mov	%edi, %eax
	out	%eax, $0xf4
1:	hlt
	jmp	1b
	.size	x86_debug_exit, . - x86_debug_exit
