/*
 * After a task runs out of stack deep in a chain of segments, do its
 * defers see a sane stack room (above zero, under one segment)? Can they
 * use the reserve segment for a small frame, and grow onto new segments
 * once another task has given some back?
 *
 * The failed task keeps its own segments until it exits, so during its
 * defers the pool is empty unless another task returns segments. A donor
 * task holds DONOR_DEPTH segments for that and lets them go when the last
 * defer asks.
 */
#include <errno.h>
#include <segue.h>
#include <stdbool.h>
#include <string.h>

#include "check.h"

/* A 2048-byte segment less its 512-byte guard zone and record fits only
 * one frame of this size. */
#define FRAME_BYTES 1100
/* Fits in what the reserve segment has left under a defer. */
#define SMALL_FRAME_BYTES 400
/* Stop sinking once less than this is left, so that a FRAME_BYTES frame
 * cannot fit and must take a new segment. */
#define SINK_ROOM 300
#define SINK_FRAME_BYTES 64
#define DONOR_DEPTH 3
#define GROW_DEPTH 2

static volatile bool donor_release;
static struct task *donor;
static int deep_depth;
/* A depth far beyond what the pool allows. It is volatile so that the
 * compiler does not see a recursion without end. */
static volatile int depth_limit = 1000;

/* What the defers saw, checked by main. */
static int defers_run;
static size_t room_seen[3];
static size_t segments_at_stop;
static size_t free_at_stop;

static size_t small_frame_segments;
static size_t small_frame_free;
static size_t small_frame_room_used;

static int donor_status = 1;
static size_t free_after_donor;
static size_t room_before_grow;
static size_t grow_segments[GROW_DEPTH + 1];
static size_t grow_free[GROW_DEPTH + 1];
static size_t segments_after_grow;
static size_t free_after_grow;
static int grow_sum;

static size_t pool_free(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

static __attribute__((noinline)) int donor_descend(int depth)
{
	volatile char frame[FRAME_BYTES];
	int sum = 0;

	memset((char *)frame, depth, sizeof(frame));
	if (depth < DONOR_DEPTH)
		sum = donor_descend(depth + 1);
	else
		while (!donor_release)
			task_sleep_ms(1);
	return sum + frame[depth];
}

static void donor_main(void *arg)
{
	(void)arg;
	donor_descend(1);
}

static __attribute__((noinline)) int deep_descend(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	deep_depth = depth;
	if (depth == depth_limit)
		return 0;
	return deep_descend(depth + 1) + frame[depth % FRAME_BYTES];
}

static void note_room(void)
{
	if (defers_run < 3)
		room_seen[defers_run] = task_stack_room();
	defers_run++;
}

/* Record the stack and the pool as the kernel left them (runs first). */
static void defer_check_stop(void *arg)
{
	(void)arg;
	note_room();
	segments_at_stop = task_stack_segments(task_self());
	free_at_stop = pool_free();
}

static __attribute__((noinline)) int small_frame(size_t room_before)
{
	volatile char frame[SMALL_FRAME_BYTES];

	memset((char *)frame, 7, sizeof(frame));
	small_frame_segments = task_stack_segments(task_self());
	small_frame_free = pool_free();
	small_frame_room_used = room_before - task_stack_room();
	return frame[SMALL_FRAME_BYTES - 1];
}

/* Call a frame that fits the reserve segment, so it needs no new segment
 * (runs second). */
static void defer_small_frame(void *arg)
{
	(void)arg;
	note_room();
	small_frame(task_stack_room());
}

static __attribute__((noinline)) int grow(int level)
{
	volatile char frame[FRAME_BYTES];
	int sum = 0;

	memset((char *)frame, level, sizeof(frame));
	grow_segments[level] = task_stack_segments(task_self());
	grow_free[level] = pool_free();
	if (level < GROW_DEPTH)
		sum = grow(level + 1);
	return sum + frame[level];
}

/* Use up the reserve segment with small frames, then grow from there. */
static __attribute__((noinline)) int sink_then_grow(int level)
{
	volatile char frame[SINK_FRAME_BYTES];

	frame[0] = (char)level;
	if (task_stack_room() >= SINK_ROOM)
		return sink_then_grow(level + 1) + frame[0];
	room_before_grow = task_stack_room();
	return grow(1) + frame[0];
}

/* Let the donor end, then grow onto the segments it gave back (runs
 * last). */
static void defer_grow(void *arg)
{
	(void)arg;
	note_room();
	donor_release = true;
	donor_status = task_join(donor);
	free_after_donor = pool_free();
	grow_segments[0] = task_stack_segments(task_self());
	grow_sum = sink_then_grow(1);
	segments_after_grow = task_stack_segments(task_self());
	free_after_grow = pool_free();
}

static void deep_main(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(defer_grow, NULL), 0);
	CHECK_EQ(task_defer(defer_small_frame, NULL), 0);
	CHECK_EQ(task_defer(defer_check_stop, NULL), 0);
	deep_descend(1);
	printf("FAIL: unbounded recursion returned\n");
}

int main(void)
{
	struct stack_pool_stats start, now;
	struct task *deep;
	size_t free_for_deep;

	stack_pool_stats(&start);
	donor = task_spawn("donor", donor_main, NULL);
	CHECK(donor != NULL);
	/* Let the donor reach its depth before the deep task starts. */
	task_yield();
	free_for_deep = pool_free();
	CHECK_EQ(free_for_deep, start.segments_free - DONOR_DEPTH);

	deep = task_spawn("deep", deep_main, NULL);
	CHECK(deep != NULL);
	CHECK_EQ(task_join(deep), -ENOMEM);
	CHECK_EQ(defers_run, 3);

	/* Stopped with every free segment, one level each, and the reserve
	 * segment linked on top. */
	CHECK_EQ(deep_depth, free_for_deep);
	CHECK_EQ(segments_at_stop, free_for_deep + 1);
	CHECK_EQ(free_at_stop, 0);
	for (int i = 0; i < 3; i++) {
		CHECK(room_seen[i] > 0);
		CHECK(room_seen[i] < start.segment_size);
	}

	/* The small frame stayed on the reserve segment. */
	CHECK_EQ(small_frame_segments, segments_at_stop);
	CHECK_EQ(small_frame_free, 0);
	CHECK(small_frame_room_used >= SMALL_FRAME_BYTES);

	/* The donor's segments came back, and each deeper frame took one. */
	CHECK_EQ(donor_status, 0);
	CHECK_EQ(free_after_donor, DONOR_DEPTH);
	CHECK_EQ(grow_segments[0], segments_at_stop);
	CHECK(room_before_grow < SINK_ROOM);
	for (int level = 1; level <= GROW_DEPTH; level++) {
		CHECK_EQ(grow_segments[level], segments_at_stop + level);
		CHECK_EQ(grow_free[level], DONOR_DEPTH - level);
	}
	CHECK_EQ(segments_after_grow, segments_at_stop);
	CHECK_EQ(free_after_grow, DONOR_DEPTH);
	CHECK(grow_sum > 0);

	stack_pool_stats(&now);
	CHECK_EQ(now.segments_free, start.segments_free);
	return check_done();
}
