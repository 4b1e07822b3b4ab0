/*
 * amd64 parts of the x86 port: the TSS that gives interrupts their own
 * stack, task start frames, interrupt gates and redirecting an interrupt
 * frame.
 */
#include <string.h>

#include "kernel.h"
#include "x86.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18
#define GATE_INTERRUPT_RING0 0x8e
#define GATE_IST 1
#define TSS_AVAILABLE 0x89

/* 64-bit task state segment: only its interrupt stack table is used. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

extern uint64_t x86_gdt[];
static struct tss tss __attribute__((aligned(16)));

/* Point IST 1 at the interrupt stack and load the TSS. */
void x86_cpu_init(void)
{
	uint64_t base = (uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.ist[GATE_IST - 1] = x86_isr_stack_top & ~(uintptr_t)15;
	tss.iomap_base = sizeof(tss);
	x86_gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			       ((uint64_t)TSS_AVAILABLE << 40) |
			       ((limit >> 16 & 0xf) << 48) |
			       ((base >> 24 & 0xff) << 56);
	x86_gdt[SEL_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
}

void x86_task_start(void);

void arch_task_init(struct task *task, uintptr_t stack_top,
		    void (*entry)(void *), void *arg)
{
	/* The frame arch_switch pops: %r15 to %r12, %rbx, %rbp, then the
	 * return address, and two words of padding so that SP is 16-byte
	 * aligned at x86_task_start's call of task_main. */
	uint64_t *frame = (uint64_t *)(stack_top & ~(uintptr_t)15) - 9;

	memset(frame, 0, 9 * sizeof(uint64_t));
	frame[3] = (uint64_t)arg;
	frame[4] = (uint64_t)entry;
	frame[6] = (uint64_t)x86_task_start;
	task->sp = (uintptr_t)frame;
}

void x86_idt_set(struct x86_gate *gate, unsigned vector,
		 uintptr_t handler)
{
	(void)vector; /* every gate uses IST 1, double faults included */
	gate->words[0] = (SEL_CODE << 16) | (handler & 0xffff);
	gate->words[1] = (handler & 0xffff0000u) |
			 (GATE_INTERRUPT_RING0 << 8) | GATE_IST;
	gate->words[2] = (uint32_t)(handler >> 32);
	gate->words[3] = 0;
}

void x86_idt_load(struct x86_gate *idt, size_t count)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} pointer = { (uint16_t)(count * sizeof(*idt) - 1), (uintptr_t)idt };

	__asm__ volatile("lidt %0" ::"m"(pointer));
}

/*
 * Build a frame that the entry path resumes as a call of fn(arg0, arg1)
 * on the stack that ends at top, with the given stack limit. iretq loads
 * SP from the frame, which sits just below it, where nothing reads it
 * again.
 */
struct x86_frame *x86_frame_call(uintptr_t top, uintptr_t limit,
				 void (*fn)(void), uintptr_t arg0,
				 uintptr_t arg1)
{
	/* SP is 16n + 8 at a function's entry, as after a call. */
	uintptr_t sp = (top & ~(uintptr_t)15) - 8;
	struct x86_frame *frame = (struct x86_frame *)(sp - 64) - 1;

	memset(frame, 0, sizeof(*frame));
	frame->limit = limit;
	frame->rdi = arg0;
	frame->rsi = arg1;
	frame->ip = (uintptr_t)fn;
	frame->cs = SEL_CODE;
	frame->flags = X86_EFLAGS_IF;
	frame->sp = sp;
	frame->ss = SEL_DATA;
	return frame;
}
