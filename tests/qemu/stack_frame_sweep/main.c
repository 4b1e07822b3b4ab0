/*
 * Does every frame size from 0 to 4096 bytes run correctly when entered
 * anywhere in the last 512 bytes above the stack limit, never putting SP
 * closer than an exception frame to the bottom of its segment?
 *
 * 1025 functions with local arrays of 0, 4, ... 4096 bytes are each
 * called with SP at the limit plus k bytes, for k = 0, 4, ... 512. Frames
 * under 256 bytes are checked against SP alone and may run below the
 * limit, in the 512-byte guard zone. Larger ones are checked against SP
 * minus the frame and split unless they fit. Each function writes and
 * reads back its whole array. It also checks that SP after its prologue
 * is at least 36 bytes (the Cortex-M exception frame with alignment)
 * above the segment base, so that a SysTick taken there cannot reach the
 * canary below the segment.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define SEGMENT_SIZE 2048
#define GUARD_SIZE 512
#define EXCEPTION_RESERVE 36
#define RECORD_SIZE 24
#define SPLIT_SAVED 28
#define SMALL_FRAME 256
#define FRAME_STEP 4
#define FRAME_MAX (2 * SEGMENT_SIZE)
#define FRAME_COUNT (FRAME_MAX / FRAME_STEP + 1)
#define ROOM_STEP 4
#define ROOM_COUNT (GUARD_SIZE / ROOM_STEP + 1)

#include "stack_at.h"

/*
 * Bytes below the room that a call must split at or under: Thumb-1's
 * prologue pushes 8 bytes and then splits unless SP is above the limit.
 * On x86, call_at_room() and the call push 8 bytes and GCC's prologue
 * splits only when SP is below the limit, so room 8 still fits there.
 */
#if defined(__arm__)
#define BELOW_ROOM 8
#else
#define BELOW_ROOM 4
#endif

/* Totals over the whole sweep, updated by every frame function. */
struct sweep {
	size_t room;            /* entry room of the current call */
	uintptr_t outer_limit;  /* the caller's stack limit */
	size_t segments;        /* the caller's segment count */
	uint32_t calls;
	uint32_t splits;
	uint32_t too_deep;      /* SP under base + EXCEPTION_RESERVE */
	uint32_t word_errors;
	uint32_t missed_splits; /* frames that had to split but did not */
	uint32_t wrong_runs;    /* splits with an unexpected segment count */
	uint32_t big_runs;      /* calls of the 4096-byte frame with 3 */
	long lowest;            /* lowest SP seen, relative to the limit */
};

static struct sweep sweep;

/* Minimum segments a split can take for an array of bytes: the array,
 * what __morestack saves, the guard zone and the record. */
static size_t run_minimum(size_t bytes)
{
	return (bytes + SPLIT_SAVED + GUARD_SIZE + RECORD_SIZE +
		SEGMENT_SIZE - 1) / SEGMENT_SIZE;
}

/*
 * Body of every frame function, inlined so that SP goes no lower than the
 * frame function's own. The one call, task_stack_segments(), is made only
 * on a new run, whose sizing leaves room for it above the limit.
 */
static inline __attribute__((always_inline)) void
frame_body(volatile uint32_t *buf, size_t bytes, long offset)
{
	size_t segments_taken = 0;
	uint32_t key = ++sweep.calls * 0x9e3779b9u;

	if (stack_limit() != sweep.outer_limit)
		segments_taken = task_stack_segments(task_self()) -
				 sweep.segments;

	if (offset + GUARD_SIZE < EXCEPTION_RESERVE)
		sweep.too_deep++;
	if (offset < sweep.lowest)
		sweep.lowest = offset;
	if (segments_taken)
		sweep.splits++;
	/* A frame of 256 bytes or more is compared with its size
	 * subtracted; see BELOW_ROOM for the bytes pushed first. */
	if (bytes >= SMALL_FRAME && bytes + BELOW_ROOM >= sweep.room &&
	    !segments_taken)
		sweep.missed_splits++;
	if (sweep.room <= BELOW_ROOM && !segments_taken)
		sweep.missed_splits++;
	if (segments_taken && segments_taken != run_minimum(bytes) &&
	    segments_taken != run_minimum(bytes) + 1)
		sweep.wrong_runs++;
	if (bytes == FRAME_MAX && segments_taken == 3)
		sweep.big_runs++;
	for (size_t i = 0; i < bytes / 4; i++)
		buf[i] = key ^ (uint32_t)i;
	for (size_t i = 0; i < bytes / 4; i++)
		sweep.word_errors += buf[i] != (key ^ (uint32_t)i);
}

/* frame_<digits>: a function whose array has FRAME_STEP times the base-4
 * number <digits> bytes. External linkage keeps each frame as written. */
#define FRAME_DEFINE(a, b, c, d, e)                                         \
	__attribute__((noinline)) void frame_##a##b##c##d##e(void *arg)    \
	{                                                                  \
		enum { BYTES = FRAME_STEP * (a * 256 + b * 64 + c * 16 +   \
					      d * 4 + e) };                \
		volatile uint32_t buf[BYTES / 4];                          \
									   \
		(void)arg;                                                 \
		frame_body(buf, BYTES, sp_offset());                       \
	}
#define FRAME_ENTRY(a, b, c, d, e) frame_##a##b##c##d##e,

#define FRAMES_E(X, a, b, c, d) X(a, b, c, d, 0) X(a, b, c, d, 1)         \
	X(a, b, c, d, 2) X(a, b, c, d, 3)
#define FRAMES_D(X, a, b, c) FRAMES_E(X, a, b, c, 0)                       \
	FRAMES_E(X, a, b, c, 1) FRAMES_E(X, a, b, c, 2)                    \
	FRAMES_E(X, a, b, c, 3)
#define FRAMES_C(X, a, b) FRAMES_D(X, a, b, 0) FRAMES_D(X, a, b, 1)        \
	FRAMES_D(X, a, b, 2) FRAMES_D(X, a, b, 3)
#define FRAMES_B(X, a) FRAMES_C(X, a, 0) FRAMES_C(X, a, 1)                 \
	FRAMES_C(X, a, 2) FRAMES_C(X, a, 3)
/* All 1024 functions from 0 to 4092 bytes; 4096 (base 4: 100000) is
 * separate. */
#define FRAMES(X) FRAMES_B(X, 0) FRAMES_B(X, 1) FRAMES_B(X, 2)             \
	FRAMES_B(X, 3)

FRAMES(FRAME_DEFINE)

__attribute__((noinline)) void frame_100000(void *arg)
{
	volatile uint32_t buf[FRAME_MAX / 4];

	(void)arg;
	frame_body(buf, FRAME_MAX, sp_offset());
}

static void (*const frames[FRAME_COUNT])(void *) = {
	FRAMES(FRAME_ENTRY) frame_100000
};

static void worker(void *arg)
{
	size_t segments = task_stack_segments(task_self());

	(void)arg;
	sweep.outer_limit = stack_limit();
	sweep.segments = segments;
	for (size_t r = 0; r < ROOM_COUNT; r++) {
		sweep.room = r * ROOM_STEP;
		for (size_t f = 0; f < FRAME_COUNT; f++)
			call_at_room(sweep.room, frames[f], NULL);
	}
	CHECK_EQ(segments, 1);
	CHECK_EQ(task_stack_segments(task_self()), segments);
}

int main(void)
{
	struct stack_pool_stats before, after;
	uint32_t start = task_uptime_ms();
	struct task *t;

	stack_pool_stats(&before);
	t = task_spawn("sweep", worker, NULL);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);
	stack_pool_stats(&after);

	CHECK_EQ(sweep.calls, FRAME_COUNT * ROOM_COUNT);
	CHECK_EQ(sweep.too_deep, 0);
	CHECK_EQ(sweep.word_errors, 0);
	CHECK_EQ(sweep.missed_splits, 0);
	CHECK_EQ(sweep.wrong_runs, 0);
	CHECK_EQ(sweep.big_runs, ROOM_COUNT);
	CHECK(sweep.lowest < 0);
	CHECK_EQ(after.segments_free, before.segments_free);
	printf("%lu calls, %lu splits, lowest SP %ld bytes from the limit, "
	       "%lu ms\n", (unsigned long)sweep.calls,
	       (unsigned long)sweep.splits, sweep.lowest,
	       (unsigned long)(task_uptime_ms() - start));
	return check_done();
}
