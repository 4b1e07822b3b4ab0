/*
 * x86 CPU exceptions. An exception in task code stops only that task:
 * the handler prints it, then resumes the task in task_stopped() on a
 * reserve segment, which runs the task's defers and exits it with
 * -EFAULT. An exception in an interrupt handler, in the idle task or in
 * kernel code, and every double fault, is a panic.
 */
#include <errno.h>

#include "kernel.h"
#include "x86.h"

#define VECTOR_DIVIDE_ERROR 0
#define VECTOR_PAGE_FAULT 14
#define PAGE_FAULT_PRESENT 0x1 /* error code: the page was mapped */

extern char __kernel_text_start[], __kernel_text_end[];

static const char *const exception_names[32] = {
	[0] = "divide by zero",
	[1] = "debug exception",
	[2] = "non-maskable interrupt",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "undefined instruction",
	[7] = "FPU not available",
	[8] = "double fault",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack segment fault",
	[13] = "general protection fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point error",
};

struct fault {
	const char *kind;
	uintptr_t address; /* the bad address, or the faulting pc */
	uintptr_t pc;
};

static bool in_kernel_text(uintptr_t pc)
{
	return pc >= (uintptr_t)__kernel_text_start &&
	       pc < (uintptr_t)__kernel_text_end;
}

static void fault_decode(struct fault *f, const struct x86_frame *frame)
{
	f->pc = frame->ip;
	f->address = f->pc;
	f->kind = exception_names[frame->vector];
	if (!f->kind)
		f->kind = "reserved exception";
	if (frame->vector == VECTOR_PAGE_FAULT) {
		uintptr_t cr2;

		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		f->address = cr2;
		/* Only RAM is mapped, so a page that is not present is an
		 * access to nothing: what Cortex-M calls a bus fault. */
		f->kind = frame->error & PAGE_FAULT_PRESENT
				  ? "memory access violation"
				  : "bus fault";
	}
}

static void fault_print(const char *who, const struct fault *f,
			const struct x86_frame *frame)
{
	console_puts(who);
	console_puts(f->kind);
	console_puts(" at ");
	console_put_hex(f->address);
	console_puts(", pc ");
	console_put_hex(f->pc);
	console_puts("\n  vector ");
	console_put_dec((long)frame->vector);
	console_puts(", error code ");
	console_put_hex(frame->error);
	console_puts("\n");
}

/* Runs on the idle stack when no reserve segment is free. */
static void fault_abandon(void)
{
	task_abandon(task_current, -EFAULT);
}

/*
 * Handle exception frame->vector; called by x86_trap() on the interrupt
 * stack. Returns the frame to resume.
 */
struct x86_frame *x86_fault(struct x86_frame *frame)
{
	struct task *task = task_current;
	bool from_task = x86_isr_depth == 1;
	uintptr_t isr_limit = arch_stack_limit();
	struct fault f;
	uintptr_t top;

	fault_decode(&f, frame);
	if (frame->vector == X86_VECTOR_DOUBLE_FAULT) {
		fault_print("fault: ", &f, frame);
		panic("x86_fault", "double fault, vector", frame->vector);
	}
	if (!from_task || task == &task_idle || in_kernel_text(f.pc)) {
		fault_print("fault: ", &f, frame);
		panic("x86_fault", from_task ? "fault in kernel code, vector"
					     : "fault in a handler, vector",
		      frame->vector);
	}
	console_puts("task ");
	console_puts(task->name);
	fault_print(": ", &f, frame);

	if (stack_reserve_take(task, &top)) {
		/* stack_reserve_take() set the reserve segment's limit, which
		 * the task resumes with; this stack keeps its own. */
		uintptr_t limit = arch_stack_limit();

		arch_set_stack_limit(isr_limit);
		return x86_frame_call(top, limit,
				      (void (*)(void))task_stopped,
				      (uintptr_t)-EFAULT, 0);
	}
	return x86_frame_call(task_idle.sp - 64, task_idle.stack_limit,
			      fault_abandon, 0, 0);
}
