/*
 * Cortex-M context switch, start-up and exception entry. Thumb-1 only,
 * so the same code runs on every Cortex-M core.
 */
	.syntax unified
	.thumb
	.text

#include "offsets.h"
#include "arch_cpu.h"

/*
 * void arch_switch(struct task *from, struct task *to)
 *
 * Saves the stack limit, r8-r11, r4-r7 and the return address on from's
 * stack and SP in from's TCB, then resumes to the same way: 19
 * instructions. ARMv6-M can push only r0-r7, so r8-r11 go through r4-r7,
 * and the limit rides along in r3.
 */
	.global	arch_switch
	.type	arch_switch, %function
	.thumb_func
arch_switch:
	push	{r4-r7, lr}
	mov	r4, r8
	mov	r5, r9
	mov	r6, r10
	mov	r7, r11
	ldr	r2, =__STACK_LIMIT
	ldr	r3, [r2]
	push	{r3-r7}
	mov	r3, sp
	str	r3, [r0, #TASK_SP]
	ldr	r3, [r1, #TASK_SP]
	mov	sp, r3
	pop	{r3-r7}
	str	r3, [r2]
	mov	r8, r4
	mov	r9, r5
	mov	r10, r6
	mov	r11, r7
	pop	{r4-r7, pc}
	.size	arch_switch, . - arch_switch

/*
 * First code of a new task: arch_task_init() leaves the entry in r4 and
 * its argument in r5 of the frame arch_switch pops.
 */
	.global	arm_task_start
	.type	arm_task_start, %function
	.thumb_func
arm_task_start:
	mov	r0, r4
	mov	r1, r5
	bl	task_main
	udf	#0
	.size	arm_task_start, . - arm_task_start

/*
 * void arch_call_on_stack(uintptr_t top, void (*fn)(int, uint32_t),
 *                         int status, uint32_t info)
 */
	.global	arch_call_on_stack
	.type	arch_call_on_stack, %function
	.thumb_func
arch_call_on_stack:
	mov	sp, r0
	mov	r12, r1
	mov	r0, r2
	mov	r1, r3
	blx	r12
	udf	#0
	.size	arch_call_on_stack, . - arch_call_on_stack

/*
 * void arch_start(struct task *idle, uintptr_t top, void (*fn)(void))
 *
 * Moves thread mode to PSP at top (the idle stack), gives MSP back to the
 * interrupt stack, sets idle's stack limit, enables interrupts and calls
 * fn, which never returns.
 */
	.global	arch_start
	.type	arch_start, %function
	.thumb_func
arch_start:
	msr	psp, r1
	movs	r3, #2
	msr	control, r3
	isb
	ldr	r3, [r0, #TASK_STACK_LIMIT]
	ldr	r1, =__STACK_LIMIT
	str	r3, [r1]
	ldr	r3, =arm_isr_stack_top
	ldr	r3, [r3]
	msr	msp, r3
	cpsie	i
	blx	r2
	udf	#0
	.size	arch_start, . - arch_start

/*
 * Entry of every interrupt: runs the handler with the interrupt stack's
 * limit and restores the interrupted code's limit after it. Tasks never
 * switch here, so one push of the old limit is all the state there is.
 */
	.global	arm_isr_entry
	.type	arm_isr_entry, %function
	.thumb_func
arm_isr_entry:
	ldr	r0, =__STACK_LIMIT
	ldr	r1, [r0]
	push	{r1, lr}
	ldr	r1, =arm_isr_stack_limit
	ldr	r1, [r1]
	str	r1, [r0]
	bl	arm_isr_dispatch
	pop	{r1, r2}
	ldr	r0, =__STACK_LIMIT
	str	r1, [r0]
	bx	r2
	.size	arm_isr_entry, . - arm_isr_entry

/*
 * Entry of the fault exceptions. arm_fault() gets the saved limit and
 * EXC_RETURN, and PSP; to stop a task it rewrites PSP and the saved
 * limit so that the exception returns into task_stopped().
 */
	.global	arm_fault_entry
	.type	arm_fault_entry, %function
	.thumb_func
arm_fault_entry:
	ldr	r0, =__STACK_LIMIT
	ldr	r1, [r0]
	push	{r1, lr}
	ldr	r1, =arm_isr_stack_limit
	ldr	r1, [r1]
	str	r1, [r0]
	mov	r0, sp
	mrs	r1, psp
	bl	arm_fault
	pop	{r1, r2}
	ldr	r0, =__STACK_LIMIT
	str	r1, [r0]
	bx	r2
	.size	arm_fault_entry, . - arm_fault_entry

/*
 * Integer division by zero: libgcc's division routines call these. The
 * fault handler recognises the UDF immediate as a division by zero and
 * reports the call site in r0. libgcc's 32-bit routines call with
 * push {r0, lr}; bl __aeabi_idiv0, so [sp, #4] is the address the
 * division returns to in the task's code.
 */
	.global	__aeabi_idiv0
	.type	__aeabi_idiv0, %function
	.thumb_func
__aeabi_idiv0:
	ldr	r0, [sp, #4]
	udf	#ARM_UDF_DIVIDE_BY_ZERO
	.size	__aeabi_idiv0, . - __aeabi_idiv0

	.global	__aeabi_ldiv0
	.type	__aeabi_ldiv0, %function
	.thumb_func
__aeabi_ldiv0:
	mov	r0, lr
	udf	#ARM_UDF_DIVIDE_BY_ZERO
	.size	__aeabi_ldiv0, . - __aeabi_ldiv0

/*
 * void arch_exit(int status): ARM semihosting SYS_EXIT_EXTENDED (0x20)
 * with reason ADP_Stopped_ApplicationExit (0x20026), so QEMU exits with
 * status. Plain SYS_EXIT would always exit 0.
 */
	.global	arm_semihosting_exit
	.type	arm_semihosting_exit, %function
	.thumb_func
arm_semihosting_exit:
	ldr	r1, =0x20026
	push	{r0}
	push	{r1}
	mov	r1, sp
	movs	r0, #0x20
	bkpt	#0xab
	b	.
	.size	arm_semihosting_exit, . - arm_semihosting_exit
