/*
 * After seven tasks have each gone several segments deep, yielding to
 * one another on the way down and back up, and have all been joined, is
 * the pool full again except for main's own segment and TCB?
 *
 * Task i recurses 2 + i % 3 levels of 1100-byte frames, one segment per
 * level, and parks at the bottom until all seven are there, so the peak
 * use is known exactly.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define TASKS 7
#define FRAME_BYTES 1100

static volatile int release;
static volatile int parked;
static int wrong_segments;
static int wrong_bytes;

static int depth_of(int i)
{
	return 2 + i % 3;
}

static __attribute__((noinline)) int descend(int level, int depth)
{
	volatile char frame[FRAME_BYTES];
	int sum = 0;

	memset((char *)frame, level, sizeof(frame));
	if (task_stack_segments(task_self()) != (size_t)level)
		wrong_segments++;
	task_yield();
	if (level < depth) {
		sum = descend(level + 1, depth);
	} else {
		parked++;
		while (!release)
			task_yield();
	}
	/* Back from a deeper level: its segment is gone, this frame is
	 * intact. */
	task_yield();
	if (task_stack_segments(task_self()) != (size_t)level)
		wrong_segments++;
	for (int i = 0; i < FRAME_BYTES; i++)
		if (frame[i] != level)
			wrong_bytes++;
	return sum + level;
}

static void worker(void *arg)
{
	int depth = (int)(intptr_t)arg;

	/* The status is the sum of the levels, 1 + 2 + ... + depth. */
	task_exit(descend(1, depth));
}

int main(void)
{
	struct task *tasks[TASKS];
	struct stack_pool_stats boot, peak, after;
	struct task_pool_stats tasks_boot, tasks_after;
	size_t segments_held = 0;

	stack_pool_stats(&boot);
	task_pool_stats(&tasks_boot);
	CHECK_EQ(boot.segments_free, boot.segments_total - 1);
	CHECK_EQ(tasks_boot.tasks_free, tasks_boot.tasks_total - 1);
	CHECK(tasks_boot.tasks_total >= TASKS + 1);

	for (int i = 0; i < TASKS; i++) {
		tasks[i] = task_spawn("diver", worker,
				      (void *)(intptr_t)depth_of(i));
		CHECK(tasks[i] != NULL);
		segments_held += depth_of(i);
	}
	while (parked < TASKS)
		task_yield();

	for (int i = 0; i < TASKS; i++)
		CHECK_EQ(task_stack_segments(tasks[i]), depth_of(i));
	stack_pool_stats(&peak);
	printf("at the bottom: %u segments held by %d tasks\n",
	       (unsigned)(peak.segments_total - 1 - peak.segments_free),
	       TASKS);
	CHECK_EQ(peak.segments_free,
		 boot.segments_total - 1 - segments_held);

	release = 1;
	for (int i = 0; i < TASKS; i++) {
		int depth = depth_of(i);

		CHECK_EQ(task_join(tasks[i]), depth * (depth + 1) / 2);
	}
	CHECK_EQ(wrong_segments, 0);
	CHECK_EQ(wrong_bytes, 0);

	stack_pool_stats(&after);
	task_pool_stats(&tasks_after);
	CHECK_EQ(after.segments_free, after.segments_total - 1);
	CHECK_EQ(tasks_after.tasks_free, tasks_after.tasks_total - 1);
	CHECK_EQ(tasks_after.defers_free, tasks_after.defers_total);
	CHECK_EQ(after.segments_total - after.segments_min_free,
		 1 + segments_held);
	return check_done();
}
