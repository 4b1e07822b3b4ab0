/*
 * When a task returns from its entry function without calling
 * task_exit(), do its defers run, and does task_join() return 0?
 *
 * Three tasks return this way: one at once, one after yielding and
 * sleeping, and one whose defer was registered on the second segment in a
 * call that has since returned. Before them a task exits with 77 on the
 * same TCB pool, so a join of 0 also shows that no old status leaks.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define LOG_MAX 16
#define FRAME_BYTES 1100

static int order[LOG_MAX];
static int order_count;
static struct task *defer_runner[LOG_MAX];

static void record(void *arg)
{
	if (order_count < LOG_MAX) {
		order[order_count] = (int)(intptr_t)arg;
		defer_runner[order_count] = task_self();
	}
	order_count++;
}

static void exit_77(void *arg)
{
	(void)arg;
	task_exit(77);
}

/* The argument is the entry's argument, logged to show it arrived. */
static void return_at_once(void *arg)
{
	CHECK_EQ(task_defer(record, arg), 0);
	CHECK_EQ(task_defer(record, (void *)2), 0);
}

static void return_after_waiting(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record, (void *)1), 0);
	task_yield();
	CHECK_EQ(task_defer(record, (void *)2), 0);
	task_sleep_ms(5);
	CHECK_EQ(task_defer(record, (void *)3), 0);
}

/*
 * Register a defer from a frame on the task's second segment: the first
 * 1100-byte frame still fits the first segment, the second does not.
 */
static __attribute__((noinline)) int register_deep(int level)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, 1, sizeof(frame));
	if (level == 1)
		return register_deep(2) + frame[0];
	CHECK_EQ(task_stack_segments(task_self()), 2);
	CHECK_EQ(task_defer(record, (void *)1), 0);
	return frame[0];
}

static void return_after_deep_call(void *arg)
{
	(void)arg;
	CHECK_EQ(register_deep(1), 2);
	CHECK_EQ(task_stack_segments(task_self()), 1);
	CHECK_EQ(task_defer(record, (void *)2), 0);
}

static void run(const char *name, void (*entry)(void *), void *arg,
		const int *expected, int expected_count)
{
	struct task *t;

	order_count = 0;
	t = task_spawn(name, entry, arg);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	printf("%s: %d defers ran\n", name, order_count);
	CHECK_EQ(order_count, expected_count);
	for (int i = 0; i < expected_count; i++) {
		CHECK_EQ(order[i], expected[i]);
		CHECK(defer_runner[i] == t);
	}
}

int main(void)
{
	static const int at_once[] = { 2, 1234 };
	static const int after_waiting[] = { 3, 2, 1 };
	static const int after_deep[] = { 2, 1 };
	struct task_pool_stats tasks_boot, tasks_after;
	struct stack_pool_stats stack_boot, stack_after;
	struct task *t;

	task_pool_stats(&tasks_boot);
	stack_pool_stats(&stack_boot);

	t = task_spawn("exit77", exit_77, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 77);

	run("at-once", return_at_once, (void *)1234, at_once, 2);
	run("after-waiting", return_after_waiting, NULL, after_waiting, 3);
	run("after-deep", return_after_deep_call, NULL, after_deep, 2);

	task_pool_stats(&tasks_after);
	stack_pool_stats(&stack_after);
	CHECK_EQ(tasks_after.tasks_free, tasks_boot.tasks_free);
	CHECK_EQ(tasks_after.defers_free, tasks_boot.defers_free);
	CHECK_EQ(stack_after.segments_free, stack_boot.segments_free);
	return check_done();
}
