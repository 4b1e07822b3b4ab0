/*
 * Does a task grow its stack one segment per deep frame, and give every
 * segment back as the recursion unwinds?
 *
 * Each frame holds 1100 bytes, and a 2048-byte segment less its 512-byte
 * guard zone and record fits only one, so depth d needs exactly d
 * segments.
 */
#include <segue.h>
#include <string.h>

#include "check.h"

#define DEPTH 14
#define FRAME_BYTES 1100

static size_t seen[DEPTH + 1];

static __attribute__((noinline)) int descend(int depth)
{
	volatile char frame[FRAME_BYTES];
	int sum;

	memset((char *)frame, depth, sizeof(frame));
	seen[depth] = task_stack_segments(task_self());
	sum = depth < DEPTH ? descend(depth + 1) : 0;
	return sum + frame[depth];
}

static void worker(void *arg)
{
	int *result = arg;

	*result = descend(1);
	seen[0] = task_stack_segments(task_self());
}

int main(void)
{
	struct stack_pool_stats before, after;
	int result = 0;
	struct task *t;

	stack_pool_stats(&before);
	t = task_spawn("deep", worker, &result);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	for (int d = 1; d <= DEPTH; d++) {
		printf("depth %d: %u segments\n", d, (unsigned)seen[d]);
		CHECK_EQ(seen[d], d);
	}
	CHECK_EQ(seen[0], 1);
	CHECK_EQ(result, DEPTH * (DEPTH + 1) / 2);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	CHECK_EQ(before.segments_total - after.segments_min_free, DEPTH + 1);
	return check_done();
}
