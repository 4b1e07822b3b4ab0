/*
 * Does a failed assert() or a call to abort() in a task stop only that
 * task, with -ECANCELED, after a message naming the failed expression,
 * and with its defers run?
 *
 * A defer of the aborted task also calls task_exit(5): a task the kernel
 * stopped keeps its negative status, and its older defers still run.
 */
#undef NDEBUG
#include <assert.h>
#include <errno.h>
#include <segue.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define MAX_EVENTS 8

enum event {
	EV_ASSERT_DEFER_1 = 1,
	EV_ASSERT_DEFER_2,
	EV_ABORT_DEFER_1,
	EV_ABORT_EXIT_DEFER,
	EV_AFTER_STOP,
};

static int events[MAX_EVENTS];
static int event_count;
/* Read through volatile so that the compiler cannot decide the
 * assertion. */
static volatile int value = 6;

static void record(int event)
{
	if (event_count < MAX_EVENTS)
		events[event_count] = event;
	event_count++;
}

static void record_defer(void *arg)
{
	record((int)(intptr_t)arg);
}

static void exit_defer(void *arg)
{
	(void)arg;
	record(EV_ABORT_EXIT_DEFER);
	task_exit(5);
}

static void fail_assert(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)EV_ASSERT_DEFER_1), 0);
	CHECK_EQ(task_defer(record_defer, (void *)EV_ASSERT_DEFER_2), 0);
	assert(value == 7);
	record(EV_AFTER_STOP);
}

static void call_abort(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)EV_ABORT_DEFER_1), 0);
	CHECK_EQ(task_defer(exit_defer, NULL), 0);
	abort();
	record(EV_AFTER_STOP);
}

int main(void)
{
	struct stack_pool_stats before, after;
	struct task_pool_stats tasks_before, tasks_after;
	struct task *task;

	stack_pool_stats(&before);
	task_pool_stats(&tasks_before);

	task = task_spawn("asserter", fail_assert, NULL);
	CHECK(task != NULL);
	CHECK_EQ(task_join(task), -ECANCELED);
	CHECK_EQ(event_count, 2);
	CHECK_EQ(events[0], EV_ASSERT_DEFER_2);
	CHECK_EQ(events[1], EV_ASSERT_DEFER_1);

	task = task_spawn("aborter", call_abort, NULL);
	CHECK(task != NULL);
	CHECK_EQ(task_join(task), -ECANCELED);
	CHECK_EQ(event_count, 4);
	CHECK_EQ(events[2], EV_ABORT_EXIT_DEFER);
	CHECK_EQ(events[3], EV_ABORT_DEFER_1);

	printf("main continues\n");
	stack_pool_stats(&after);
	task_pool_stats(&tasks_after);
	CHECK_EQ(after.segments_free, before.segments_free);
	CHECK_EQ(tasks_after.tasks_free, tasks_before.tasks_free);
	CHECK_EQ(tasks_after.defers_free, tasks_before.defers_free);
	return check_done();
}
