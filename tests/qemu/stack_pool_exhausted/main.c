/*
 * When a task recurses without bound, does the kernel stop only that task
 * with -ENOMEM, run its defers in order, give all its segments back, and
 * leave a task running beside it untouched?
 *
 * Each frame holds 1100 bytes, and a 2048-byte segment less its 512-byte
 * guard zone and record fits only one, so the task takes one segment per
 * level until the pool is empty.
 */
#include <errno.h>
#include <segue.h>
#include <string.h>

#include "check.h"

#define FRAME_BYTES 1100
#define COUNTER_ROUNDS 1000
#define DEFER_COUNT 3

static volatile int counter_rounds;
static int deepest;
/* A depth far beyond what the pool allows. It is volatile so that the
 * compiler does not see a recursion without end. */
static volatile int depth_limit = 1000;

static int defer_order[DEFER_COUNT];
static int defers_run;
static int counter_rounds_at_stop;
static size_t pool_free_at_stop;
static size_t segments_at_stop;

static __attribute__((noinline)) int descend(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	deepest = depth;
	/* Let the counter run between levels, so both tasks are alive when
	 * the pool runs out. */
	task_yield();
	if (depth == depth_limit)
		return 0;
	return descend(depth + 1) + frame[depth % FRAME_BYTES];
}

static void record_defer(void *arg)
{
	struct stack_pool_stats stats;

	if (defers_run == 0) {
		stack_pool_stats(&stats);
		pool_free_at_stop = stats.segments_free;
		segments_at_stop = task_stack_segments(task_self());
		counter_rounds_at_stop = counter_rounds;
	}
	if (defers_run < DEFER_COUNT)
		defer_order[defers_run] = (int)(intptr_t)arg;
	defers_run++;
}

static void recurse_forever(void *arg)
{
	(void)arg;
	for (int i = 1; i <= DEFER_COUNT; i++)
		CHECK_EQ(task_defer(record_defer, (void *)(intptr_t)i), 0);
	descend(1);
	printf("FAIL: unbounded recursion returned\n");
}

static void count_rounds(void *arg)
{
	(void)arg;
	for (int i = 0; i < COUNTER_ROUNDS; i++) {
		counter_rounds++;
		task_yield();
	}
}

int main(void)
{
	struct stack_pool_stats before, after;
	struct task_pool_stats tasks_before, tasks_after;
	struct task *counter, *deep;
	size_t free_for_deep;

	counter = task_spawn("counter", count_rounds, NULL);
	CHECK(counter != NULL);
	stack_pool_stats(&before);
	task_pool_stats(&tasks_before);
	free_for_deep = before.segments_free;

	deep = task_spawn("deep", recurse_forever, NULL);
	CHECK(deep != NULL);
	CHECK_EQ(task_join(deep), -ENOMEM);

	/* The task took every free segment, one level per segment. */
	CHECK_EQ(deepest, free_for_deep);
	CHECK_EQ(defers_run, DEFER_COUNT);
	CHECK_EQ(defer_order[0], 3);
	CHECK_EQ(defer_order[1], 2);
	CHECK_EQ(defer_order[2], 1);
	/* Its defers ran before any segment went back, with the reserve
	 * segment linked on top of the chain. */
	CHECK_EQ(pool_free_at_stop, 0);
	CHECK_EQ(segments_at_stop, free_for_deep + 1);
	/* The counter was part way through when the pool ran out. */
	CHECK(counter_rounds_at_stop > 0);
	CHECK(counter_rounds_at_stop < COUNTER_ROUNDS);

	stack_pool_stats(&after);
	task_pool_stats(&tasks_after);
	CHECK_EQ(after.segments_free, before.segments_free);
	CHECK_EQ(after.segments_min_free, 0);
	CHECK_EQ(tasks_after.defers_free, tasks_before.defers_free);
	CHECK_EQ(tasks_after.tasks_free, tasks_before.tasks_free);

	CHECK_EQ(task_join(counter), 0);
	CHECK_EQ(counter_rounds, COUNTER_ROUNDS);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free + 1);
	return check_done();
}
