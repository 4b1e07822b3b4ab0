/*
 * When a task executes an undefined instruction, does the kernel stop
 * only that task with -EFAULT, after a message naming the instruction's
 * address, run its defers, and give its segments back while another task
 * keeps running?
 */
#include <errno.h>
#include <segue.h>
#include <stdint.h>

#if !defined(__arm__) && !defined(__i386__) && !defined(__x86_64__)
#error "this test has an undefined instruction only for ARM and x86"
#endif

#include "check.h"

#define COUNTER_ROUNDS 200
#define DEFER_COUNT 2

static volatile int counter_rounds;
static int defer_order[DEFER_COUNT];
static int defers_run;
static int counter_rounds_at_fault;
static size_t segments_in_defer;
static volatile int after_fault;

static void record_defer(void *arg)
{
	if (defers_run == 0) {
		counter_rounds_at_fault = counter_rounds;
		segments_in_defer = task_stack_segments(task_self());
	}
	if (defers_run < DEFER_COUNT)
		defer_order[defers_run] = (int)(intptr_t)arg;
	defers_run++;
}

static void run_undefined(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)1), 0);
	CHECK_EQ(task_defer(record_defer, (void *)2), 0);
	/* Let the counter start, so that it runs across the fault. */
	task_yield();
#if defined(__arm__)
	/* UDF is permanently undefined in Thumb. The tag 7 is arbitrary,
	 * and not the 254 that the kernel's __aeabi_idiv0 uses. */
	__asm__ volatile("udf #7");
#else
	/* UD2 is the x86 opcode reserved to raise #UD. */
	__asm__ volatile("ud2");
#endif
	after_fault = 1;
}

static void count_rounds(void *arg)
{
	(void)arg;
	for (int i = 0; i < COUNTER_ROUNDS; i++) {
		counter_rounds++;
		task_yield();
	}
}

int main(void)
{
	struct stack_pool_stats before, after;
	struct task *counter, *bad;

	stack_pool_stats(&before);
	counter = task_spawn("counter", count_rounds, NULL);
	CHECK(counter != NULL);
	bad = task_spawn("bad", run_undefined, NULL);
	CHECK(bad != NULL);

	CHECK_EQ(task_join(bad), -EFAULT);
	CHECK_EQ(after_fault, 0);
	CHECK_EQ(defers_run, DEFER_COUNT);
	CHECK_EQ(defer_order[0], 2);
	CHECK_EQ(defer_order[1], 1);
	/* The defers ran on the reserve segment, above the first one. */
	CHECK_EQ(segments_in_defer, 2);
	CHECK(counter_rounds_at_fault > 0);
	CHECK(counter_rounds_at_fault < COUNTER_ROUNDS);

	CHECK_EQ(task_join(counter), 0);
	CHECK_EQ(counter_rounds, COUNTER_ROUNDS);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
