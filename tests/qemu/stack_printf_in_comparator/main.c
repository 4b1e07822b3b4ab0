/*
 * Does printf called from a qsort comparator work when the comparator
 * sits at the very bottom of its stack, and when it has grown onto pool
 * segments, without writing below any stack?
 *
 * On Cortex-M qsort already runs on the shared C library stack, so the
 * printf is a nested call into newlib; the kernel canaries below every
 * segment and below the shared stack turn an overrun into a panic.
 */
#include <segue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "stack_at.h"

#define COUNT 32
#define FRAME_BYTES 1100

static int calls;
static int printed_low;
static int printed_deep;

static __attribute__((noinline)) void print_low(void *arg)
{
	volatile char frame[200];

	(void)arg;
	memset((char *)frame, 'x', sizeof(frame));
	printed_low = printf("comparator at the bottom: %d %s %08x %c\n",
			     17, "of its stack", 0xfeedu, frame[5]);
}

static __attribute__((noinline)) void print_deep(void *arg)
{
	volatile char frame[200];

	(void)arg;
	memset((char *)frame, 'y', sizeof(frame));
	printed_deep = printf("comparator %u segments down: %d %s\n", 3u,
			      -5, "grown onto the pool");
}

static __attribute__((noinline)) int grow_then_print(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (depth > 0)
		return grow_then_print(depth - 1) + frame[0];
	call_at_room(16, print_deep, NULL);
	return frame[0];
}

static int compare(const void *a, const void *b)
{
	calls++;
	if (calls == 1)
		call_at_room(16, print_low, NULL);
	if (calls == 2)
		grow_then_print(3);
	return *(const int *)a - *(const int *)b;
}

static int values[COUNT];
static volatile int probe_runs;

/* Connected on the last line before the sort and raised after it: an
 * overrun below the shared stack would have hit the handler table. */
static void probe(void *arg)
{
	(void)arg;
	probe_runs++;
}

static void sorter(void *arg)
{
	(void)arg;
	for (int i = 0; i < COUNT; i++)
		values[i] = (i * 7919) % COUNT;
	qsort(values, COUNT, sizeof(values[0]), compare);
}

int main(void)
{
	struct stack_pool_stats before, after;
	struct task *t;

	stack_pool_stats(&before);
	CHECK_EQ(irq_connect(CONFIG_IRQ_COUNT - 1, probe, NULL), 0);
	t = task_spawn("sorter", sorter, NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(irq_pend(CONFIG_IRQ_COUNT - 1), 0);
	CHECK_EQ(probe_runs, 1);
	CHECK_EQ(printed_low, 53);
	CHECK_EQ(printed_deep, 51);
	for (int i = 0; i < COUNT; i++)
		CHECK_EQ(values[i], i);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
