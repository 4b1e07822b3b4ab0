/*
 * Does task_join() return exactly the status a task gave to task_exit(),
 * keeping only its low 8 bits, and 0 when the entry returned?
 *
 * First one task at a time, then seven at once joined in reverse order,
 * so that statuses cannot leak from one TCB to another.
 */
#include <limits.h>
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define RETURN_FROM_ENTRY 12345

struct status_case {
	int exit_status;
	int join_status;
};

static const struct status_case cases[] = {
	{ 0, 0 },
	{ 1, 1 },
	{ 42, 42 },
	{ 127, 127 },
	{ 128, 128 },
	{ 254, 254 },
	{ 255, 255 },
	{ 256, 0 },
	{ 257, 1 },
	{ 511, 255 },
	{ 1000, 232 },
	{ -1, 255 },
	{ -256, 0 },
	{ INT_MAX, 255 },
	{ INT_MIN, 0 },
	{ RETURN_FROM_ENTRY, 0 },
};

#define CASES (int)(sizeof(cases) / sizeof(cases[0]))
#define AT_ONCE 7

static void exit_with(void *arg)
{
	const struct status_case *c = arg;

	/* Let the others run first when several are alive. */
	task_yield();
	if (c->exit_status != RETURN_FROM_ENTRY)
		task_exit(c->exit_status);
}

int main(void)
{
	struct task *tasks[AT_ONCE];
	struct task_pool_stats boot, after;

	task_pool_stats(&boot);
	CHECK(boot.tasks_free >= AT_ONCE);

	for (int i = 0; i < CASES; i++) {
		struct task *t = task_spawn("status", exit_with,
					    (void *)&cases[i]);
		int status;

		CHECK(t != NULL);
		status = task_join(t);
		printf("task_exit(%d) -> join %d\n", cases[i].exit_status,
		       status);
		CHECK_EQ(status, cases[i].join_status);
	}

	/* Seven alive at once, joined last first. Task k takes case k + 4,
	 * so that the batch covers 128 up to -1. */
	for (int k = 0; k < AT_ONCE; k++) {
		tasks[k] = task_spawn("batch", exit_with,
				      (void *)&cases[k + 4]);
		CHECK(tasks[k] != NULL);
	}
	for (int k = AT_ONCE - 1; k >= 0; k--)
		CHECK_EQ(task_join(tasks[k]), cases[k + 4].join_status);

	task_pool_stats(&after);
	CHECK_EQ(after.tasks_free, boot.tasks_free);
	return check_done();
}
