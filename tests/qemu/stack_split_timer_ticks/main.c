/*
 * Does a call chain that crosses many segments stay intact while the
 * timer interrupt fires at every depth, including right after each
 * split? On i386 the CPU pushes the interrupt frame on the task's
 * segment, into the guard zone when SP is near the limit.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define DEPTH 24
/* Three such frames fit in one 2048-byte segment, so the chain crosses
 * a segment boundary every few levels. */
#define FRAME_BYTES 400

static size_t seen[DEPTH + 1];
static unsigned corrupt_bytes;
static unsigned ticks_waited;

/* Spin until the tick count moves, so an interrupt lands here. */
static void wait_for_tick(void)
{
	uint32_t start = task_uptime_ms();

	while (task_uptime_ms() == start)
		;
	ticks_waited++;
}

static unsigned char pattern(int depth, int i)
{
	return (unsigned char)(depth * 7 + i);
}

static __attribute__((noinline)) long descend(int depth)
{
	volatile unsigned char frame[FRAME_BYTES];
	long sum;

	for (int i = 0; i < FRAME_BYTES; i++)
		frame[i] = pattern(depth, i);
	wait_for_tick();
	seen[depth] = task_stack_segments(task_self());
	sum = depth < DEPTH ? descend(depth + 1) : 0;
	wait_for_tick();
	for (int i = 0; i < FRAME_BYTES; i++)
		if (frame[i] != pattern(depth, i))
			corrupt_bytes++;
	return sum + depth;
}

static void worker(void *arg)
{
	long *result = arg;

	*result = descend(1);
	seen[0] = task_stack_segments(task_self());
}

int main(void)
{
	struct stack_pool_stats before, after;
	uint32_t start = task_uptime_ms();
	long result = 0;
	struct task *t;

	stack_pool_stats(&before);
	t = task_spawn("deep", worker, &result);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(result, DEPTH * (DEPTH + 1) / 2);
	CHECK_EQ(corrupt_bytes, 0);
	CHECK_EQ(ticks_waited, 2 * DEPTH);
	/* Each wait takes at least one 1 ms tick. */
	CHECK(task_uptime_ms() - start >= 2 * DEPTH);
	/* At most three frames a segment: the chain held at least
	 * DEPTH / 3 segments at its deepest, and gave every one back. */
	CHECK(seen[DEPTH] >= DEPTH / 3);
	for (int d = 2; d <= DEPTH; d++)
		CHECK(seen[d] >= seen[d - 1]);
	CHECK_EQ(seen[0], 1);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
