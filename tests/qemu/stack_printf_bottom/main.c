/*
 * Do printf, snprintf and qsort work when they are called with SP at the
 * very bottom of a segment, below the stack limit in the guard zone?
 *
 * bottom_work() is called with SP at the stack limit plus room bytes, for
 * room 0, 4, 8, ... until its guard check first lets it run on the
 * current segment. That is the deepest place it can run without a split,
 * and its frame then reaches below the limit. There it prints a line of
 * about 200 characters built from 12 arguments, formats into a buffer and
 * sorts 500 integers through a comparator. newlib runs on its own stack,
 * but the variadic shims and the stack switch run on the task's. If the
 * guard zone were too small for them, they would break the canary below
 * the segment, which the kernel checks at every switch and free.
 */
#include <segue.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define SORT_COUNT 500
#define ROOM_MAX 256
#define ROOM_STEP 4

#include "stack_at.h"

/* The line printed from the bottom: 12 arguments, 202 characters. */
#define LINE_FORMAT                                                         \
	"bottom printf: %d %u %x %s %c %ld %05d %-8s| %+d %lu %08x "      \
	"%s\n"
#define LINE_LENGTH 202
#define FILLER                                                              \
	"the guard zone below the stack limit holds this call's shim and "  \
	"the switch to the C library stack, nothing more"

#define SHORT_SIZE 16

struct work {
	uintptr_t outer_limit; /* the worker's stack limit */
	int ran;               /* bottom_work ran without a split */
	int splits;            /* calls that split before that */
	long offset;           /* SP minus the limit in bottom_work */
	int printed;           /* printf's return value */
	int formatted;         /* snprintf's return value, full buffer */
	int truncated;         /* snprintf's return value, short buffer */
	char full[64];
	char shorter[SHORT_SIZE];
};

static int values[SORT_COUNT];
static int compare_calls;

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a;
	int y = *(const int *)b;

	compare_calls++;
	return (x > y) - (x < y);
}

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* External linkage keeps clang from folding it into the loop. */
__attribute__((noinline)) void bottom_work(void *arg)
{
	struct work *w = arg;

	/* A split means SP was too low for the frame: try higher. */
	if (stack_limit() != w->outer_limit) {
		w->splits++;
		return;
	}
	w->ran = 1;
	w->offset = sp_offset();
	w->printed = printf(LINE_FORMAT, -123456, 4000000000u, 0xbeefu,
			    "segue", 'Q', -77L, 42, "pad", 9, 1234567890UL,
			    0xc0deu, FILLER);
	w->formatted = snprintf(w->full, sizeof(w->full), "%s/%d/%x/%c",
				"split", -2048, 0x7ffu, 'z');
	w->truncated = snprintf(w->shorter, sizeof(w->shorter),
				"%s and %s", "guard zone", "canary");
	qsort(values, SORT_COUNT, sizeof(values[0]), compare_ints);
}

static void worker(void *arg)
{
	struct work *w = arg;

	w->outer_limit = stack_limit();
	for (size_t room = 0; room <= ROOM_MAX && !w->ran; room += ROOM_STEP)
		call_at_room(room, bottom_work, w);
	CHECK_EQ(task_stack_segments(task_self()), 1);
	/* A switch checks the canary of every segment the task holds. */
	task_yield();
}

int main(void)
{
	struct work w;
	uint32_t seed = 12345;
	uint32_t sum = 0;
	uint32_t sorted_sum = 0;
	int order_errors = 0;
	size_t free_before = free_now();
	struct task *t;

	for (int i = 0; i < SORT_COUNT; i++) {
		seed = seed * 1103515245u + 12345u;
		values[i] = (int)(seed >> 8) - (1 << 22);
		sum += (uint32_t)values[i] * 2654435761u;
	}
	memset(&w, 0, sizeof(w));
	t = task_spawn("bottom", worker, &w);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);

	CHECK_EQ(w.ran, 1);
	CHECK(w.splits > 0);
	CHECK(w.offset <= 0);
	CHECK_EQ(w.printed, LINE_LENGTH);
	CHECK_EQ(w.formatted, 17);
	CHECK_EQ(strcmp(w.full, "split/-2048/7ff/z"), 0);
	CHECK_EQ(w.truncated, 21);
	CHECK_EQ(strcmp(w.shorter, "guard zone and "), 0);
	CHECK(compare_calls >= SORT_COUNT - 1);
	for (int i = 0; i < SORT_COUNT; i++) {
		sorted_sum += (uint32_t)values[i] * 2654435761u;
		if (i > 0)
			order_errors += values[i - 1] > values[i];
	}
	CHECK_EQ(order_errors, 0);
	CHECK_EQ(sorted_sum, sum);
	CHECK_EQ(free_now(), free_before);
	printf("bottom_work ran %ld bytes from the limit after %d splits\n",
	       w.offset, w.splits);
	return check_done();
}
