/*
 * The common body of the fault tests. It runs a task that registers two
 * defers, yields once so that a counter task is mid-way, then faults. It
 * checks that only that task stopped, with -EFAULT, that its defers ran
 * last in first out on the reserve segment, and that the counter
 * finished.
 */
#ifndef FAULT_TASK_H
#define FAULT_TASK_H

#include <errno.h>
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define COUNTER_ROUNDS 200
#define DEFER_COUNT 2

static volatile int counter_rounds;
static int defer_order[DEFER_COUNT];
static int defers_run;
static int counter_rounds_at_fault;
static size_t segments_in_defer;
static volatile int after_fault;
static void (*fault_action)(void);

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

static void faulting_task(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)1), 0);
	CHECK_EQ(task_defer(record_defer, (void *)2), 0);
	/* Let the counter start, so that it runs across the fault. */
	task_yield();
	fault_action();
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

/* Run the whole check around action, which must fault; returns main's
 * exit status. The task is named "bad". */
static int fault_test_run(void (*action)(void))
{
	struct stack_pool_stats before, after;
	struct task *counter, *bad;

	fault_action = action;
	stack_pool_stats(&before);
	counter = task_spawn("counter", count_rounds, NULL);
	CHECK(counter != NULL);
	bad = task_spawn("bad", faulting_task, NULL);
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

#endif /* FAULT_TASK_H */
