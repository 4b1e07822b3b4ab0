/*
 * Cortex-M port: vector table, reset, SysTick, interrupt dispatch and
 * fault handling.
 *
 * Tasks run in thread mode on PSP; interrupts and faults run on MSP,
 * which is the interrupt stack. Every handler is entered through
 * arm_isr_entry or arm_fault_entry (switch.S), which switch the stack
 * limit to the interrupt stack's and back.
 */
#include <errno.h>
#include <string.h>

#include "kernel.h"
#include "board.h"

#define REG32(addr) (*(volatile uint32_t *)(addr))

#define SCB_VTOR 0xe000ed08u
#define SCB_SHCSR 0xe000ed24u
#define SCB_CFSR 0xe000ed28u
#define SCB_HFSR 0xe000ed2cu
#define SCB_MMFAR 0xe000ed34u
#define SCB_BFAR 0xe000ed38u
#define SYST_CSR 0xe000e010u
#define SYST_RVR 0xe000e014u
#define SYST_CVR 0xe000e018u

#define SCB_ICSR 0xe000ed04u
#define ICSR_PENDSTSET (1u << 26)
#define SYST_RELOAD (CONFIG_CPU_CLOCK_HZ / CONFIG_TICK_RATE_HZ - 1)

#define SHCSR_FAULTS_ENABLE (7u << 16) /* MemManage, BusFault, UsageFault */
#define SYST_CSR_ENABLE_TICKINT_CPUCLK 7u
#define EXC_RETURN_THREAD_PSP 0xdu    /* low bits of EXC_RETURN */
#define XPSR_THUMB (1u << 24)

#define CFSR_MMARVALID (1u << 7)
#define CFSR_BFARVALID (1u << 15)
#define CFSR_UNDEFINSTR (1u << 16)

#define VECTOR_SYSTICK 15
#define VECTOR_FIRST_IRQ 16

uintptr_t __STACK_LIMIT;

static uint8_t isr_stack[CONFIG_ISR_STACK_SIZE] __attribute__((aligned(8)));
uintptr_t arm_isr_stack_top;
uintptr_t arm_isr_stack_limit;

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern char __kernel_text_start[], __kernel_text_end[];

void arm_isr_entry(void);
void arm_fault_entry(void);
void arm_task_start(void);
_Noreturn void arm_semihosting_exit(int status);
void arm_isr_dispatch(void);
void arm_reset(void);
void arm_fault(uint32_t *saved, uint32_t *psp);

/* Set up RAM and enter the kernel; runs before anything else. */
__nosplit void arm_reset(void)
{
	uint32_t *src = __data_load;

	__asm__ volatile("cpsid i");
	for (uint32_t *dst = __data_start; dst < __data_end;)
		*dst++ = *src++;
	for (uint32_t *dst = __bss_start; dst < __bss_end;)
		*dst++ = 0;
	kernel_start();
	for (;;)
		;
}

typedef void (*vector_t)(void);

/* Word 0 is the reset MSP: the boot code runs on the top of the pool
 * region's first RAM, and arch_start() moves MSP to isr_stack later. */
extern char __boot_stack_top[];

__attribute__((section(".vectors"), used))
static const vector_t vectors[VECTOR_FIRST_IRQ + CONFIG_IRQ_COUNT] = {
	[0] = (vector_t)__boot_stack_top,
	[1] = arm_reset,
	[2] = arm_fault_entry,  /* NMI */
	[3] = arm_fault_entry,  /* HardFault */
	[4] = arm_fault_entry,  /* MemManage */
	[5] = arm_fault_entry,  /* BusFault */
	[6] = arm_fault_entry,  /* UsageFault */
	[11] = arm_fault_entry, /* SVCall: the kernel makes none */
	[12] = arm_fault_entry, /* DebugMonitor */
	[14] = arm_fault_entry, /* PendSV: the kernel never pends it */
	[VECTOR_SYSTICK] = arm_isr_entry,
	[VECTOR_FIRST_IRQ ... VECTOR_FIRST_IRQ + CONFIG_IRQ_COUNT - 1] =
		arm_isr_entry,
};

void arch_init(void)
{
	arm_isr_stack_top = (uintptr_t)isr_stack + sizeof(isr_stack);
	arm_isr_stack_limit = (uintptr_t)isr_stack + CONFIG_STACK_GUARD_SIZE;
	*(uint32_t *)isr_stack = STACK_CANARY_WORD;
	if (IS_ENABLED(CONFIG_CPU_HAS_FAULT_STATUS)) {
		REG32(SCB_VTOR) = (uint32_t)vectors;
		REG32(SCB_SHCSR) |= SHCSR_FAULTS_ENABLE;
	}
	REG32(SYST_RVR) = SYST_RELOAD;
	REG32(SYST_CVR) = 0;
	REG32(SYST_CSR) = SYST_CSR_ENABLE_TICKINT_CPUCLK;
}

#define NVIC_ISER 0xe000e100u

void arch_irq_enable(unsigned irq)
{
	REG32(NVIC_ISER + irq / 32 * 4) = 1u << (irq % 32);
}

#define NVIC_ISPR 0xe000e200u

void arch_irq_pend(unsigned irq)
{
	REG32(NVIC_ISPR + irq / 32 * 4) = 1u << (irq % 32);
}

uint64_t clock_cycles(void)
{
	unsigned key = arch_irq_lock();
	uint32_t ticks = sched_ticks();
	uint32_t count = REG32(SYST_CVR);
	uint64_t cycles;

	/* A wrap not yet counted by the masked SysTick handler shows as a
	 * pending SysTick; the count read then may be before or after it. */
	if (REG32(SCB_ICSR) & ICSR_PENDSTSET) {
		count = REG32(SYST_CVR);
		ticks++;
	}
	cycles = (uint64_t)ticks * (SYST_RELOAD + 1) + (SYST_RELOAD - count);
	arch_irq_unlock(key);
	return cycles;
}

/* The frame arch_switch pops, in words from SP up. */
enum { FRAME_LIMIT, FRAME_R8, FRAME_R11 = 4, FRAME_R4, FRAME_R5,
       FRAME_R7 = 8, FRAME_PC, FRAME_WORDS };

void arch_task_init(struct task *task, uintptr_t stack_top,
		    void (*entry)(void *), void *arg)
{
	uint32_t *frame = (uint32_t *)stack_top - FRAME_WORDS;

	memset(frame, 0, FRAME_WORDS * sizeof(uint32_t));
	frame[FRAME_LIMIT] = task->stack_limit;
	frame[FRAME_R4] = (uint32_t)entry;
	frame[FRAME_R5] = (uint32_t)arg;
	frame[FRAME_PC] = (uint32_t)arm_task_start;
	task->sp = (uintptr_t)frame;
}

/* WFI wakes on a pending interrupt even with PRIMASK set; the handler
 * runs once the caller unmasks. */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

__nosplit void arch_exit(int status)
{
	if (IS_ENABLED(CONFIG_SEMIHOSTING_EXIT))
		arm_semihosting_exit(status);
	__asm__ volatile("cpsid i");
	for (;;)
		__asm__ volatile("wfi");
}

void arm_isr_dispatch(void)
{
	unsigned vector = arch_isr_vector();

	if (IS_ENABLED(CONFIG_STACK_CANARY) &&
	    *(uint32_t *)isr_stack != STACK_CANARY_WORD)
		panic("arm_isr_dispatch", "interrupt stack overflow, vector",
		      vector);
	if (vector == VECTOR_SYSTICK)
		sched_tick();
	else if (vector >= VECTOR_FIRST_IRQ)
		irq_dispatch(vector - VECTOR_FIRST_IRQ);
}
