/*
 * Do stack arguments reach a function intact when its call must take a
 * new segment, and does the result come back intact?
 *
 * take_twelve() has 12 int arguments (8 of them on the stack) and returns
 * a 64-bit value in r0 and r1. transform() takes a 64-byte struct by
 * value between two ints and returns a 64-byte struct through a hidden
 * pointer. So __morestack copies 60 bytes of stack arguments, and the
 * body writes its result into the caller's frame on the outer segment.
 *
 * Each is called through a thin caller without a guard check, started
 * with SP at the stack limit plus room bytes, for room 0, 4, ... 320. At
 * room 0 the caller's frame lies below the limit, so the call must split;
 * at the largest rooms it fits. Somewhere between, the function is entered
 * with SP right at the limit.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#include "stack_at.h"

#define ROOM_MAX 320
#define ROOM_STEP 4
#define ROOMS (ROOM_MAX / ROOM_STEP + 1)
#define BLOCK_WORDS 16

struct block {
	int32_t v[BLOCK_WORDS];
};

/* What the function under test saw, filled in by its body. */
struct seen {
	int32_t args[BLOCK_WORDS + 2];
	int split;              /* the body ran on a new segment */
	size_t segments_inside; /* task_stack_segments() there, if split */
};

static struct seen seen;

/* The caller's stack limit, stored before each call. */
static uintptr_t outer_limit;

/* 12 distinct values per room, some negative, none repeated. */
static int32_t twelve_value(size_t room, int i)
{
	int32_t v = (int32_t)(room * 7919u + (unsigned)i * 104729u + 17u);

	return i % 3 == 1 ? -v : v;
}

static int64_t mix_twelve(const int32_t *v)
{
	uint32_t sum = 0;
	uint32_t x = 0;

	for (int i = 0; i < 12; i++) {
		sum += (uint32_t)v[i] * (uint32_t)(i + 1);
		x ^= (uint32_t)v[i] << i;
	}
	return (int64_t)(((uint64_t)sum << 32) | x);
}

/*
 * Record whether the body runs on a new segment. Only then is
 * task_stack_segments() called: near the limit it would split itself
 * and count its own segment. Inlined, because a call to a checked helper
 * here could split too and hide whether the function itself did.
 */
static inline __attribute__((always_inline)) void record_inside(void)
{
	seen.split = stack_limit() != outer_limit;
	if (seen.split)
		seen.segments_inside = task_stack_segments(task_self());
}

/* External linkage keeps clang from changing the calling convention. */
__attribute__((noinline)) int64_t take_twelve(int32_t a1, int32_t a2,
					      int32_t a3, int32_t a4,
					      int32_t a5, int32_t a6,
					      int32_t a7, int32_t a8,
					      int32_t a9, int32_t a10,
					      int32_t a11, int32_t a12)
{
	int32_t v[12] = { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11,
			  a12 };

	record_inside();
	memcpy(seen.args, v, sizeof(v));
	return mix_twelve(v);
}

__attribute__((noinline)) struct block transform(int32_t scale,
						 struct block in,
						 int32_t offset)
{
	struct block out;

	record_inside();
	seen.args[0] = scale;
	memcpy(&seen.args[1], in.v, sizeof(in.v));
	seen.args[BLOCK_WORDS + 1] = offset;
	for (int i = 0; i < BLOCK_WORDS; i++)
		out.v[i] = in.v[i] * scale + offset - i;
	return out;
}

struct twelve_call {
	int32_t v[12];
	int64_t result;
};

struct block_call {
	int32_t scale;
	struct block in;
	int32_t offset;
	struct block out;
};

/* The thin callers carry no guard check, so they run wherever
 * call_at_room() puts SP, and the call they make is the one checked. */
__attribute__((no_split_stack)) static void call_twelve(void *arg)
{
	struct twelve_call *c = arg;

	c->result = take_twelve(c->v[0], c->v[1], c->v[2], c->v[3], c->v[4],
				c->v[5], c->v[6], c->v[7], c->v[8], c->v[9],
				c->v[10], c->v[11]);
}

__attribute__((no_split_stack)) static void call_transform(void *arg)
{
	struct block_call *c = arg;

	c->out = transform(c->scale, c->in, c->offset);
}

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* Per room: 1 if the call took a segment, 0 if it ran in place. */
static int twelve_split[ROOMS];
static int block_split[ROOMS];

/* Check that the calls split from room 0 up to some room and ran in
 * place above it, so the sweep crossed the boundary exactly once. */
static void check_boundary(const int *split)
{
	int changes = 0;

	CHECK_EQ(split[0], 1);
	CHECK_EQ(split[ROOMS - 1], 0);
	for (int i = 1; i < ROOMS; i++)
		changes += split[i] != split[i - 1];
	CHECK_EQ(changes, 1);
}

static void sweep_twelve(size_t segments)
{
	for (int r = 0; r < ROOMS; r++) {
		size_t room = (size_t)r * ROOM_STEP;
		struct twelve_call call;

		for (int i = 0; i < 12; i++)
			call.v[i] = twelve_value(room, i);
		memset(&seen, 0, sizeof(seen));
		outer_limit = stack_limit();
		call_at_room(room, call_twelve, &call);

		for (int i = 0; i < 12; i++)
			CHECK_EQ(seen.args[i], call.v[i]);
		CHECK_EQ(call.result, mix_twelve(call.v));
		twelve_split[r] = seen.split;
		if (seen.split)
			CHECK_EQ(seen.segments_inside, segments + 1);
		CHECK_EQ(task_stack_segments(task_self()), segments);
	}
	check_boundary(twelve_split);
}

static void sweep_transform(size_t segments)
{
	for (int r = 0; r < ROOMS; r++) {
		size_t room = (size_t)r * ROOM_STEP;
		struct block_call call;

		call.scale = (int32_t)room - 91;
		call.offset = (int32_t)(room * 3u) + 12345;
		for (int i = 0; i < BLOCK_WORDS; i++)
			call.in.v[i] = twelve_value(room, i + 12);
		memset(&call.out, 0, sizeof(call.out));
		memset(&seen, 0, sizeof(seen));
		outer_limit = stack_limit();
		call_at_room(room, call_transform, &call);

		CHECK_EQ(seen.args[0], call.scale);
		for (int i = 0; i < BLOCK_WORDS; i++)
			CHECK_EQ(seen.args[i + 1], call.in.v[i]);
		CHECK_EQ(seen.args[BLOCK_WORDS + 1], call.offset);
		for (int i = 0; i < BLOCK_WORDS; i++)
			CHECK_EQ(call.out.v[i],
				 call.in.v[i] * call.scale + call.offset - i);
		block_split[r] = seen.split;
		if (seen.split)
			CHECK_EQ(seen.segments_inside, segments + 1);
		CHECK_EQ(task_stack_segments(task_self()), segments);
	}
	check_boundary(block_split);
}

static void worker(void *arg)
{
	size_t segments = task_stack_segments(task_self());

	(void)arg;
	CHECK_EQ(segments, 1);
	sweep_twelve(segments);
	sweep_transform(segments);
}

static int first_room_in_place(const int *split)
{
	int r = 0;

	while (r < ROOMS && split[r])
		r++;
	return r * ROOM_STEP;
}

int main(void)
{
	size_t free_before = free_now();
	struct task *t = task_spawn("args", worker, NULL);

	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(free_now(), free_before);
	printf("take_twelve ran in place from room %d\n",
	       first_room_in_place(twelve_split));
	printf("transform ran in place from room %d\n",
	       first_room_in_place(block_split));
	return check_done();
}
