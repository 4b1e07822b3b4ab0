/*
 * Cooperative scheduler.
 *
 * One run queue, first in first out. A task runs until it yields, blocks,
 * sleeps or exits; interrupts may put tasks on the run queue (a timer
 * tick ends a sleep, a UART byte wakes a reader) but never switch tasks
 * themselves. The run queue and the sleep list are shared with interrupt
 * handlers, so task code changes them with interrupts masked.
 *
 * The idle task is not in the TCB pool. It runs when the run queue is
 * empty and halts the core until the next interrupt. It is also where an
 * exiting task goes last: the task cannot free the segments it runs on,
 * so it hands itself to idle (reap_pending), and idle frees them on its
 * own stack before it picks the next task.
 */
#include <string.h>

#include "kernel.h"

struct task *task_current;
struct task task_idle;

static uint8_t idle_stack[CONFIG_IDLE_STACK_SIZE]
	__attribute__((aligned(8)));

static struct task *runq_head;
static struct task *runq_tail;
static struct task *sleep_head;
static volatile uint32_t ticks;
static struct task *reap_pending;

/* Called with interrupts masked. */
static __nosplit void runq_push(struct task *task)
{
	task->next = NULL;
	if (runq_tail)
		runq_tail->next = task;
	else
		runq_head = task;
	runq_tail = task;
}

/* Called with interrupts masked. */
static __nosplit struct task *runq_pop(void)
{
	struct task *task = runq_head;

	if (task) {
		runq_head = task->next;
		if (!runq_head)
			runq_tail = NULL;
	}
	return task;
}

static __nosplit void switch_to(struct task *self, struct task *next)
{
	/* Only the segment SP is on can have grown past its bottom since
	 * the last switch; the others are checked when they are freed. */
	if (IS_ENABLED(CONFIG_STACK_CANARY) && self->top &&
	    *(const uint32_t *)self->top->base != STACK_CANARY_WORD)
		panic("switch_to", "canary overwritten below segment at",
		      self->top->base);
	task_current = next;
	arch_switch(self, next);
}

/* Leave the CPU to the next ready task, or to idle if there is none. */
static __nosplit void run_next(struct task *self)
{
	unsigned key = arch_irq_lock();
	struct task *next = runq_pop();

	arch_irq_unlock(key);
	switch_to(self, next ? next : &task_idle);
}

void sched_ready(struct task *task)
{
	unsigned key = arch_irq_lock();

	task->state = TASK_READY;
	runq_push(task);
	arch_irq_unlock(key);
}

/* Called from an interrupt handler. */
void sched_ready_isr(struct task *task)
{
	task->state = TASK_READY;
	runq_push(task);
}

void task_yield(void)
{
	struct task *self = task_current;
	unsigned key = arch_irq_lock();
	struct task *next;

	runq_push(self);
	next = runq_pop();
	arch_irq_unlock(key);
	if (next != self)
		switch_to(self, next);
}

/* Block the caller. The code that set up the wait makes it ready again. */
void sched_block(void)
{
	struct task *self = task_current;

	self->state = TASK_BLOCKED;
	run_next(self);
}

/*
 * Switch away from the exiting current task for good. Runs without the
 * check, because a task stopped for want of stack may get here from the
 * guard zone.
 */
__nosplit void sched_exit(void)
{
	struct task *self = task_current;

	reap_pending = self;
	switch_to(self, &task_idle);
	panic("sched_exit", "exited task resumed", (uintptr_t)self);
}

/*
 * Maximum sleep in one piece, in ticks: the sleep list compares tick
 * counts as signed differences, so a wake tick must lie less than 2^31
 * ticks ahead.
 */
#define SLEEP_CHUNK_TICKS ((uint32_t)INT32_MAX - 1)

static void sleep_ticks(uint32_t delay)
{
	struct task *self = task_current;
	struct task **link;
	unsigned key;

	key = arch_irq_lock();
	self->wake_tick = ticks + delay;
	self->state = TASK_SLEEPING;
	link = &sleep_head;
	while (*link && (int32_t)((*link)->wake_tick - self->wake_tick) <= 0)
		link = &(*link)->next;
	self->next = *link;
	*link = self;
	arch_irq_unlock(key);
	run_next(self);
}

void task_sleep_ms(uint32_t ms)
{
	if (ms == 0) {
		task_yield();
		return;
	}
	/* Round up to whole ticks, plus one for the part of the current
	 * tick already gone. */
	uint64_t delay = ((uint64_t)ms * CONFIG_TICK_RATE_HZ + 999) / 1000 + 1;

	while (delay > SLEEP_CHUNK_TICKS) {
		sleep_ticks(SLEEP_CHUNK_TICKS);
		delay -= SLEEP_CHUNK_TICKS;
	}
	sleep_ticks((uint32_t)delay);
}

/* Timer interrupt: advance time and wake the sleepers that are due. */
void sched_tick(void)
{
	ticks++;
	while (sleep_head && (int32_t)(ticks - sleep_head->wake_tick) >= 0) {
		struct task *task = sleep_head;

		sleep_head = task->next;
		sched_ready_isr(task);
	}
}

uint32_t sched_ticks(void)
{
	return ticks;
}

uint32_t task_uptime_ms(void)
{
	return (uint32_t)((uint64_t)ticks * 1000 / CONFIG_TICK_RATE_HZ);
}

static void idle_main(void)
{
	for (;;) {
		struct task *next;
		unsigned key;

		if (reap_pending) {
			struct task *task = reap_pending;

			reap_pending = NULL;
			task_reap(task);
		}
		key = arch_irq_lock();
		next = runq_pop();
		if (!next)
			arch_wait_for_interrupt();
		arch_irq_unlock(key);
		if (next) {
			task_current = next;
			arch_switch(&task_idle, next);
		}
	}
}

/* Start scheduling on the idle stack; the boot stack is left for good. */
void sched_start(void)
{
	uintptr_t top = (uintptr_t)(idle_stack + sizeof(idle_stack));

	task_idle.state = TASK_READY;
	task_idle.stack_limit = (uintptr_t)idle_stack +
				CONFIG_STACK_GUARD_SIZE;
	memcpy(task_idle.name, "idle", sizeof("idle"));
	task_current = &task_idle;
	*(uint32_t *)idle_stack = STACK_CANARY_WORD;
	arch_start(&task_idle, top, idle_main);
}
