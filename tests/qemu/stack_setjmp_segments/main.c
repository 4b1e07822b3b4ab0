/*
 * Does longjmp out of a call chain five segments deep give the four
 * segments it leaves back to the pool, and does the stack grow normally
 * again afterwards?
 *
 * Each frame of the chain holds 1100 bytes, and a 2048-byte segment less
 * its 512-byte guard zone and record fits only one, so depth d runs on d
 * segments. The link wraps longjmp so that it frees every segment above
 * the one holding the setjmp frame. Nothing else would free them, because
 * no function in the chain returns. A second jump lands in the frame at
 * depth 2, which must keep its own segment and lose only the three above.
 */
#include <setjmp.h>
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define DEPTH 5
#define MID_DEPTH 2
#define FRAME_BYTES 1100

/* How descend() leaves the deepest frame. */
enum pass {
	JUMP_TO_TOP, /* longjmp to the setjmp in worker() */
	RETURN,      /* return through every frame */
	JUMP_TO_MID, /* longjmp to the setjmp at MID_DEPTH */
	PASSES
};

static jmp_buf env_top;
static jmp_buf env_mid;

/* Per pass and depth: segments held and free while that frame ran. */
static size_t held[PASSES][DEPTH + 1];
static size_t free_at[PASSES][DEPTH + 1];
static int returned_from_jump_depth;

/* What the frame at MID_DEPTH saw after the jump back into it. */
static int mid_jumped;
static size_t mid_segments;
static size_t mid_free;

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

static __attribute__((noinline)) int descend(enum pass pass, int depth)
{
	volatile char frame[FRAME_BYTES];
	int sum;
	int value;

	memset((char *)frame, depth, sizeof(frame));
	held[pass][depth] = task_stack_segments(task_self());
	free_at[pass][depth] = free_now();
	if (pass == JUMP_TO_MID && depth == MID_DEPTH) {
		value = setjmp(env_mid);
		if (value != 0) {
			mid_jumped = value;
			mid_segments = task_stack_segments(task_self());
			mid_free = free_now();
			return frame[depth];
		}
	}
	if (depth < DEPTH)
		sum = descend(pass, depth + 1);
	else if (pass == JUMP_TO_TOP)
		longjmp(env_top, depth);
	else if (pass == JUMP_TO_MID)
		longjmp(env_mid, depth);
	else
		sum = 0;
	/* Below the jump target, reached only by returning. */
	if (pass == JUMP_TO_TOP || (pass == JUMP_TO_MID && depth > MID_DEPTH))
		returned_from_jump_depth = depth;
	return sum + frame[depth];
}

struct result {
	size_t free_start;
	size_t segments_start;
	int jumped;           /* the value setjmp returned the second time */
	size_t segments_after_jump;
	size_t free_after_jump;
	int sum;              /* what the returning chain computed */
	size_t segments_end;
	size_t free_end;
	int mid_sum;          /* what the chain cut at MID_DEPTH returned */
	size_t segments_after_mid;
	size_t free_after_mid;
};

static void worker(void *arg)
{
	struct result *r = arg;
	volatile int value;

	r->free_start = free_now();
	r->segments_start = task_stack_segments(task_self());
	value = setjmp(env_top);
	if (value == 0) {
		descend(JUMP_TO_TOP, 1);
		/* Not reached: descend() jumps back. */
		r->jumped = -1;
		return;
	}
	r->jumped = value;
	r->segments_after_jump = task_stack_segments(task_self());
	r->free_after_jump = free_now();

	r->sum = descend(RETURN, 1);
	r->segments_end = task_stack_segments(task_self());
	r->free_end = free_now();

	r->mid_sum = descend(JUMP_TO_MID, 1);
	r->segments_after_mid = task_stack_segments(task_self());
	r->free_after_mid = free_now();
}

int main(void)
{
	struct result r;
	size_t free_before = free_now();
	struct task *t;

	memset(&r, 0, sizeof(r));
	t = task_spawn("jumper", worker, &r);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);

	CHECK_EQ(r.segments_start, 1);
	for (int pass = 0; pass < PASSES; pass++) {
		for (int d = 1; d <= DEPTH; d++) {
			CHECK_EQ(held[pass][d], d);
			CHECK_EQ(free_at[pass][d], r.free_start - (d - 1));
		}
	}
	CHECK_EQ(r.jumped, DEPTH);
	CHECK_EQ(returned_from_jump_depth, 0);
	CHECK_EQ(r.segments_after_jump, 1);
	CHECK_EQ(r.free_after_jump, r.free_start);
	CHECK_EQ(r.sum, DEPTH * (DEPTH + 1) / 2);
	CHECK_EQ(r.segments_end, 1);
	CHECK_EQ(r.free_end, r.free_start);
	CHECK_EQ(mid_jumped, DEPTH);
	CHECK_EQ(mid_segments, MID_DEPTH);
	CHECK_EQ(mid_free, r.free_start - (MID_DEPTH - 1));
	CHECK_EQ(r.mid_sum, 1 + MID_DEPTH);
	CHECK_EQ(r.segments_after_mid, 1);
	CHECK_EQ(r.free_after_mid, r.free_start);
	CHECK_EQ(free_now(), free_before);
	printf("longjmp from depth %d left %u segment(s)\n", r.jumped,
	       (unsigned)r.segments_after_jump);
	return check_done();
}
