/*
 * i386 parts of the x86 port: task start frames, interrupt gates and
 * redirecting an interrupt frame.
 */
#include <string.h>

#include "kernel.h"
#include "x86.h"

#define SEL_CODE 0x08
#define GATE_INTERRUPT_RING0 0x8e

void x86_task_start(void);

/* Interrupts switch stacks in the entry stub: nothing to set up. */
void x86_cpu_init(void)
{
}

void arch_task_init(struct task *task, uintptr_t stack_top,
		    void (*entry)(void *), void *arg)
{
	/* The frame arch_switch pops: %edi, %esi, %ebx, %ebp, then the
	 * return address, and two words of padding so that SP is 16-byte
	 * aligned at x86_task_start's call of task_main. */
	uint32_t *frame = (uint32_t *)(stack_top & ~(uintptr_t)15) - 7;

	memset(frame, 0, 7 * sizeof(uint32_t));
	frame[1] = (uint32_t)arg;
	frame[2] = (uint32_t)entry;
	frame[4] = (uint32_t)x86_task_start;
	task->sp = (uintptr_t)frame;
}

void x86_idt_set(struct x86_gate *gate, uintptr_t handler)
{
	gate->words[0] = (SEL_CODE << 16) | (handler & 0xffff);
	gate->words[1] = (handler & 0xffff0000u) |
			 (GATE_INTERRUPT_RING0 << 8);
}

void x86_idt_load(struct x86_gate *idt, size_t count)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} pointer = { (uint16_t)(count * sizeof(*idt) - 1), (uint32_t)idt };

	__asm__ volatile("lidt %0" ::"m"(pointer));
}

/*
 * Build, at the top of the stack that ends at top, a frame that the
 * entry path resumes as a call of fn(arg0, arg1) with the given stack
 * limit. iret in ring 0 does not reload SP, so the new frame sits right
 * below fn's return address and arguments.
 */
struct x86_frame *x86_frame_call(uintptr_t top, uintptr_t limit,
				 void (*fn)(void), uintptr_t arg0,
				 uintptr_t arg1)
{
	uint32_t *call = (uint32_t *)(top & ~(uintptr_t)15) - 4;
	struct x86_frame *frame = (struct x86_frame *)call - 1;

	call[0] = 0; /* fn never returns */
	call[1] = (uint32_t)arg0;
	call[2] = (uint32_t)arg1;
	memset(frame, 0, sizeof(*frame));
	frame->limit = limit;
	frame->ip = (uint32_t)fn;
	frame->cs = SEL_CODE;
	frame->flags = X86_EFLAGS_IF;
	return frame;
}
