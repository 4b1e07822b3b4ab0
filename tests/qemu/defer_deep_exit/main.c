/*
 * Does a defer that needs two new segments of its own run correctly when
 * its task calls task_exit() six segments deep, and is every segment back
 * in the pool after the join?
 *
 * Frames of 1100 bytes fit one to a 2048-byte segment (less its 512-byte
 * guard zone and record), so depth d of the recursion holds d segments.
 * The task registers one defer at depth 2 and one at depth 6, then exits
 * at depth 6. Each defer has an 1100-byte frame and calls a function with
 * another, so it runs on segments 7 and 8, and the task peaks at 8.
 */
#include <segue.h>
#include <string.h>

#include "check.h"

#define EXIT_DEPTH 6
#define EARLY_DEFER_DEPTH 2
#define FRAME_BYTES 1100
#define OUTER_FILL 0xa5
#define INNER_FILL 0x5a

struct defer_result {
	int ran;
	size_t outer_segments;
	size_t inner_segments;
	int outer_bad_bytes; /* bytes of the outer frame found changed */
	int inner_bad_bytes;
};

static struct defer_result early_result, late_result;
static size_t seen[EXIT_DEPTH + 1];
static int order[2];
static int order_count;

static int count_bad_bytes(const volatile char *frame, int fill)
{
	int bad = 0;

	for (int i = 0; i < FRAME_BYTES; i++)
		if ((unsigned char)frame[i] != fill)
			bad++;
	return bad;
}

static __attribute__((noinline)) void defer_inner(struct defer_result *r)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, INNER_FILL, sizeof(frame));
	r->inner_segments = task_stack_segments(task_self());
	r->inner_bad_bytes = count_bad_bytes(frame, INNER_FILL);
}

/* The deferred function: two 1100-byte frames, one inside the other. */
static void big_defer(void *arg)
{
	struct defer_result *r = arg;
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, OUTER_FILL, sizeof(frame));
	r->outer_segments = task_stack_segments(task_self());
	defer_inner(r);
	/* The inner frame's segment must not have overlapped this one. */
	r->outer_bad_bytes = count_bad_bytes(frame, OUTER_FILL);
	r->ran++;
	if (order_count < 2)
		order[order_count] = r == &early_result ? 1 : 2;
	order_count++;
}

static __attribute__((noinline)) int descend(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	seen[depth] = task_stack_segments(task_self());
	if (depth == EARLY_DEFER_DEPTH)
		CHECK_EQ(task_defer(big_defer, &early_result), 0);
	if (depth == EXIT_DEPTH) {
		CHECK_EQ(task_defer(big_defer, &late_result), 0);
		task_exit(EXIT_DEPTH);
	}
	return descend(depth + 1) + frame[depth];
}

static void worker(void *arg)
{
	(void)arg;
	descend(1);
	/* Not reached: the task exits at EXIT_DEPTH. */
	task_exit(100);
}

static void check_result(const char *label,
			 const struct defer_result *r)
{
	printf("%s defer: ran %d, segments %u then %u\n", label, r->ran,
	       (unsigned)r->outer_segments, (unsigned)r->inner_segments);
	CHECK_EQ(r->ran, 1);
	CHECK_EQ(r->outer_segments, EXIT_DEPTH + 1);
	CHECK_EQ(r->inner_segments, EXIT_DEPTH + 2);
	CHECK_EQ(r->outer_bad_bytes, 0);
	CHECK_EQ(r->inner_bad_bytes, 0);
}

int main(void)
{
	struct stack_pool_stats boot, after;
	struct task_pool_stats tasks_boot, tasks_after;
	struct task *t;

	stack_pool_stats(&boot);
	task_pool_stats(&tasks_boot);
	/* Only main's first segment is in use. */
	CHECK_EQ(boot.segments_free, boot.segments_total - 1);

	t = task_spawn("deep", worker, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), EXIT_DEPTH);
	for (int d = 1; d <= EXIT_DEPTH; d++)
		CHECK_EQ(seen[d], d);

	check_result("late", &late_result);
	check_result("early", &early_result);
	CHECK_EQ(order_count, 2);
	CHECK_EQ(order[0], 2);
	CHECK_EQ(order[1], 1);

	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, boot.segments_total - 1);
	/* Peak: main's segment plus the task's 8. */
	CHECK_EQ(boot.segments_total - after.segments_min_free,
		 1 + EXIT_DEPTH + 2);
	task_pool_stats(&tasks_after);
	CHECK_EQ(tasks_after.defers_free, tasks_boot.defers_free);
	CHECK_EQ(tasks_after.tasks_free, tasks_boot.tasks_free);
	return check_done();
}
