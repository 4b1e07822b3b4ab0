/*
 * Do defers run last in, first out, both when a task calls task_exit()
 * and when its entry returns, and do their records go back to the pool?
 *
 * Each defer appends its argument to a log, so the exact order and count
 * are visible after the join. The workers yield after registering so that
 * main can see the records taken while they are still held.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define LOG_MAX 16

static int order[LOG_MAX];
static int order_count;
static int wrong_task;
static struct task *expected_task;

static void record(void *arg)
{
	/* Defers run on the exiting task, never on the joiner. */
	if (task_self() != expected_task)
		wrong_task++;
	if (order_count < LOG_MAX)
		order[order_count] = (int)(intptr_t)arg;
	order_count++;
}

static void register_three(void)
{
	CHECK_EQ(task_defer(record, (void *)1), 0);
	CHECK_EQ(task_defer(record, (void *)2), 0);
	CHECK_EQ(task_defer(record, (void *)3), 0);
}

static void exit_worker(void *arg)
{
	(void)arg;
	register_three();
	task_yield();
	task_exit(5);
}

static void return_worker(void *arg)
{
	(void)arg;
	register_three();
	CHECK_EQ(task_defer(record, (void *)4), 0);
	CHECK_EQ(task_defer(record, (void *)5), 0);
	task_yield();
}

static void reset_log(struct task *task)
{
	order_count = 0;
	wrong_task = 0;
	for (int i = 0; i < LOG_MAX; i++)
		order[i] = 0;
	expected_task = task;
}

int main(void)
{
	struct task_pool_stats boot, held, after;
	struct task *t;

	task_pool_stats(&boot);
	CHECK_EQ(boot.defers_free, boot.defers_total);

	/* task_exit(): three defers, run 3, 2, 1. */
	t = task_spawn("exiter", exit_worker, NULL);
	CHECK(t != NULL);
	reset_log(t);
	task_yield();
	task_pool_stats(&held);
	CHECK_EQ(held.defers_free, boot.defers_free - 3);
	CHECK_EQ(order_count, 0);
	CHECK_EQ(task_join(t), 5);
	CHECK_EQ(order_count, 3);
	CHECK_EQ(order[0], 3);
	CHECK_EQ(order[1], 2);
	CHECK_EQ(order[2], 1);
	CHECK_EQ(wrong_task, 0);
	task_pool_stats(&after);
	CHECK_EQ(after.defers_free, boot.defers_free);

	/* Return from the entry: five defers, run 5 down to 1. */
	t = task_spawn("returner", return_worker, NULL);
	CHECK(t != NULL);
	reset_log(t);
	task_yield();
	task_pool_stats(&held);
	CHECK_EQ(held.defers_free, boot.defers_free - 5);
	CHECK_EQ(order_count, 0);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(order_count, 5);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(order[i], 5 - i);
	CHECK_EQ(wrong_task, 0);
	task_pool_stats(&after);
	CHECK_EQ(after.defers_free, boot.defers_free);
	CHECK_EQ(after.defers_total, boot.defers_total);
	CHECK_EQ(after.tasks_free, boot.tasks_free);

	return check_done();
}
