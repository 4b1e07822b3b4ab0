/*
 * When a defer calls task_exit() while other defers are still pending,
 * do the remaining defers still run, none of them twice, and does the
 * last status given become the task's exit status?
 *
 * Each scenario registers defers in table order, then exits with a
 * status or returns from its entry. Every defer logs its value, so the
 * log must list each pending defer exactly once, newest first.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define LOG_MAX 16
#define RETURN_FROM_ENTRY (-1)

static int order[LOG_MAX];
static int order_count;

static void record(void *arg)
{
	if (order_count < LOG_MAX)
		order[order_count] = (int)(intptr_t)arg;
	order_count++;
}

/* Log the value, then exit with it as the status. */
static void record_exit(void *arg)
{
	record(arg);
	task_exit((int)(intptr_t)arg);
}

/* Log the value, register a defer logging ten times it, then exit with
 * the value: the defer registered here must still run. */
static void record_defer_exit(void *arg)
{
	int value = (int)(intptr_t)arg;

	record(arg);
	CHECK_EQ(task_defer(record, (void *)(intptr_t)(value * 10)), 0);
	task_exit(value);
}

struct step {
	void (*fn)(void *arg);
	int value;
};

struct scenario {
	const char *description;
	struct step steps[4];
	int step_count;
	int exit_status; /* or RETURN_FROM_ENTRY */
	int join_status;
	int order[6];
	int order_count;
};

static const struct scenario scenarios[] = {
	{ "one defer exits",
	  { { record, 1 }, { record_exit, 7 }, { record, 3 } }, 3,
	  3, 7, { 3, 7, 1 }, 3 },
	{ "two defers exit, the older one last",
	  { { record, 1 }, { record_exit, 9 }, { record_exit, 11 } }, 3,
	  1, 9, { 11, 9, 1 }, 3 },
	{ "entry returns, a defer exits",
	  { { record, 1 }, { record_exit, 4 }, { record, 2 } }, 3,
	  RETURN_FROM_ENTRY, 4, { 2, 4, 1 }, 3 },
	{ "a defer registers one, then exits",
	  { { record, 1 }, { record_defer_exit, 8 }, { record, 2 } }, 3,
	  2, 8, { 2, 8, 80, 1 }, 4 },
	{ "only low 8 bits of a defer's status",
	  { { record_exit, 300 }, { record, 5 } }, 2,
	  6, 300 & 0xff, { 5, 300 }, 2 },
};

static void worker(void *arg)
{
	const struct scenario *s = arg;

	for (int i = 0; i < s->step_count; i++) {
		void *value = (void *)(intptr_t)s->steps[i].value;

		CHECK_EQ(task_defer(s->steps[i].fn, value), 0);
	}
	if (s->exit_status != RETURN_FROM_ENTRY)
		task_exit(s->exit_status);
}

int main(void)
{
	struct task_pool_stats boot_tasks, tasks;
	struct stack_pool_stats boot_stack, stack;

	task_pool_stats(&boot_tasks);
	stack_pool_stats(&boot_stack);
	for (size_t n = 0; n < sizeof(scenarios) / sizeof(scenarios[0]);
	     n++) {
		const struct scenario *s = &scenarios[n];
		struct task *t;
		int status;

		order_count = 0;
		t = task_spawn("exit-in-defer", worker, (void *)s);
		CHECK(t != NULL);
		status = task_join(t);
		printf("%s: status %d, %d defers ran\n", s->description,
		       status, order_count);
		CHECK_EQ(status, s->join_status);
		CHECK_EQ(order_count, s->order_count);
		for (int i = 0; i < s->order_count; i++)
			CHECK_EQ(order[i], s->order[i]);

		task_pool_stats(&tasks);
		stack_pool_stats(&stack);
		CHECK_EQ(tasks.defers_free, boot_tasks.defers_free);
		CHECK_EQ(tasks.tasks_free, boot_tasks.tasks_free);
		CHECK_EQ(stack.segments_free, boot_stack.segments_free);
	}
	return check_done();
}
