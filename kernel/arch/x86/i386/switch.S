/*
 * i386 context switch, start-up and interrupt entry.
 */
#include "offsets.h"
#include "arch_cpu.h"

#define STACK_LIMIT (x86_cpu + X86_STACK_LIMIT_OFFSET)

	.text

/*
 * void arch_switch(struct task *from, struct task *to)
 *
 * Saves the callee-saved registers and the return address on from's
 * stack, SP and the stack limit in from's TCB, and resumes to the same
 * way. The x87 and SSE state is not saved: every call boundary leaves
 * it empty in the i386 System V ABI.
 */
	.global	arch_switch
	.type	arch_switch, @function
arch_switch:
	mov	4(%esp), %eax
	mov	8(%esp), %edx
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	mov	STACK_LIMIT, %ecx
	mov	%ecx, TASK_STACK_LIMIT(%eax)
	mov	%esp, TASK_SP(%eax)
	mov	TASK_SP(%edx), %esp
	mov	TASK_STACK_LIMIT(%edx), %ecx
	mov	%ecx, STACK_LIMIT
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret
	.size	arch_switch, . - arch_switch

/*
 * First code of a new task: arch_task_init() leaves the entry in %ebx
 * and its argument in %esi of the frame arch_switch pops.
 */
	.global	x86_task_start
	.type	x86_task_start, @function
x86_task_start:
	push	%esi
	push	%ebx
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
	mov	4(%esp), %eax
	mov	8(%esp), %ecx
	mov	12(%esp), %edx
	mov	%ecx, %esp
	mov	TASK_STACK_LIMIT(%eax), %ecx
	mov	%ecx, STACK_LIMIT
	xor	%ebp, %ebp
	sti
	call	*%edx
	ud2
	.size	arch_start, . - arch_start

/*
 * Interrupt and exception entry. The CPU pushes EFLAGS, CS and EIP (and
 * for some exceptions an error code) on the interrupted stack, since
 * everything runs in ring 0; each stub adds the vector (and a zero in
 * place of a missing error code). The common part saves the registers
 * and the stack limit there too, 44 bytes on top of the CPU's 16, then
 * moves to the interrupt stack unless it is already on it, and calls
 * x86_trap() with the frame. x86_trap() returns the frame to resume,
 * which is a new one when it stops the faulting task.
 */
#define X86_STUB_POINTER .long
#define X86_STUB_ALIGN 4
#include "../trap_stubs.inc"

	.text
	.type	x86_trap_common, @function
x86_trap_common:
	pusha
	pushl	STACK_LIMIT
	mov	%esp, %eax
	cmpl	$0, x86_isr_depth
	jne	1f
	mov	x86_isr_stack_top, %esp
1:	incl	x86_isr_depth
	mov	x86_isr_stack_limit, %ecx
	mov	%ecx, STACK_LIMIT
	cld
	push	%eax
	call	x86_trap
	decl	x86_isr_depth
	mov	%eax, %esp
	popl	STACK_LIMIT
	popa
	add	$8, %esp
	iret
	.size	x86_trap_common, . - x86_trap_common

/*
 * Entry of the double fault task (see cpu.c): a fresh stack and
 * segment registers, interrupts off. The error code the CPU pushed is
 * always 0 and stays unread.
 */
	.global	x86_double_fault_entry
	.type	x86_double_fault_entry, @function
x86_double_fault_entry:
	mov	x86_double_fault_stack_limit, %eax
	mov	%eax, STACK_LIMIT
	incl	x86_isr_depth
	movl	$X86_VECTOR_DOUBLE_FAULT, x86_isr_vector_now
	call	x86_double_fault
	ud2
	.size	x86_double_fault_entry, . - x86_double_fault_entry

/*
 * void arch_call_on_stack(uintptr_t top, void (*fn)(int, uint32_t),
 *                         int status, uint32_t info)
 */
	.global	arch_call_on_stack
	.type	arch_call_on_stack, @function
arch_call_on_stack:
	mov	8(%esp), %ecx
	mov	12(%esp), %edx
	mov	16(%esp), %eax
	mov	4(%esp), %esp
	push	%eax
	push	%edx
	call	*%ecx
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
	mov	4(%esp), %eax
	out	%eax, $0xf4
1:	hlt
	jmp	1b
	.size	x86_debug_exit, . - x86_debug_exit
