/*
 * Does a variadic function that the guard check moves to a new segment
 * read all 20 of its arguments? Its fixed arguments are copied to the
 * new segment, but the variable ones stay on the old one, where GCC's
 * code finds them through the frame pointer __morestack sets up.
 */
#include <segue.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "check.h"

#define ARGS 20
#define MAX_LEVELS 400

/* Frames of one chain on one segment are less than this apart. */
#define SAME_SEGMENT_MAX_DISTANCE 1024

static bool last_call_split;
static long split_sum;
static int splits;
static int bad_sums;
static int calls;

/* Whether frame is on another segment than the caller's frame. Asked
 * before the callee calls anything, since a call could split too. */
static bool on_new_segment(uintptr_t frame, uintptr_t caller_frame)
{
	return frame > caller_frame ||
	       caller_frame - frame > SAME_SEGMENT_MAX_DISTANCE;
}

/* Sum count long arguments, each weighted by its position. */
static __attribute__((noinline)) long sum_longs(uintptr_t caller_frame,
						int count, ...)
{
	va_list ap;
	long sum = 0;

	last_call_split = on_new_segment(
		(uintptr_t)__builtin_frame_address(0), caller_frame);
	va_start(ap, count);
	for (int i = 0; i < count; i++)
		sum += va_arg(ap, long) * (i + 1);
	va_end(ap);
	return sum;
}

/* Alternate double and long arguments, so that both register classes
 * and the stack carry some. */
static __attribute__((noinline)) double sum_mixed(int pairs, ...)
{
	va_list ap;
	double sum = 0;

	va_start(ap, pairs);
	for (int i = 0; i < pairs; i++) {
		sum += va_arg(ap, double);
		sum += (double)va_arg(ap, long) * 1000.0;
	}
	va_end(ap);
	return sum;
}

/* 1*1 + 2*2 + ... + 20*20 */
#define EXPECTED_LONGS 2870L
/* 0.5 * 10 + 1000 * (1 + ... + 10) */
#define EXPECTED_MIXED 55005.0

static __attribute__((noinline)) void probe_here(void)
{
	uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
	long sum = sum_longs(frame, ARGS, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
			     9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L,
			     19L, 20L);
	bool split = last_call_split;
	double mixed = sum_mixed(ARGS / 2, 0.5, 1L, 0.5, 2L, 0.5, 3L, 0.5,
				 4L, 0.5, 5L, 0.5, 6L, 0.5, 7L, 0.5, 8L, 0.5,
				 9L, 0.5, 10L);

	calls++;
	if (sum != EXPECTED_LONGS || mixed != EXPECTED_MIXED)
		bad_sums++;
	if (split) {
		splits++;
		split_sum = sum;
	}
}

/* Walk SP down in small steps, calling the variadic functions at every
 * depth, until one of the calls had to move to a new segment. */
static __attribute__((noinline)) void descend(int level)
{
	volatile char pad[16];

	pad[0] = (char)level;
	probe_here();
	if (splits == 0 && level < MAX_LEVELS)
		descend(level + 1);
	pad[1] = pad[0];
}

static void worker(void *arg)
{
	(void)arg;
	descend(0);
}

int main(void)
{
	struct stack_pool_stats before, after;
	struct task *t;

	stack_pool_stats(&before);
	t = task_spawn("variadic", worker, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(splits, 1);
	CHECK(calls > 1);
	CHECK_EQ(bad_sums, 0);
	CHECK_EQ(split_sum, EXPECTED_LONGS);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
