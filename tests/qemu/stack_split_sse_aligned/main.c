/*
 * Does a function that the guard check moves to a new segment start
 * with SP aligned as the amd64 ABI requires (16n + 8 at entry), so that
 * a 16-byte aligned SSE store into its frame works? MOVAPS raises a
 * general protection fault on a misaligned address, which would stop
 * the task with -EFAULT.
 */
#include <segue.h>
#include <stdbool.h>
#include <stdint.h>

#if !defined(__x86_64__)
#error "this test checks the amd64 stack alignment rule"
#endif

#include "check.h"

#define MAX_LEVELS 400

static int splits;
static int calls;
static int misaligned_entries;
static int bad_values;
static bool last_call_split;

/* Frames of one chain on one segment are less than this apart. */
#define SAME_SEGMENT_MAX_DISTANCE 1024

/* Whether frame is on another segment than the caller's frame. Asked
 * before the callee calls anything, since a call could split too. */
static bool on_new_segment(uintptr_t frame, uintptr_t caller_frame)
{
	return frame > caller_frame ||
	       caller_frame - frame > SAME_SEGMENT_MAX_DISTANCE;
}

/*
 * __builtin_frame_address(0) is SP at entry minus the 8 bytes of the
 * saved %rbp, so it is a multiple of 16 exactly when the entry SP is
 * 16n + 8.
 */
static __attribute__((noinline)) void store_aligned(uint32_t seed,
						    uintptr_t caller_frame)
{
	float values[4] __attribute__((aligned(16)));
	uintptr_t frame = (uintptr_t)__builtin_frame_address(0);

	last_call_split = on_new_segment(frame, caller_frame);
	if (frame % 16 != 0)
		misaligned_entries++;
	__asm__ volatile("movd %1, %%xmm0\n\t"
			 "shufps $0, %%xmm0, %%xmm0\n\t"
			 "movaps %%xmm0, %0"
			 : "=m"(values)
			 : "r"(seed)
			 : "xmm0");
	for (int i = 0; i < 4; i++) {
		union {
			float f;
			uint32_t u;
		} bits = { .f = values[i] };

		if (bits.u != seed)
			bad_values++;
	}
}

/* Walk SP down in small steps until a call of store_aligned() had to
 * move to a new segment. */
static __attribute__((noinline)) void descend(int level)
{
	volatile char pad[24];

	pad[0] = (char)level;
	store_aligned(0x3f800000u + (uint32_t)level,
		      (uintptr_t)__builtin_frame_address(0));
	calls++;
	if (last_call_split)
		splits++;
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
	t = task_spawn("sse", worker, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(splits, 1);
	CHECK(calls > 1);
	CHECK_EQ(misaligned_entries, 0);
	CHECK_EQ(bad_values, 0);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
