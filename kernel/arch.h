/*
 * Port hooks: everything a port provides to the portable kernel. Each
 * port has kernel/arch/<arch>/arch_cpu.h for the inline ones.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdint.h>

#include <arch_cpu.h>

struct task;

/*
 * Inline in arch_cpu.h:
 *   uintptr_t arch_stack_limit(void), void arch_set_stack_limit(uintptr_t)
 *     The word the guard check compares SP with.
 *   unsigned arch_irq_lock(void), void arch_irq_unlock(unsigned key)
 *     Mask interrupts and restore the previous mask; nests.
 *   bool arch_in_isr(void)
 *   uintptr_t arch_sp(void)
 */

/* Set up vectors, interrupt stack, timer and console; interrupts stay off. */
void arch_init(void);

/*
 * Save the callee-saved registers, SP and stack limit of from, and resume
 * to with the limit it had (task->stack_limit on its first run). Called
 * with interrupts enabled, from task context. from may be a task that
 * will never run again.
 */
void arch_switch(struct task *from, struct task *to);

/*
 * Prepare task's first context so that the first switch to it calls
 * task_main(entry, arg) on the stack that ends at stack_top, with the
 * limit task->stack_limit. Sets task->sp.
 */
void arch_task_init(struct task *task, uintptr_t stack_top,
		    void (*entry)(void *), void *arg);

/*
 * Switch from the boot stack to the idle task and call idle() there.
 * Interrupts get enabled inside.
 */
_Noreturn void arch_start(struct task *idle, uintptr_t top,
			  void (*idle_fn)(void));

/* Move SP to top and call fn(status, info) there; fn never returns. */
_Noreturn void arch_call_on_stack(uintptr_t top,
				  void (*fn)(int status, uint32_t info),
				  int status, uint32_t info);

/* Halt the core until an interrupt arrives; called with interrupts masked,
 * returns with them masked. */
void arch_wait_for_interrupt(void);

/* End the program with status (QEMU exits with it; a board halts). */
_Noreturn void arch_exit(int status);

/* Write one byte to the console UART, waiting while it is full. */
void arch_console_putc(char c);

/* Unmask device interrupt line irq (below CONFIG_IRQ_COUNT). */
void arch_irq_enable(unsigned irq);

/* Make device interrupt line irq pending. */
void arch_irq_pend(unsigned irq);

/* Start the SysTick-like timer at CONFIG_TICK_RATE_HZ. */
void arch_timer_start(void);

/* Called by the port. */
void task_main(void (*entry)(void *), void *arg);
void kernel_start(void);

#endif /* ARCH_H */
