/*
 * i386 parts of the x86 port: task start frames, interrupt gates and
 * redirecting an interrupt frame.
 */
#include <string.h>

#include "kernel.h"
#include "x86.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_CPU 0x18
#define SEL_MAIN_TSS 0x20
#define SEL_DOUBLE_FAULT_TSS 0x28
#define GATE_INTERRUPT_RING0 0x8e
#define GATE_TASK 0x85
#define TSS_AVAILABLE 0x89
#define EFLAGS_RESERVED 0x2 /* bit 1 always reads as one */

void x86_task_start(void);

/* 32-bit task state segment. */
struct tss {
	uint16_t link, reserved0;
	uint32_t esp0;
	uint16_t ss0, reserved1;
	uint32_t esp1;
	uint16_t ss1, reserved2;
	uint32_t esp2;
	uint16_t ss2, reserved3;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, reserved4, cs, reserved5, ss, reserved6;
	uint16_t ds, reserved7, fs, reserved8, gs, reserved9;
	uint16_t ldt, reserved10, trap, iomap_base;
};

_Static_assert(sizeof(struct tss) == 104, "the i386 TSS is 104 bytes");

/*
 * A double fault usually means the stack the CPU pushes on is unusable,
 * and i386 interrupt gates push on the current stack. So vector 8 is a
 * task gate: the CPU saves the running state in main_tss and loads
 * double_fault_tss, which runs x86_double_fault_entry on its own stack.
 */
static struct tss main_tss;
static struct tss double_fault_tss;
static uint8_t double_fault_stack[1024] __attribute__((aligned(16)));
uintptr_t x86_double_fault_stack_limit;

extern uint64_t x86_gdt[];
void x86_double_fault_entry(void);

static void tss_descriptor(unsigned selector, const struct tss *tss)
{
	uint64_t base = (uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	x86_gdt[selector / 8] = (limit & 0xffff) |
				((base & 0xffffff) << 16) |
				((uint64_t)TSS_AVAILABLE << 40) |
				((base >> 24 & 0xff) << 56);
}

void x86_cpu_init(void)
{
	uintptr_t cr3;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	double_fault_tss.cr3 = cr3;
	double_fault_tss.eip = (uintptr_t)x86_double_fault_entry;
	double_fault_tss.eflags = EFLAGS_RESERVED;
	double_fault_tss.esp = (uintptr_t)double_fault_stack +
			       sizeof(double_fault_stack);
	double_fault_tss.cs = SEL_CODE;
	double_fault_tss.ss = SEL_DATA;
	double_fault_tss.ds = SEL_DATA;
	double_fault_tss.es = SEL_DATA;
	double_fault_tss.fs = SEL_DATA;
	double_fault_tss.gs = SEL_CPU;
	double_fault_tss.iomap_base = sizeof(struct tss);
	main_tss.iomap_base = sizeof(struct tss);
	x86_double_fault_stack_limit = (uintptr_t)double_fault_stack +
				       CONFIG_STACK_GUARD_SIZE / 2;
	tss_descriptor(SEL_MAIN_TSS, &main_tss);
	tss_descriptor(SEL_DOUBLE_FAULT_TSS, &double_fault_tss);
	__asm__ volatile("ltr %w0" ::"r"(SEL_MAIN_TSS));
}

/*
 * Report a double fault; runs in the double fault task with the state
 * of the faulting code saved in main_tss, and never returns.
 */
void x86_double_fault(void)
{
	struct x86_frame frame;

	memset(&frame, 0, sizeof(frame));
	frame.vector = X86_VECTOR_DOUBLE_FAULT;
	frame.ip = main_tss.eip;
	frame.cs = main_tss.cs;
	frame.flags = main_tss.eflags;
	x86_fault(&frame);
	panic("x86_double_fault", "double fault handler returned", 0);
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

void x86_idt_set(struct x86_gate *gate, unsigned vector,
		 uintptr_t handler)
{
	if (vector == X86_VECTOR_DOUBLE_FAULT) {
		gate->words[0] = SEL_DOUBLE_FAULT_TSS << 16;
		gate->words[1] = GATE_TASK << 8;
		return;
	}
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
