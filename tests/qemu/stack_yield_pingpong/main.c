/*
 * Does each task get its own stack limit back after every task_yield,
 * when one of them sits at the bottom of its third segment?
 *
 * The guard check compares SP with one global limit word, so a switch
 * must save and restore it per task. If it did not, task_stack_room()
 * would change across a yield. Task "deep" descends through two frames
 * of 1100 bytes onto its third segment and is then called with SP at the
 * stack limit plus room bytes, for room 0, 4, 8, ... until its frame
 * fits with more than 8 bytes of room left, so the calls it makes
 * (task_yield, task_stack_room) run without splitting. There it and task
 * "flat", on its first segment, take turns 10,000 times each.
 */
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define ROUNDS 10000
#define DEPTH 3
#define FRAME_BYTES 1100
#define ROOM_MAX 256
#define ROOM_STEP 4
/*
 * Room below which a call made from play_at_bottom() may split. Thumb-1's
 * prologue pushes 8 bytes before it compares SP with the limit; on x86
 * the calls in play() nest deeper than the limit comparison of their
 * first frame shows, so leave a few small frames of room there.
 */
#if defined(__arm__)
#define CALL_ROOM_MIN 12
#else
#define CALL_ROOM_MIN 96
#endif

#include "stack_at.h"

/* One task's side of the game. */
struct player {
	int me;              /* value of turn when it is this task's move */
	uint32_t yields;
	uint32_t turn_errors;    /* moves made out of turn */
	uint32_t room_errors;    /* room differed after a yield */
	uint32_t segment_errors; /* segment count differed after a yield */
	size_t room;             /* task_stack_room() during the game */
	size_t segments;         /* segments held during the game */
};

static volatile int turn;

static struct player deep = { .me = 0 };
static struct player flat = { .me = 1 };

/* Where "deep" played, filled in before the game starts. */
static int placed;
static int placement_tries;
static long deep_offset;
static uintptr_t deep_outer_limit;

static size_t free_now(void)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	return stats.segments_free;
}

/* Inlined, so that its calls are made at the SP its caller checked. */
static inline __attribute__((always_inline)) void play(struct player *p)
{
	p->room = task_stack_room();
	p->segments = task_stack_segments(task_self());
	for (int i = 0; i < ROUNDS; i++) {
		if (turn != p->me)
			p->turn_errors++;
		turn = !p->me;
		task_yield();
		p->yields++;
		if (task_stack_room() != p->room)
			p->room_errors++;
		if (task_stack_segments(task_self()) != p->segments)
			p->segment_errors++;
	}
}

/* External linkage keeps clang from folding it into the caller. */
__attribute__((noinline)) void play_at_bottom(void *arg)
{
	long offset = sp_offset();

	(void)arg;
	/* Too low: the frame split, or the calls below would. */
	if (stack_limit() != deep_outer_limit || offset < CALL_ROOM_MIN) {
		placement_tries++;
		return;
	}
	placed = 1;
	deep_offset = offset;
	play(&deep);
}

static __attribute__((noinline)) void descend(int depth)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, depth, sizeof(frame));
	if (depth < DEPTH) {
		descend(depth + 1);
		return;
	}
	deep_outer_limit = stack_limit();
	for (size_t room = 0; room <= ROOM_MAX && !placed;
	     room += ROOM_STEP)
		call_at_room(room, play_at_bottom, NULL);
}

static void deep_main(void *arg)
{
	(void)arg;
	descend(1);
}

static void flat_main(void *arg)
{
	(void)arg;
	play(&flat);
}

static void check_player(const struct player *p, size_t segments)
{
	CHECK_EQ(p->yields, ROUNDS);
	CHECK_EQ(p->turn_errors, 0);
	CHECK_EQ(p->room_errors, 0);
	CHECK_EQ(p->segment_errors, 0);
	CHECK_EQ(p->segments, segments);
}

int main(void)
{
	size_t free_before = free_now();
	struct task *a;
	struct task *b;

	a = task_spawn("deep", deep_main, NULL);
	b = task_spawn("flat", flat_main, NULL);
	CHECK(a != NULL);
	CHECK(b != NULL);
	CHECK_EQ(task_join(a), 0);
	CHECK_EQ(task_join(b), 0);

	CHECK_EQ(placed, 1);
	CHECK(placement_tries > 0);
	CHECK(deep_offset >= CALL_ROOM_MIN);
	CHECK(deep_offset < CALL_ROOM_MIN + 64);
	CHECK(deep.room < CALL_ROOM_MIN + 64);
	check_player(&deep, DEPTH);
	check_player(&flat, 1);
	CHECK(flat.room > deep.room);
	CHECK_EQ(free_now(), free_before);
	printf("deep played %lu rounds %u bytes above its limit, flat %lu\n",
	       (unsigned long)deep.yields, (unsigned)deep.room,
	       (unsigned long)flat.yields);
	return check_done();
}
