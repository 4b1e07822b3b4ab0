/*
 * Does a variadic shim hand all 20 of its int arguments to the va_list
 * function it calls, when the shim runs at a segment boundary and when
 * that function has to take a new segment?
 *
 * clang cannot put the guard check on a variadic function on ARM, so
 * there SEGUE_VARIADIC makes the shim one without the check; on x86 GCC
 * checks it like any other function. The va_list points into the shim's
 * frame; if the callee splits, it reads the arguments across the segment
 * boundary from its new segment.
 *
 * Each shim is called through a thin caller started with SP at the stack
 * limit plus room bytes, for room 0, 4, ... ROOM_MAX. sum_small() has a small
 * frame and splits only near the limit, so the sweep crosses the point
 * where it starts to fit. sum_large() has a frame of more than 600 bytes
 * and must split at every room of the sweep.
 */
#include <segue.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#include "stack_at.h"

#define ARG_COUNT 20
/* The sweep must reach the room where sum_small() fits: amd64 frames,
 * with the shim's 176-byte register save area, are larger. */
#if UINTPTR_MAX > 0xffffffffu
#define ROOM_MAX 640
#else
#define ROOM_MAX 320
#endif
#define ROOM_STEP 4
#define ROOMS (ROOM_MAX / ROOM_STEP + 1)
#define LARGE_WORDS 160

/* What the va_list function saw, filled in by its body. */
struct seen {
	int count;
	int args[ARG_COUNT];
	int split;              /* the body ran on a new segment */
	size_t segments_inside; /* task_stack_segments() there, if split */
};

static struct seen seen;

/* The caller's stack limit, stored before each call. */
static uintptr_t outer_limit;

/*
 * Record whether the body runs on a new segment. Only then is
 * task_stack_segments() called: near the limit it would split itself
 * and count its own segment. Inlined, because a call to a checked helper
 * here could split too and hide whether the caller itself did.
 */
static inline __attribute__((always_inline)) void record_inside(void)
{
	seen.split = stack_limit() != outer_limit;
	if (seen.split)
		seen.segments_inside = task_stack_segments(task_self());
}

static int32_t weigh(const int *v, int count)
{
	uint32_t sum = 0;

	for (int i = 0; i < count; i++)
		sum += (uint32_t)v[i] * (uint32_t)(2 * i + 1);
	return (int32_t)sum;
}

/* The va_list functions; external linkage keeps their calling
 * convention as written. */
__attribute__((noinline)) int sum_small(int count, va_list ap)
{
	int v[ARG_COUNT];

	record_inside();
	seen.count = count;
	for (int i = 0; i < count && i < ARG_COUNT; i++)
		v[i] = va_arg(ap, int);
	memcpy(seen.args, v, sizeof(v));
	return weigh(v, count);
}

__attribute__((noinline)) int sum_large(int count, va_list ap)
{
	/* Only the first ARG_COUNT words carry arguments; the rest make the
	 * frame large enough to need a new segment. */
	volatile int v[LARGE_WORDS];

	record_inside();
	seen.count = count;
	for (int i = 0; i < LARGE_WORDS; i++)
		v[i] = i < count ? va_arg(ap, int) : -i;
	for (int i = 0; i < ARG_COUNT; i++)
		seen.args[i] = v[i];
	return weigh(seen.args, count);
}

SEGUE_VARIADIC int shim_small(int count, ...)
{
	va_list ap;
	int sum;

	va_start(ap, count);
	sum = sum_small(count, ap);
	va_end(ap);
	return sum;
}

SEGUE_VARIADIC int shim_large(int count, ...)
{
	va_list ap;
	int sum;

	va_start(ap, count);
	sum = sum_large(count, ap);
	va_end(ap);
	return sum;
}

struct call {
	int (*shim)(int count, ...);
	int v[ARG_COUNT];
	int result;
};

/* Carries no guard check, so it runs wherever call_at_room() puts SP
 * and the shim is entered there. */
__attribute__((no_split_stack)) static void call_shim(void *arg)
{
	struct call *c = arg;
	const int *v = c->v;

	c->result = c->shim(ARG_COUNT, v[0], v[1], v[2], v[3], v[4], v[5],
			    v[6], v[7], v[8], v[9], v[10], v[11], v[12],
			    v[13], v[14], v[15], v[16], v[17], v[18], v[19]);
}

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* Distinct values per room and index, both signs, and the int limits. */
static int arg_value(size_t room, int i)
{
	if (i == 7)
		return INT32_MIN;
	if (i == 13)
		return INT32_MAX;
	return (int)(room * 6151u + (unsigned)i * 49157u + 3u) *
	       (i % 2 ? -1 : 1);
}

/* Per room: 1 if the va_list function took a segment, 0 if not. */
static int small_split[ROOMS];
static int large_split[ROOMS];

/* Call shim at every room; return how many rooms split. */
static int sweep(int (*shim)(int count, ...), int *split, size_t segments)
{
	int splits = 0;

	for (int r = 0; r < ROOMS; r++) {
		size_t room = (size_t)r * ROOM_STEP;
		struct call call;

		call.shim = shim;
		for (int i = 0; i < ARG_COUNT; i++)
			call.v[i] = arg_value(room, i);
		call.result = 0;
		memset(&seen, 0, sizeof(seen));
		outer_limit = stack_limit();
		call_at_room(room, call_shim, &call);

		CHECK_EQ(seen.count, ARG_COUNT);
		for (int i = 0; i < ARG_COUNT; i++)
			CHECK_EQ(seen.args[i], call.v[i]);
		CHECK_EQ(call.result, weigh(call.v, ARG_COUNT));
		split[r] = seen.split;
		splits += seen.split;
		if (seen.split)
			CHECK_EQ(seen.segments_inside, segments + 1);
		CHECK_EQ(task_stack_segments(task_self()), segments);
	}
	return splits;
}

static void worker(void *arg)
{
	size_t segments = task_stack_segments(task_self());
	int changes = 0;

	(void)arg;
	CHECK_EQ(segments, 1);

	/* sum_small splits from room 0 up to some room, then fits. */
	sweep(shim_small, small_split, segments);
	CHECK_EQ(small_split[0], 1);
	CHECK_EQ(small_split[ROOMS - 1], 0);
	for (int r = 1; r < ROOMS; r++)
		changes += small_split[r] != small_split[r - 1];
	CHECK_EQ(changes, 1);

	/* sum_large needs a new segment every time. */
	CHECK_EQ(sweep(shim_large, large_split, segments), ROOMS);
}

int main(void)
{
	size_t free_before = free_now();
	struct task *t = task_spawn("varargs", worker, NULL);
	int r = 0;

	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(free_now(), free_before);
	while (r < ROOMS && small_split[r])
		r++;
	printf("sum_small ran in place from room %d\n", r * ROOM_STEP);
	return check_done();
}
