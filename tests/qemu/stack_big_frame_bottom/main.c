/*
 * Does a frame of more than 4 KB, called with SP at the stack limit, get
 * one run of contiguous segments that it can fill whole, and does a
 * frame larger than the whole pool stop only its own task?
 *
 * With 2048-byte segments, a 512-byte guard zone and the 24-byte record,
 * a 4 KB frame needs 3 segments. The pool has 8. Holder tasks take
 * single segments and two of them exit again, which leaves the free
 * segments as single holes and one run of three. A run built from the
 * holes would overlap the holders' stacks and break their fill patterns.
 * A 20 KB frame cannot fit in 8 segments at all, so its task is stopped
 * with -ENOMEM after its defers run.
 */
#include <errno.h>
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define HOLDERS 4
#define HOLDER_WORDS 256
#define BIG_WORDS 1024
#define HUGE_BYTES 20480

/* What big_frame() saw, filled in by its body. */
struct big_result {
	uint32_t key;
	size_t free_inside;
	size_t segments_inside;
	int errors; /* words that did not read back as written */
};

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

static uint32_t big_word(uint32_t key, int i)
{
	return key ^ (uint32_t)i * 0x9e3779b9u;
}

/* External linkage keeps clang from shrinking the frame. */
__attribute__((noinline)) void big_frame(void *arg)
{
	struct big_result *res = arg;
	volatile uint32_t buf[BIG_WORDS];

	res->free_inside = free_now();
	res->segments_inside = task_stack_segments(task_self());
	for (int i = 0; i < BIG_WORDS; i++)
		buf[i] = big_word(res->key, i);
	for (int i = 0; i < BIG_WORDS; i++)
		res->errors += buf[i] != big_word(res->key, i);
}

#include "stack_at.h"

struct holder {
	int index;
	int stay;   /* keep the segment until release is set */
	int filled; /* the pattern is in place */
	int errors; /* pattern words found changed at the end */
};

static volatile int release;

static uint32_t holder_word(int index, int i)
{
	return 0xa5000000u ^ (uint32_t)index << 16 ^ (uint32_t)i * 2654435761u;
}

/* Fill a frame near the top of the task's only segment and keep it until
 * release, so any run that overlaps this segment breaks the pattern. */
static void holder_main(void *arg)
{
	struct holder *h = arg;
	volatile uint32_t pattern[HOLDER_WORDS];

	for (int i = 0; i < HOLDER_WORDS; i++)
		pattern[i] = holder_word(h->index, i);
	h->filled = 1;
	while (h->stay && !release)
		task_sleep_ms(1);
	for (int i = 0; i < HOLDER_WORDS; i++)
		h->errors += pattern[i] != holder_word(h->index, i);
}

static int huge_defer_runs;
static int huge_returned;

static void huge_defer(void *arg)
{
	(void)arg;
	huge_defer_runs++;
}

__attribute__((noinline)) void huge_frame(void *arg)
{
	volatile uint8_t buf[HUGE_BYTES];

	(void)arg;
	memset((uint8_t *)buf, 0x5a, sizeof(buf));
}

static void huge_main(void *arg)
{
	CHECK_EQ(task_defer(huge_defer, NULL), 0);
	huge_frame(arg);
	huge_returned = 1;
}

static void call_big_at(size_t room, size_t free_before)
{
	struct big_result res;

	memset(&res, 0, sizeof(res));
	res.key = 0x3c3c0000u + room;
	call_at_room(room, big_frame, &res);
	CHECK_EQ(res.segments_inside, 1 + 3);
	CHECK_EQ(res.free_inside, free_before - 3);
	CHECK_EQ(res.errors, 0);
	CHECK_EQ(task_stack_segments(task_self()), 1);
	CHECK_EQ(free_now(), free_before);
}

int main(void)
{
	struct stack_pool_stats stats;
	struct holder holders[HOLDERS];
	struct task *tasks[HOLDERS];
	struct task *huge;
	size_t free_start;

	stack_pool_stats(&stats);
	CHECK_EQ(stats.segments_total, 8);
	CHECK_EQ(task_stack_segments(task_self()), 1);
	free_start = stats.segments_free;
	CHECK_EQ(free_start, 7);

	/* Holders 0 and 2 exit at once and leave holes between 1 and 3. */
	for (int i = 0; i < HOLDERS; i++) {
		holders[i] = (struct holder){ .index = i, .stay = i % 2 };
		tasks[i] = task_spawn("holder", holder_main, &holders[i]);
		CHECK(tasks[i] != NULL);
	}
	CHECK_EQ(free_now(), free_start - HOLDERS);
	CHECK_EQ(task_join(tasks[0]), 0);
	CHECK_EQ(task_join(tasks[2]), 0);
	CHECK_EQ(holders[1].filled, 1);
	CHECK_EQ(holders[3].filled, 1);
	CHECK_EQ(free_now(), free_start - 2);

	/* SP at the limit, and 8 bytes above it. */
	call_big_at(0, free_start - 2);
	call_big_at(8, free_start - 2);

	/* The holders still run while the oversized frame stops its task. */
	huge = task_spawn("huge", huge_main, NULL);
	CHECK(huge != NULL);
	CHECK_EQ(task_join(huge), -ENOMEM);
	CHECK_EQ(huge_defer_runs, 1);
	CHECK_EQ(huge_returned, 0);
	CHECK_EQ(free_now(), free_start - 2);

	release = 1;
	CHECK_EQ(task_join(tasks[1]), 0);
	CHECK_EQ(task_join(tasks[3]), 0);
	for (int i = 0; i < HOLDERS; i++)
		CHECK_EQ(holders[i].errors, 0);

	stack_pool_stats(&stats);
	CHECK_EQ(stats.segments_free, free_start);
	CHECK_EQ(stats.segments_total - stats.segments_min_free, 1 + 2 + 3);
	return check_done();
}
