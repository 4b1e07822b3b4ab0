/*
 * Can SysTick interrupts fire again and again while a task sits at the
 * bottom of a segment, without harming its frame or its stack?
 *
 * Each interrupt pushes a 32-byte exception frame (36 with alignment)
 * onto the task's stack below SP, before the handler moves to the
 * interrupt stack. spin_at_bottom() is called with SP at the stack limit
 * plus room bytes, for room 0, 4, 8, ... until its guard check first
 * lets it run on the current segment, so its frame reaches as deep as an
 * unsplit frame can. There it fills a pattern in its own frame and
 * busy-waits for 30 ms of uptime, about 30 ticks at the default 1000 Hz.
 * The pattern must survive, the task must not gain or lose a segment,
 * and the kernel must not find a broken canary at the next switch.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define SPIN_MS 30
#define PATTERN_WORDS 8
#define ROOM_MAX 256
#define ROOM_STEP 4

#include "stack_at.h"

struct spin {
	uintptr_t outer_limit;  /* the worker's stack limit */
	size_t free_before;     /* free segments when the spin starts */
	int ran;                /* spin_at_bottom ran without a split */
	int splits;             /* calls that split before that */
	long offset;            /* SP minus the limit while spinning */
	uint32_t elapsed;       /* uptime that passed during the spin */
	uint32_t loops;
	uint32_t pool_changes;  /* loops that saw the free count differ */
	int pattern_errors;
};

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

static uint32_t pattern_word(int i)
{
	return 0xc3a50000u + (uint32_t)i * 0x01010101u;
}

/*
 * Both kernel calls in the loop, task_uptime_ms() and stack_pool_stats(),
 * have no frame, so the loop itself never splits. External linkage keeps
 * clang from folding the function into the caller's loop.
 */
__attribute__((noinline)) void spin_at_bottom(void *arg)
{
	struct spin *s = arg;
	volatile uint32_t pattern[PATTERN_WORDS];
	uint32_t start;

	/* A split means SP was too low for the frame: try higher. */
	if (stack_limit() != s->outer_limit) {
		s->splits++;
		return;
	}
	s->ran = 1;
	s->free_before = free_now();
	s->offset = sp_offset();
	for (int i = 0; i < PATTERN_WORDS; i++)
		pattern[i] = pattern_word(i);
	start = task_uptime_ms();
	do {
		s->loops++;
		if (free_now() != s->free_before)
			s->pool_changes++;
		s->elapsed = task_uptime_ms() - start;
	} while (s->elapsed < SPIN_MS);
	for (int i = 0; i < PATTERN_WORDS; i++)
		s->pattern_errors += pattern[i] != pattern_word(i);
}

static void worker(void *arg)
{
	struct spin *s = arg;

	s->outer_limit = stack_limit();
	for (size_t room = 0; room <= ROOM_MAX && !s->ran; room += ROOM_STEP)
		call_at_room(room, spin_at_bottom, s);
	CHECK_EQ(task_stack_segments(task_self()), 1);
	/* A switch checks the canary of every segment the task holds. */
	task_yield();
}

int main(void)
{
	struct spin s;
	size_t free_before = free_now();
	struct task *t;

	memset(&s, 0, sizeof(s));
	t = task_spawn("spinner", worker, &s);
	CHECK(t != NULL);
	CHECK_EQ(task_join(t), 0);

	CHECK_EQ(s.ran, 1);
	CHECK(s.splits > 0);
	CHECK(s.offset < 64);
	CHECK(s.elapsed >= SPIN_MS);
	CHECK(s.loops > 1);
	CHECK_EQ(s.pool_changes, 0);
	CHECK_EQ(s.pattern_errors, 0);
	CHECK_EQ(free_now(), free_before);
	printf("spun %lu ms, %ld bytes from the limit\n",
	       (unsigned long)s.elapsed, s.offset);
	return check_done();
}
