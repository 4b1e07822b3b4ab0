/* x86 inline port hooks (i386 and amd64); see kernel/arch.h. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

/*
 * GCC's split-stack prologue compares SP with a word of a per-CPU block:
 * %gs:0x30 on i386 (a GDT data segment based at the block) and %fs:0x70
 * on amd64 (IA32_FS_BASE points at the block). x86_cpu is that block.
 */
#if defined(__x86_64__)
#define X86_STACK_LIMIT_OFFSET 0x70
#else
#define X86_STACK_LIMIT_OFFSET 0x30
#endif
#define X86_CPU_BLOCK_SIZE 0x80

/* Interrupt vectors: CPU exceptions first, then the 16 ISA lines, which
 * the two 8259 PICs are programmed to raise from X86_VECTOR_IRQ0 on. */
#define X86_VECTOR_DOUBLE_FAULT 8
#define X86_VECTOR_IRQ0 32
#define X86_VECTORS (X86_VECTOR_IRQ0 + 16)

#define X86_EFLAGS_IF 0x200

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

extern uint8_t x86_cpu[X86_CPU_BLOCK_SIZE];
/* Handlers entered and not yet left; 0 in task context. */
extern volatile unsigned x86_isr_depth;
/* Vector of the innermost handler running. */
extern volatile unsigned x86_isr_vector_now;

static inline uintptr_t arch_stack_limit(void)
{
	return *(volatile uintptr_t *)(x86_cpu + X86_STACK_LIMIT_OFFSET);
}

static inline void arch_set_stack_limit(uintptr_t limit)
{
	*(volatile uintptr_t *)(x86_cpu + X86_STACK_LIMIT_OFFSET) = limit;
}

static inline unsigned arch_irq_lock(void)
{
	uintptr_t flags;

	__asm__ volatile("pushf\n\tpop %0\n\tcli" : "=r"(flags)::"memory");
	return (unsigned)(flags & X86_EFLAGS_IF);
}

static inline void arch_irq_unlock(unsigned key)
{
	if (key & X86_EFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
}

static inline bool arch_in_isr(void)
{
	return x86_isr_depth != 0;
}

/* Vector being handled, 0 in task context (vector 0 is a division
 * error, which never leaves a handler running). */
static inline unsigned arch_isr_vector(void)
{
	return x86_isr_depth ? x86_isr_vector_now : 0;
}

static inline uintptr_t arch_sp(void)
{
	uintptr_t sp;

#if defined(__x86_64__)
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
	__asm__ volatile("mov %%esp, %0" : "=r"(sp));
#endif
	return sp;
}

static inline void x86_outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

static inline uint8_t x86_inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void x86_outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" ::"a"(value), "Nd"(port));
}

/* Unmask ISA interrupt line irq (0 to 15) at the PIC. */
void x86_irq_enable(unsigned irq);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_CPU_H */
