/*
 * Does a longjmp inside a qsort comparator, or out of one, give back
 * exactly the segments it leaves, restore the task's own stack limit and
 * leave the C library free for other tasks?
 *
 * On Cortex-M qsort runs on the C library stack, which is not one of the
 * task's segments, so these jumps cross stacks that the segment chain
 * does not describe.
 */
#include <segue.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "stack_at.h"

#define FRAME_BYTES 1100
#define COUNT 16

static jmp_buf inner_env;
static jmp_buf outer_env;
static jmp_buf nest_env;
static int nest_jumps;
static int inner_jumps;
static volatile int printer_done;

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* Each level takes one segment's worth of frame. */
static __attribute__((noinline)) int grow(int depth, jmp_buf env)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (depth == 0)
		longjmp(env, 1);
	return grow(depth - 1, env) + frame[0];
}

/* Jumps within itself on its first call. */
static int compare_inner(const void *a, const void *b)
{
	static int calls;

	if (calls++ == 0) {
		if (setjmp(inner_env) == 0)
			grow(2, inner_env);
		else
			inner_jumps++;
	}
	return *(const int *)a - *(const int *)b;
}

/* Jumps out of qsort on its first call. */
static int compare_outer(const void *a, const void *b)
{
	(void)a;
	(void)b;
	grow(2, outer_env);
	return 0;
}

/* Jumps from a qsort nested in this comparator back into it. */
static int compare_nested_in(const void *a, const void *b)
{
	(void)a;
	(void)b;
	longjmp(nest_env, 1);
}

static int compare_nested_out(const void *a, const void *b)
{
	static int calls;

	if (calls++ == 0) {
		int inner[4] = { 4, 3, 2, 1 };

		if (setjmp(nest_env) == 0)
			qsort(inner, 4, sizeof(inner[0]), compare_nested_in);
		else
			nest_jumps++;
	}
	return *(const int *)a - *(const int *)b;
}

static void printer(void *arg)
{
	(void)arg;
	printf("printer ran\n");
	printer_done = 1;
}

static size_t deepest_segments;

/* Records the segment count two segment-sized frames further down. */
static __attribute__((noinline)) int deeper(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (depth == 1) {
		deepest_segments = task_stack_segments(task_self());
		return frame[0];
	}
	return deeper(depth - 1) + frame[0];
}

struct result {
	size_t segments_before;
	size_t free_before;
	size_t segments_after_inner;
	size_t free_after_inner;
	int sorted;
	size_t segments_after_outer;
	size_t free_after_outer;
	size_t room_after_outer;
	uintptr_t limit_before;
	uintptr_t limit_after_outer;
	uintptr_t limit_after_nested;
	int printer_done;
};

static struct result r;

static __attribute__((noinline)) void at_depth(int depth)
{
	volatile char frame[FRAME_BYTES];
	int values[COUNT];
	struct task *p;

	memset((char *)frame, depth, sizeof(frame));
	if (depth < 3) {
		at_depth(depth + 1);
		return;
	}
	r.segments_before = task_stack_segments(task_self());
	r.free_before = free_now();
	r.limit_before = stack_limit();

	for (int i = 0; i < COUNT; i++)
		values[i] = COUNT - i;
	qsort(values, COUNT, sizeof(values[0]), compare_inner);
	r.segments_after_inner = task_stack_segments(task_self());
	r.free_after_inner = free_now();
	r.sorted = 1;
	for (int i = 1; i < COUNT; i++)
		r.sorted &= values[i - 1] <= values[i];

	if (setjmp(outer_env) == 0)
		qsort(values, COUNT, sizeof(values[0]), compare_outer);
	r.segments_after_outer = task_stack_segments(task_self());
	r.free_after_outer = free_now();
	r.room_after_outer = task_stack_room();
	r.limit_after_outer = stack_limit();

	/* A jump that stays inside the C library, from a nested qsort
	 * back into the outer comparator. */
	qsort(values, COUNT, sizeof(values[0]), compare_nested_out);
	r.limit_after_nested = stack_limit();

	/* The C library must be free: the printer finishes while this task
	 * only yields. */
	p = task_spawn("printer", printer, NULL);
	for (int i = 0; i < 5 && !printer_done; i++)
		task_yield();
	r.printer_done = printer_done;
	task_join(p);
	deeper(2);
}

static void jumper(void *arg)
{
	(void)arg;
	at_depth(1);
}

int main(void)
{
	size_t boot_free = free_now();
	struct task *t = task_spawn("jumper", jumper, NULL);

	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(r.segments_before, 3);
	/* The jump inside the comparator gave back its two segments only. */
	CHECK_EQ(inner_jumps, 1);
	CHECK_EQ(r.segments_after_inner, 3);
	CHECK_EQ(r.free_after_inner, r.free_before);
	CHECK_EQ(r.sorted, 1);
	/* The jump out of qsort did the same and left the C library. */
	CHECK_EQ(r.segments_after_outer, 3);
	CHECK_EQ(r.free_after_outer, r.free_before);
	CHECK(r.room_after_outer > 0);
	CHECK(r.room_after_outer < 2048);
	CHECK_EQ(r.limit_after_outer, r.limit_before);
	CHECK_EQ(nest_jumps, 1);
	CHECK_EQ(r.limit_after_nested, r.limit_before);
	CHECK_EQ(r.printer_done, 1);
	/* Growing again counts from the task's own segments. */
	CHECK_EQ(deepest_segments, 5);
	CHECK_EQ(free_now(), boot_free);
	return check_done();
}
