/*
 * Cortex-M faults. A fault in task code stops only that task: the handler
 * prints the fault, then rewrites the exception frame so that the return
 * from the exception enters task_stopped() on a reserve segment, which
 * runs the task's defers and exits it with -EFAULT. A fault in an
 * interrupt handler, in the idle task or in kernel code is a panic.
 */
#include <errno.h>

#include "kernel.h"

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SCB_CFSR 0xe000ed28u
#define SCB_MMFAR 0xe000ed34u
#define SCB_BFAR 0xe000ed38u

#define CFSR_IACCVIOL (1u << 0)
#define CFSR_MMARVALID (1u << 7)
#define CFSR_IBUSERR (1u << 8)
#define CFSR_BFARVALID (1u << 15)
#define CFSR_UNDEFINSTR (1u << 16)
#define CFSR_INVSTATE (1u << 17)
#define CFSR_UNALIGNED (1u << 24)
#define CFSR_DIVBYZERO (1u << 25)

#define EXC_RETURN_MODE_MASK 0xfu
#define EXC_RETURN_THREAD_PSP 0xdu
#define XPSR_THUMB (1u << 24)
#define THUMB_UDF(imm) (0xde00u | (imm))

/* Exceptions that are faults; NMI, SVCall, DebugMonitor and PendSV also
 * enter here, but the kernel uses none of them. */
#define VECTOR_HARD_FAULT 3
#define VECTOR_USAGE_FAULT 6

/* Frame the core pushes on exception entry, in words. */
enum { FRAME_R0, FRAME_R1, FRAME_R2, FRAME_R3, FRAME_R12, FRAME_LR,
       FRAME_PC, FRAME_XPSR, FRAME_WORDS };

extern char __kernel_text_start[], __kernel_text_end[];

void arm_fault(uint32_t *saved, uint32_t *psp);

struct fault {
	const char *kind;
	uintptr_t address; /* the bad address, or the faulting pc */
	uintptr_t pc;      /* where the faulting code was */
};

static bool in_kernel_text(uintptr_t pc)
{
	return pc >= (uintptr_t)__kernel_text_start &&
	       pc < (uintptr_t)__kernel_text_end;
}

static void fault_decode(struct fault *f, const uint32_t *frame)
{
	uint32_t cfsr = 0;

	f->kind = "hard fault";
	f->pc = frame[FRAME_PC];
	f->address = f->pc;
	if (IS_ENABLED(CONFIG_CPU_HAS_FAULT_STATUS)) {
		cfsr = REG32(SCB_CFSR);
		REG32(SCB_CFSR) = cfsr; /* write one to clear */
		if (cfsr & CFSR_MMARVALID) {
			f->kind = "memory access violation";
			f->address = REG32(SCB_MMFAR);
		} else if (cfsr & CFSR_IACCVIOL) {
			f->kind = "instruction access violation";
		} else if (cfsr & CFSR_BFARVALID) {
			f->kind = "bus fault";
			f->address = REG32(SCB_BFAR);
		} else if (cfsr & CFSR_IBUSERR) {
			f->kind = "instruction bus fault";
		} else if (cfsr & CFSR_UNDEFINSTR) {
			f->kind = "undefined instruction";
		} else if (cfsr & CFSR_INVSTATE) {
			f->kind = "invalid state";
		} else if (cfsr & CFSR_UNALIGNED) {
			f->kind = "unaligned access";
		} else if (cfsr & CFSR_DIVBYZERO) {
			f->kind = "divide by zero";
		} else if (cfsr) {
			f->kind = "bus fault";
		}
	}
	/* libgcc's division calls __aeabi_idiv0, whose UDF marks a division
	 * by zero and whose r0 contains the return address of the
	 * division call. Report the call, 4 bytes before it, which is the
	 * task's own code. */
	if ((cfsr == 0 || (cfsr & CFSR_UNDEFINSTR)) &&
	    in_kernel_text(f->pc) &&
	    *(const uint16_t *)f->pc == THUMB_UDF(ARM_UDF_DIVIDE_BY_ZERO)) {
		f->kind = "divide by zero";
		f->pc = (frame[FRAME_R0] & ~1u) - 4;
		f->address = f->pc;
	}
}

static void fault_print(const char *who, const struct fault *f)
{
	console_puts(who);
	console_puts(f->kind);
	console_puts(" at ");
	console_put_hex(f->address);
	console_puts(", pc ");
	console_put_hex(f->pc);
	console_puts("\n");
}

/* Runs in thread mode on the idle stack when no reserve segment is free. */
static void fault_abandon(void)
{
	task_abandon(task_current, -EFAULT);
}

void arm_fault(uint32_t *saved, uint32_t *psp)
{
	uint32_t exc_return = saved[1];
	unsigned vector = arch_isr_vector();
	bool from_task = (exc_return & EXC_RETURN_MODE_MASK) ==
			 EXC_RETURN_THREAD_PSP;
	uint32_t *frame = from_task ? psp : saved + 2;
	struct task *task = task_current;
	uintptr_t isr_limit = arch_stack_limit();
	uintptr_t top;
	uint32_t *resume;
	struct fault f;

	fault_decode(&f, frame);
	if (vector < VECTOR_HARD_FAULT || vector > VECTOR_USAGE_FAULT) {
		fault_print("unexpected exception: ", &f);
		panic("arm_fault", "unexpected exception, vector", vector);
	}
	if (!from_task || task == &task_idle || in_kernel_text(f.pc)) {
		fault_print("fault: ", &f);
		panic("arm_fault", from_task ? "fault in kernel code, vector"
					     : "fault in a handler, vector",
		      vector);
	}
	console_puts("task ");
	console_puts(task->name);
	fault_print(": ", &f);

	resume = NULL;
	if (stack_reserve_take(task, &top)) {
		saved[0] = arch_stack_limit();
		resume = (uint32_t *)top - FRAME_WORDS;
		resume[FRAME_PC] = (uint32_t)task_stopped & ~1u;
	} else {
		saved[0] = task_idle.stack_limit;
		top = (task_idle.sp - 64) & ~(uintptr_t)7;
		resume = (uint32_t *)top - FRAME_WORDS;
		resume[FRAME_PC] = (uint32_t)fault_abandon & ~1u;
	}
	arch_set_stack_limit(isr_limit);
	resume[FRAME_R0] = (uint32_t)-EFAULT;
	resume[FRAME_R1] = 0;
	resume[FRAME_R2] = 0;
	resume[FRAME_R3] = 0;
	resume[FRAME_R12] = 0;
	resume[FRAME_LR] = 0;
	resume[FRAME_XPSR] = XPSR_THUMB;
	__asm__ volatile("msr psp, %0" : : "r"(resume) : "memory");
}
