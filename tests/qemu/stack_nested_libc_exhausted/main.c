/*
 * When a printf from a qsort comparator needs a segment of its own and
 * the pool has none, is the task stopped like any other pool exhaustion:
 * message, defers run, -ENOMEM, memory back?
 */
#include <errno.h>
#include <segue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "stack_at.h"

#define FRAME_BYTES 1100
#define COUNT 8

static volatile int hog_full;
static int defer_ran;
static int printed = -1;

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* Takes one segment a level until the pool is empty, then waits. */
static __attribute__((noinline)) int hog_descend(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (free_now() > 0)
		return hog_descend(depth + 1) + frame[0];
	hog_full = 1;
	task_sleep_ms(20);
	return frame[0];
}

static void hog(void *arg)
{
	(void)arg;
	hog_descend(0);
}

static __attribute__((noinline)) void print_low(void *arg)
{
	volatile char frame[200];

	(void)arg;
	memset((char *)frame, 'z', sizeof(frame));
	printed = printf("never printed %d %c\n", 1, frame[3]);
}

static int compare(const void *a, const void *b)
{
	call_at_room(16, print_low, NULL);
	return *(const int *)a - *(const int *)b;
}

static void mark_defer(void *arg)
{
	(void)arg;
	defer_ran++;
}

static void sorter(void *arg)
{
	int values[COUNT] = { 8, 7, 6, 5, 4, 3, 2, 1 };

	(void)arg;
	task_defer(mark_defer, NULL);
	while (!hog_full)
		task_yield();
	qsort(values, COUNT, sizeof(values[0]), compare);
}

int main(void)
{
	size_t boot_free = free_now();
	struct task *s = task_spawn("sorter", sorter, NULL);
	struct task *h = task_spawn("hog", hog, NULL);

	while (!hog_full)
		task_yield();
	CHECK_EQ(free_now(), 0);
	CHECK_EQ(task_join(s), -ENOMEM);
	CHECK_EQ(defer_ran, 1);
	CHECK_EQ(printed, -1);
	CHECK_EQ(task_join(h), 0);
	CHECK_EQ(free_now(), boot_free);
	return check_done();
}
