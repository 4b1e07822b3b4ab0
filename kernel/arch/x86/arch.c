/*
 * x86 port (i386 and amd64): the per-CPU block the guard check reads,
 * the IDT, the 8259 interrupt controllers, the PIT tick and interrupt
 * dispatch.
 *
 * Everything runs in ring 0. Interrupts and exceptions enter through the
 * stubs in <subarch>/switch.S, which move to the interrupt stack (an IST
 * stack on amd64), switch the stack limit to that stack's and call
 * x86_trap(); the limit of the interrupted code is restored on return.
 */
#include "kernel.h"
#include "board.h"
#include "x86.h"

#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define PIC_CASCADE_IRQ 2

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_CHANNEL0_RATE_GENERATOR 0x34 /* lobyte/hibyte, mode 2 */
#define PIT_CLOCK_HZ 1193182

#define IRQ_TIMER 0

_Static_assert(PIT_CLOCK_HZ / CONFIG_TICK_RATE_HZ <= 0xffff,
	       "CONFIG_TICK_RATE_HZ is too low for the PIT's 16-bit divisor");

uint8_t x86_cpu[X86_CPU_BLOCK_SIZE] __attribute__((aligned(16)));
volatile unsigned x86_isr_depth;
volatile unsigned x86_isr_vector_now;

static uint8_t isr_stack[CONFIG_ISR_STACK_SIZE] __attribute__((aligned(16)));
uintptr_t x86_isr_stack_top;
uintptr_t x86_isr_stack_limit;

static struct x86_gate idt[X86_VECTORS] __attribute__((aligned(16)));
static uint16_t pic_mask = 0xffff & ~(1u << PIC_CASCADE_IRQ);

static void pic_write_mask(void)
{
	x86_outb(PIC1_DATA, (uint8_t)pic_mask);
	x86_outb(PIC2_DATA, (uint8_t)(pic_mask >> 8));
}

/* Move the ISA lines to X86_VECTOR_IRQ0 on, away from the exceptions. */
static void pic_init(void)
{
	x86_outb(PIC1_COMMAND, ICW1_INIT_ICW4);
	x86_outb(PIC2_COMMAND, ICW1_INIT_ICW4);
	x86_outb(PIC1_DATA, X86_VECTOR_IRQ0);
	x86_outb(PIC2_DATA, X86_VECTOR_IRQ0 + 8);
	x86_outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	x86_outb(PIC2_DATA, PIC_CASCADE_IRQ);
	x86_outb(PIC1_DATA, ICW4_8086);
	x86_outb(PIC2_DATA, ICW4_8086);
	pic_write_mask();
}

static void soft_pending_raise(void);

void x86_irq_enable(unsigned irq)
{
	unsigned key = arch_irq_lock();

	pic_mask &= (uint16_t)~(1u << irq);
	pic_write_mask();
	if (x86_isr_depth == 0)
		soft_pending_raise();
	arch_irq_unlock(key);
}

void arch_irq_enable(unsigned irq)
{
	x86_irq_enable(irq);
}

/*
 * Lines raised by irq_pend() and not yet handled. The 8259 has no
 * pending bit that software can set, so this mask replaces one. A line
 * is raised when it is unmasked and no handler is running, as the NVIC
 * would do. It is never raised nested inside a handler, because on amd64
 * a nested software interrupt would restart IST 1 at its top, over the
 * running handler.
 */
static volatile uint16_t soft_pending;

/* One "int $n; ret" stub per ISA line, 4 bytes apart: the software
 * interrupt runs the handler through the IDT and the interrupt stack,
 * exactly as the device would. */
extern const uint8_t x86_irq_raise_stubs[];

/* Raise the pending lines that may run now; called with interrupts
 * masked, outside any handler. */
static void soft_pending_raise(void)
{
	for (unsigned irq = 0; irq < 16; irq++) {
		void (*raise)(void);

		if (!(soft_pending & ~pic_mask & (1u << irq)))
			continue;
		soft_pending &= (uint16_t)~(1u << irq);
		raise = (void (*)(void))(uintptr_t)(x86_irq_raise_stubs +
						    irq * 4);
		raise();
	}
}

void arch_irq_pend(unsigned irq)
{
	unsigned key = arch_irq_lock();

	soft_pending |= (uint16_t)(1u << irq);
	if (x86_isr_depth == 0)
		soft_pending_raise();
	arch_irq_unlock(key);
}

static void timer_irq(void *arg)
{
	(void)arg;
	sched_tick();
}

static void pit_start(void)
{
	uint16_t divisor = PIT_CLOCK_HZ / CONFIG_TICK_RATE_HZ;

	x86_outb(PIT_COMMAND, PIT_CHANNEL0_RATE_GENERATOR);
	x86_outb(PIT_CHANNEL0, (uint8_t)divisor);
	x86_outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
	if (irq_connect(IRQ_TIMER, timer_irq, NULL))
		panic("pit_start", "cannot connect the timer line", IRQ_TIMER);
}

/* Under QEMU's -icount the time stamp counter counts instructions; on
 * real hardware it counts at a rate CONFIG_CPU_CLOCK_HZ must name. */
uint64_t clock_cycles(void)
{
	uint32_t low, high;

	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return ((uint64_t)high << 32) | low;
}

void arch_init(void)
{
	x86_isr_stack_top = (uintptr_t)isr_stack + sizeof(isr_stack);
	x86_isr_stack_limit = (uintptr_t)isr_stack + CONFIG_STACK_GUARD_SIZE;
	*(uint32_t *)isr_stack = STACK_CANARY_WORD;
	x86_cpu_init();
	for (size_t i = 0; i < X86_VECTORS; i++)
		x86_idt_set(&idt[i], i, x86_trap_stubs[i]);
	x86_idt_load(idt, X86_VECTORS);
	pic_init();
	pit_start();
}

_Noreturn void x86_debug_exit(unsigned value);

/*
 * The host receives QEMU's exit code (status << 1) | 1 in 8 bits, so a
 * status of 128 or more loses its top bit. For those the console first carries
 * the whole status in an escape sequence (OSC 777), which terminals
 * ignore and scripts/qemu-run.py reads.
 */
__nosplit void arch_exit(int status)
{
	unsigned value = (unsigned)status & 0xff;

	if (value >= 128) {
		console_puts("\033]777;segue-exit;");
		console_put_dec((long)value);
		console_puts("\007");
		console_flush();
	}
	x86_debug_exit(value);
}

/* sti takes effect after the next instruction, so no interrupt can slip
 * in between it and hlt and leave the core halted with work to do. */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
}

/* A non-specific EOI with no line in service, as after irq_pend(),
 * changes nothing. */
static void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		x86_outb(PIC2_COMMAND, PIC_EOI);
	x86_outb(PIC1_COMMAND, PIC_EOI);
}

/*
 * Called by the entry path on the interrupt stack with interrupts
 * masked. Returns the frame to resume: frame itself, or a new one when
 * a fault stops the current task.
 */
struct x86_frame *x86_trap(struct x86_frame *frame)
{
	unsigned outer_vector = x86_isr_vector_now;
	struct x86_frame *resume = frame;

	x86_isr_vector_now = frame->vector;
	if (IS_ENABLED(CONFIG_STACK_CANARY) &&
	    *(uint32_t *)isr_stack != STACK_CANARY_WORD)
		panic("x86_trap", "interrupt stack overflow, vector",
		      frame->vector);
	if (frame->vector >= X86_VECTOR_IRQ0) {
		pic_eoi(frame->vector - X86_VECTOR_IRQ0);
		irq_dispatch(frame->vector - X86_VECTOR_IRQ0);
		/* Lines a handler pended run now, one after another on this
		 * stack, since returning to raise them would take a switch
		 * the kernel does not make from interrupts. */
		while (x86_isr_depth == 1 && (soft_pending & ~pic_mask)) {
			unsigned irq = 0;

			while (!(soft_pending & ~pic_mask & (1u << irq)))
				irq++;
			soft_pending &= (uint16_t)~(1u << irq);
			irq_dispatch(irq);
		}
	}
	else
		resume = x86_fault(frame);
	x86_isr_vector_now = outer_vector;
	return resume;
}
