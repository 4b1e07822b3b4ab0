/*
 * After 10,000 spawn, exit and join cycles and 1000 cycles of detached
 * tasks, are the free TCBs, free segments and free defer records exactly
 * their boot values, and did every task's defer run?
 *
 * Joined tasks alternate between returning from their entry and calling
 * task_exit(), and the join status is checked each time. Half the
 * detached tasks are detached before they run, half after they exited
 * (which frees the TCB at once).
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define JOINED_CYCLES 10000
#define DETACHED_CYCLES 1000

static unsigned defers_ran;
static unsigned long defer_arg_sum;
static unsigned tasks_ran;

static void count_defer(void *arg)
{
	defers_ran++;
	defer_arg_sum += (uintptr_t)arg;
}

/* Odd cycles exit with the cycle number, even ones return (status 0). */
static void worker(void *arg)
{
	uintptr_t cycle = (uintptr_t)arg;

	tasks_ran++;
	if (task_defer(count_defer, arg) != 0)
		return;
	if (cycle % 2)
		task_exit((int)cycle);
}

static void print_pools(const char *when)
{
	struct task_pool_stats tasks;
	struct stack_pool_stats stack;

	task_pool_stats(&tasks);
	stack_pool_stats(&stack);
	printf("%s: %u TCBs, %u segments, %u defer records free\n", when,
	       (unsigned)tasks.tasks_free, (unsigned)stack.segments_free,
	       (unsigned)tasks.defers_free);
}

static size_t tcbs_free(void)
{
	struct task_pool_stats tasks;

	task_pool_stats(&tasks);
	return tasks.tasks_free;
}

int main(void)
{
	struct task_pool_stats tasks_boot, tasks_after;
	struct stack_pool_stats stack_boot, stack_after;
	unsigned long expected_sum = 0;
	unsigned spawn_failures = 0;
	unsigned wrong_status = 0;
	unsigned wrong_detach = 0;
	unsigned wrong_tcb_count = 0;

	task_pool_stats(&tasks_boot);
	stack_pool_stats(&stack_boot);
	print_pools("boot");

	for (uintptr_t i = 0; i < JOINED_CYCLES; i++) {
		struct task *t = task_spawn("cycle", worker, (void *)i);
		int expected = i % 2 ? (int)(i & 0xff) : 0;

		if (!t) {
			spawn_failures++;
			continue;
		}
		expected_sum += i;
		if (task_join(t) != expected)
			wrong_status++;
	}
	CHECK_EQ(spawn_failures, 0);
	CHECK_EQ(wrong_status, 0);
	CHECK_EQ(tasks_ran, JOINED_CYCLES);
	CHECK_EQ(defers_ran, JOINED_CYCLES);
	CHECK_EQ(defer_arg_sum, expected_sum);
	print_pools("after joined cycles");

	for (uintptr_t i = 0; i < DETACHED_CYCLES; i++) {
		uintptr_t arg = JOINED_CYCLES + i;
		unsigned ran_before = defers_ran;
		size_t free_before = tcbs_free();
		struct task *t = task_spawn("detached", worker, (void *)arg);

		if (!t) {
			spawn_failures++;
			continue;
		}
		expected_sum += arg;
		if (i % 2 == 0 && task_detach(t) != 0)
			wrong_detach++;
		/* The task runs and exits, and idle reaps it, before main
		 * runs again, so yield until its defer shows it did. */
		while (defers_ran == ran_before)
			task_yield();
		if (i % 2 == 1) {
			/* Exited but not detached: it keeps its TCB. */
			if (tcbs_free() != free_before - 1)
				wrong_tcb_count++;
			if (task_detach(t) != 0)
				wrong_detach++;
		}
		if (tcbs_free() != free_before)
			wrong_tcb_count++;
	}
	CHECK_EQ(spawn_failures, 0);
	CHECK_EQ(wrong_detach, 0);
	CHECK_EQ(wrong_tcb_count, 0);
	CHECK_EQ(tasks_ran, JOINED_CYCLES + DETACHED_CYCLES);
	CHECK_EQ(defers_ran, JOINED_CYCLES + DETACHED_CYCLES);
	CHECK_EQ(defer_arg_sum, expected_sum);
	print_pools("after detached cycles");

	task_pool_stats(&tasks_after);
	stack_pool_stats(&stack_after);
	CHECK_EQ(tasks_after.tasks_free, tasks_boot.tasks_free);
	CHECK_EQ(tasks_after.tasks_free, tasks_after.tasks_total - 1);
	CHECK_EQ(stack_after.segments_free, stack_boot.segments_free);
	CHECK_EQ(stack_after.segments_free, stack_after.segments_total - 1);
	CHECK_EQ(tasks_after.defers_free, tasks_boot.defers_free);
	CHECK_EQ(tasks_after.defers_free, tasks_after.defers_total);
	/* At most main and one worker ever held a segment at once. */
	CHECK_EQ(stack_after.segments_total - stack_after.segments_min_free,
		 2);
	return check_done();
}
