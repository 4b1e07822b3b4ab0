/*
 * When a defer registers more defers, do those run too, before the
 * defers registered earlier, and in last in, first out order among
 * themselves?
 *
 * The task registers 1, 2 and 3. Defer 2 registers 21 and 22, and 22
 * registers 221, so the order must be 3, 2, 22, 221, 21, 1. The same tree
 * runs once through task_exit() and once through a return from the entry.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define LOG_MAX 16

static int order[LOG_MAX];
static int order_count;
static int defer_errors;

static void record(void *arg)
{
	if (order_count < LOG_MAX)
		order[order_count] = (int)(intptr_t)arg;
	order_count++;
}

static void record_then_add_221(void *arg)
{
	record(arg);
	if (task_defer(record, (void *)221) != 0)
		defer_errors++;
}

static void record_then_add_21_22(void *arg)
{
	record(arg);
	if (task_defer(record, (void *)21) != 0)
		defer_errors++;
	if (task_defer(record_then_add_221, (void *)22) != 0)
		defer_errors++;
}

static void worker(void *arg)
{
	int exit_status = (int)(intptr_t)arg;

	CHECK_EQ(task_defer(record, (void *)1), 0);
	CHECK_EQ(task_defer(record_then_add_21_22, (void *)2), 0);
	CHECK_EQ(task_defer(record, (void *)3), 0);
	if (exit_status >= 0)
		task_exit(exit_status);
}

static void run_tree(int exit_status, int join_status)
{
	static const int expected[] = { 3, 2, 22, 221, 21, 1 };
	struct task_pool_stats boot, after;
	struct task *t;

	order_count = 0;
	defer_errors = 0;
	task_pool_stats(&boot);
	t = task_spawn("nester", worker, (void *)(intptr_t)exit_status);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), join_status);
	CHECK_EQ(defer_errors, 0);
	CHECK_EQ(order_count, 6);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(order[i], expected[i]);
	task_pool_stats(&after);
	CHECK_EQ(after.defers_free, boot.defers_free);
	CHECK_EQ(after.defers_free, after.defers_total);
}

int main(void)
{
	run_tree(9, 9);
	/* A negative argument makes the worker return from its entry. */
	run_tree(-1, 0);
	return check_done();
}
