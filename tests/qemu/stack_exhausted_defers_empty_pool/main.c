/*
 * When another task has taken every free segment, does a task that runs out
 * of stack still run its defers on the reserve segment, and when one of
 * those defers needs a new segment too, is the task ended with its
 * remaining defers reported as skipped, without a hang?
 *
 * A hog task recurses until the pool is empty and sleeps there. Three
 * victims, spawned before it, then each need a segment in turn:
 *   first   its defers fit the reserve segment and all run;
 *   second  its third defer needs a new segment, so the two older ones
 *           are skipped;
 *   third   its defer runs, which shows that the second gave the reserve
 *           segment back.
 */
#include <errno.h>
#include <stdbool.h>
#include <segue.h>
#include <string.h>

#include "check.h"

/* A 2048-byte segment less its 512-byte guard zone and record fits only
 * one frame of this size. */
#define FRAME_BYTES 1100
/* More than a task's first segment or the reserve segment has left, so a
 * frame this size always needs new segments. */
#define BIG_FRAME_BYTES 1600
#define MAX_EVENTS 16

enum event {
	EV_NONE,
	EV_FIRST_DEFER_1,
	EV_FIRST_DEFER_2,
	EV_SECOND_DEFER_1,
	EV_SECOND_DEFER_2,
	EV_SECOND_BIG_DEFER_START,
	EV_BIG_FRAME_BODY,
	EV_SECOND_DEFER_4,
	EV_THIRD_DEFER,
	EV_VICTIM_RESUMED,
};

static int events[MAX_EVENTS];
static int event_count;

static volatile bool hog_release;
static volatile int victim_go;
static int hog_depth;

/* Pool state and stack room seen by the defers. */
static size_t free_in_defer[MAX_EVENTS];
static size_t room_in_defer[MAX_EVENTS];
static size_t segments_in_defer[MAX_EVENTS];

static void record(int event)
{
	struct stack_pool_stats stats;

	if (event_count >= MAX_EVENTS)
		return;
	stack_pool_stats(&stats);
	free_in_defer[event_count] = stats.segments_free;
	room_in_defer[event_count] = task_stack_room();
	segments_in_defer[event_count] = task_stack_segments(task_self());
	events[event_count++] = event;
}

/* Too big for what is left of a task's first segment or of the reserve
 * segment, so it needs new segments, which the empty pool cannot give. */
static __attribute__((noinline)) int need_new_segment(int seed)
{
	volatile char frame[BIG_FRAME_BYTES];

	record(EV_BIG_FRAME_BODY);
	memset((char *)frame, seed, sizeof(frame));
	return frame[seed % BIG_FRAME_BYTES];
}

/*
 * Take one segment per level until the pool is empty, then hold it. A
 * segment that comes back (a victim's, when it ends) is taken at once by
 * one more level, so every victim meets an empty pool.
 */
static __attribute__((noinline)) int hog_descend(int depth)
{
	volatile char frame[FRAME_BYTES];
	struct stack_pool_stats stats;
	int sum = 0;

	memset((char *)frame, depth, sizeof(frame));
	hog_depth = depth;
	while (!hog_release) {
		stack_pool_stats(&stats);
		if (stats.segments_free > 0) {
			sum = hog_descend(depth + 1);
			break;
		}
		task_sleep_ms(1);
	}
	return sum + frame[depth % FRAME_BYTES];
}

/* Sleep until the hog has taken every free segment. */
static void wait_for_empty_pool(void)
{
	struct stack_pool_stats stats;

	for (;;) {
		stack_pool_stats(&stats);
		if (stats.segments_free == 0)
			return;
		task_sleep_ms(1);
	}
}

static void hog(void *arg)
{
	(void)arg;
	hog_descend(1);
}

static void wait_for_turn(int victim)
{
	while (victim_go != victim)
		task_sleep_ms(1);
}

static void record_defer(void *arg)
{
	record((int)(intptr_t)arg);
}

static void first_victim(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)EV_FIRST_DEFER_1), 0);
	CHECK_EQ(task_defer(record_defer, (void *)EV_FIRST_DEFER_2), 0);
	wait_for_turn(1);
	need_new_segment(1);
	record(EV_VICTIM_RESUMED);
}

static void second_big_defer(void *arg)
{
	(void)arg;
	record(EV_SECOND_BIG_DEFER_START);
	need_new_segment(2);
	record(EV_VICTIM_RESUMED);
}

static void second_victim(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)EV_SECOND_DEFER_1), 0);
	CHECK_EQ(task_defer(record_defer, (void *)EV_SECOND_DEFER_2), 0);
	CHECK_EQ(task_defer(second_big_defer, NULL), 0);
	CHECK_EQ(task_defer(record_defer, (void *)EV_SECOND_DEFER_4), 0);
	wait_for_turn(2);
	need_new_segment(2);
	record(EV_VICTIM_RESUMED);
}

static void third_victim(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(record_defer, (void *)EV_THIRD_DEFER), 0);
	wait_for_turn(3);
	need_new_segment(3);
	record(EV_VICTIM_RESUMED);
}

int main(void)
{
	struct stack_pool_stats start, now;
	struct task_pool_stats tasks_start, tasks_now;
	struct task *victims[3], *hog_task;
	size_t free_for_hog;
	int k;

	stack_pool_stats(&start);
	task_pool_stats(&tasks_start);
	victims[0] = task_spawn("first", first_victim, NULL);
	victims[1] = task_spawn("second", second_victim, NULL);
	victims[2] = task_spawn("third", third_victim, NULL);
	CHECK(victims[0] != NULL);
	CHECK(victims[1] != NULL);
	CHECK(victims[2] != NULL);
	stack_pool_stats(&now);
	free_for_hog = now.segments_free;
	hog_task = task_spawn("hog", hog, NULL);
	CHECK(hog_task != NULL);
	wait_for_empty_pool();
	/* The hog's first segment came from free_for_hog too. */
	CHECK_EQ(hog_depth, free_for_hog);

	for (int victim = 1; victim <= 3; victim++) {
		victim_go = victim;
		CHECK_EQ(task_join(victims[victim - 1]), -ENOMEM);
		wait_for_empty_pool();
	}
	/* The hog took the segment each victim gave back. */
	CHECK_EQ(hog_depth, free_for_hog + 3);

	/* first: both defers, newest first, on the reserve segment while
	 * the pool stayed empty. */
	for (int i = 0; i < event_count; i++) {
		CHECK(room_in_defer[i] > 0);
		CHECK(room_in_defer[i] < start.segment_size);
	}
	k = 0;
	CHECK_EQ(events[k], EV_FIRST_DEFER_2);
	CHECK_EQ(free_in_defer[k], 0);
	CHECK_EQ(segments_in_defer[k], 2);
	k++;
	CHECK_EQ(events[k], EV_FIRST_DEFER_1);
	CHECK_EQ(free_in_defer[k], 0);
	k++;
	/* second: the newest defer runs, the big one starts, its frame
	 * cannot get a segment, and the two oldest are skipped. */
	CHECK_EQ(events[k], EV_SECOND_DEFER_4);
	CHECK_EQ(free_in_defer[k], 0);
	CHECK_EQ(segments_in_defer[k], 2);
	k++;
	CHECK_EQ(events[k], EV_SECOND_BIG_DEFER_START);
	CHECK_EQ(free_in_defer[k], 0);
	k++;
	/* third: its defer ran, so the reserve segment was free again. */
	CHECK_EQ(events[k], EV_THIRD_DEFER);
	CHECK_EQ(free_in_defer[k], 0);
	CHECK_EQ(segments_in_defer[k], 2);
	k++;
	CHECK_EQ(event_count, k);

	/* Skipped defers go back to the defer pool too. */
	task_pool_stats(&tasks_now);
	CHECK_EQ(tasks_now.defers_free, tasks_start.defers_free);

	hog_release = true;
	CHECK_EQ(task_join(hog_task), 0);
	stack_pool_stats(&now);
	CHECK_EQ(now.segments_free, start.segments_free);
	task_pool_stats(&tasks_now);
	CHECK_EQ(tasks_now.tasks_free, tasks_start.tasks_free);
	return check_done();
}
