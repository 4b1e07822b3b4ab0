/* Declarations shared by the x86 port's files. */
#ifndef X86_H
#define X86_H

#include <stddef.h>
#include <stdint.h>

#include "x86_frame.h"

/* One IDT entry: 8 bytes on i386, 16 on amd64. */
struct x86_gate {
	uint32_t words[sizeof(uintptr_t) / 2];
};

/* Entry stubs of vectors 0 to X86_VECTORS - 1 (switch.S). */
extern const uintptr_t x86_trap_stubs[X86_VECTORS];

extern uintptr_t x86_isr_stack_top;
extern uintptr_t x86_isr_stack_limit;

/* Set up what the subarch needs before the IDT is loaded. */
void x86_cpu_init(void);
void x86_idt_set(struct x86_gate *gate, unsigned vector,
		 uintptr_t handler);
void x86_idt_load(struct x86_gate *idt, size_t count);
struct x86_frame *x86_frame_call(uintptr_t top, uintptr_t limit,
				 void (*fn)(void), uintptr_t arg0,
				 uintptr_t arg1);
struct x86_frame *x86_trap(struct x86_frame *frame);
struct x86_frame *x86_fault(struct x86_frame *frame);

#endif /* X86_H */
