/*
 * Does task_defer() return -ENOMEM once the defer pool is empty, without
 * registering anything, and -EINVAL for a NULL function?
 *
 * The pool has 4 records (CONFIG_DEFER_RECORDS in prj.conf). A task
 * takes all 4, then tries twice more. Only the 4 registered defers may
 * run when it exits. A second phase splits the pool between several
 * tasks to show that it is shared and refills when a task exits.
 */
#include <errno.h>
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define RECORDS 4
#define LOG_MAX 16

static int order[LOG_MAX];
static int order_count;

static void record(void *arg)
{
	if (order_count < LOG_MAX)
		order[order_count] = (int)(intptr_t)arg;
	order_count++;
}

static size_t defers_free(void)
{
	struct task_pool_stats stats;

	task_pool_stats(&stats);
	return stats.defers_free;
}

static void fill_pool(void *arg)
{
	(void)arg;
	/* NULL is rejected before the pool is looked at, full or empty. */
	CHECK_EQ(task_defer(NULL, (void *)99), -EINVAL);
	CHECK_EQ(defers_free(), RECORDS);
	for (int i = 1; i <= RECORDS; i++)
		CHECK_EQ(task_defer(record, (void *)(intptr_t)i), 0);
	CHECK_EQ(defers_free(), 0);
	CHECK_EQ(task_defer(record, (void *)5), -ENOMEM);
	CHECK_EQ(task_defer(record, (void *)6), -ENOMEM);
	CHECK_EQ(task_defer(NULL, (void *)7), -EINVAL);
	CHECK_EQ(defers_free(), 0);
	task_exit(3);
}

/* Take the records asked for, then wait for main's go-ahead. */
static volatile int release;

static void hold_records(void *arg)
{
	int count = (int)(intptr_t)arg;

	for (int i = 0; i < count; i++)
		CHECK_EQ(task_defer(record, (void *)(intptr_t)(10 + i)), 0);
	while (!release)
		task_yield();
}

static void try_one(void *arg)
{
	int *result = arg;

	*result = task_defer(record, (void *)20);
}

int main(void)
{
	struct task_pool_stats boot;
	struct task *t, *holder;
	int result;

	task_pool_stats(&boot);
	CHECK_EQ(boot.defers_total, RECORDS);
	CHECK_EQ(boot.defers_free, RECORDS);

	order_count = 0;
	t = task_spawn("filler", fill_pool, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 3);
	CHECK_EQ(order_count, RECORDS);
	for (int i = 0; i < RECORDS; i++)
		CHECK_EQ(order[i], RECORDS - i);
	CHECK_EQ(defers_free(), RECORDS);

	/* The pool is shared: 3 records held by one task leave 1. */
	order_count = 0;
	release = 0;
	holder = task_spawn("holder", hold_records, (void *)3);
	CHECK(holder != NULL);
	task_yield();
	CHECK_EQ(defers_free(), 1);
	result = 1;
	t = task_spawn("one", try_one, &result);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(result, 0);
	CHECK_EQ(order_count, 1);
	CHECK_EQ(order[0], 20);
	CHECK_EQ(defers_free(), 1);

	/* Main itself takes the last record, so the next task gets none. */
	CHECK_EQ(task_defer(record, (void *)30), 0);
	CHECK_EQ(defers_free(), 0);
	result = 1;
	t = task_spawn("none", try_one, &result);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(result, -ENOMEM);
	CHECK_EQ(order_count, 1);

	/* The holder's exit gives its 3 back, and those are usable again. */
	release = 1;
	CHECK_EQ(task_join(holder), 0);
	CHECK_EQ(order_count, 4);
	CHECK_EQ(order[1], 12);
	CHECK_EQ(order[2], 11);
	CHECK_EQ(order[3], 10);
	CHECK_EQ(defers_free(), 3);
	result = 1;
	t = task_spawn("again", try_one, &result);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(result, 0);
	CHECK_EQ(order_count, 5);
	CHECK_EQ(defers_free(), 3);

	return check_done();
}
