/*
 * Does a task keep the segment of a returned split for its next split,
 * counted as used, and does the pool take such kept segments back before
 * it reports exhaustion to another task?
 */
#include <segue.h>
#include <string.h>

#include "check.h"

#define CALLS 1000
#define FRAME_BYTES 1100
/* Room at which the loop starts: its frame fits, callee's does not. */
#define HOT_ROOM 40

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

struct hot {
	size_t free_start;
	size_t linked_in_callee;
	size_t free_in_callee_first;
	size_t free_in_callee_last;
	size_t linked_after;
	size_t free_after;
	int calls;
};

static struct hot hot;

static __attribute__((noinline)) void callee(int i)
{
	volatile int local[4];

	local[0] = i;
	hot.calls++;
	if (i == 0) {
		hot.linked_in_callee = task_stack_segments(task_self());
		hot.free_in_callee_first = free_now();
	}
	if (i == CALLS - 1)
		hot.free_in_callee_last = free_now();
	(void)local[0];
}

static __attribute__((noinline)) void loop(void)
{
	for (int i = 0; i < CALLS; i++)
		callee(i);
}

static __attribute__((noinline)) void descend(void)
{
	volatile char pad[4];

	pad[0] = 0;
	if (task_stack_room() > HOT_ROOM)
		descend();
	else
		loop();
	(void)pad[0];
}

static void hot_worker(void *arg)
{
	(void)arg;
	hot.free_start = free_now();
	descend();
	hot.linked_after = task_stack_segments(task_self());
	hot.free_after = free_now();
}

/* Splits once, returns (keeping the segment), then sleeps. */
static volatile int keeper_ready;

static __attribute__((noinline)) int deep_frame(int x)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, x, sizeof(frame));
	return frame[10];
}

/* Two such frames do not fit on one segment, so the inner one splits. */
static __attribute__((noinline)) int outer_frame(int x)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, x, sizeof(frame));
	return deep_frame(x + 1) + frame[10];
}

static void keeper(void *arg)
{
	(void)arg;
	outer_frame(1);
	keeper_ready = 1;
	task_sleep_ms(50);
}

/* Goes as deep as it can in frames of one segment each. */
static int greedy_depth;

static __attribute__((noinline)) int greedy(int depth, int limit)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (depth > greedy_depth)
		greedy_depth = depth;
	if (depth < limit)
		return greedy(depth + 1, limit) + frame[0];
	return frame[0];
}

static int greedy_limit;

static void greedy_worker(void *arg)
{
	(void)arg;
	greedy(1, greedy_limit);
}

int main(void)
{
	size_t boot_free = free_now();
	struct task *t;

	t = task_spawn("hot", hot_worker, NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(hot.calls, CALLS);
	CHECK_EQ(hot.free_start, boot_free - 1);
	/* Every call ran on one more segment than the loop... */
	CHECK_EQ(hot.linked_in_callee, 2);
	CHECK_EQ(hot.free_in_callee_first, boot_free - 2);
	CHECK_EQ(hot.free_in_callee_last, boot_free - 2);
	/* ...and afterwards the task keeps it: linked 1, but 2 in use. */
	CHECK_EQ(hot.linked_after, 1);
	CHECK_EQ(hot.free_after, boot_free - 2);
	/* Its exit gave both back. */
	CHECK_EQ(free_now(), boot_free);

	/* A sleeping task's kept segment goes to a task that needs it. */
	t = task_spawn("keeper", keeper, NULL);
	while (!keeper_ready)
		task_yield();
	CHECK_EQ(free_now(), boot_free - 2);
	greedy_limit = (int)boot_free - 2;
	struct task *g = task_spawn("greedy", greedy_worker, NULL);

	CHECK_EQ(task_join(g), 0);
	CHECK_EQ(greedy_depth, greedy_limit);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(free_now(), boot_free);
	return check_done();
}
