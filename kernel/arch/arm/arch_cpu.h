/* Cortex-M inline port hooks; see kernel/arch.h. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

/* Immediate of the UDF instruction __aeabi_idiv0 executes, so the fault
 * handler can tell a division by zero from other undefined instructions. */
#define ARM_UDF_DIVIDE_BY_ZERO 254

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/*
 * clang's Thumb-1 split-stack prologue loads the limit from this global
 * word; the context switch and the exception entry keep it current.
 */
extern uintptr_t __STACK_LIMIT;

static inline uintptr_t arch_stack_limit(void)
{
	return *(volatile uintptr_t *)&__STACK_LIMIT;
}

static inline void arch_set_stack_limit(uintptr_t limit)
{
	*(volatile uintptr_t *)&__STACK_LIMIT = limit;
}

static inline unsigned arch_irq_lock(void)
{
	unsigned key;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(key)::"memory");
	return key;
}

static inline void arch_irq_unlock(unsigned key)
{
	__asm__ volatile("msr primask, %0" ::"r"(key) : "memory");
}

static inline bool arch_in_isr(void)
{
	unsigned ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr != 0;
}

/* Exception number being handled, 0 in thread mode. */
static inline unsigned arch_isr_vector(void)
{
	unsigned ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr & 0x1ff;
}

static inline uintptr_t arch_sp(void)
{
	uintptr_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

/* Exception frame the core pushes on the task stack, in bytes, plus the
 * 4 bytes of alignment it may add. */
#define ARCH_EXCEPTION_FRAME 36

#endif /* __ASSEMBLER__ */
#endif /* ARCH_CPU_H */
