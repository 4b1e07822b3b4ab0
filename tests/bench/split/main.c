/*
 * How many instructions does a segment split and its return add to a
 * call?
 *
 * The same loop calls a small function with a frame, once from deep in a
 * segment and once with SP just above the stack limit, where every call
 * must take a new segment and give it back.
 */
#include "bench.h"

#define ROUNDS 100000
/* Room above the limit at which the hot loop starts: its own frame fits,
 * and callee's no longer does. */
#define HOT_ROOM 40

static size_t callee_segments;

static __attribute__((noinline)) int callee(int x)
{
	volatile int local[4];

	local[0] = x;
	if (x == 0)
		callee_segments = task_stack_segments(task_self());
	return local[0] + 1;
}

/*
 * Run the loop; *split tells whether callee ran on another segment than
 * own, the count the caller saw (loop itself may sit too low to call
 * anything without a split).
 */
static __attribute__((noinline)) uint64_t loop(size_t own, int *split)
{
	uint64_t start = bench_insns();
	int sum = 0;

	for (int i = 0; i < ROUNDS; i++)
		sum += callee(i);
	start = bench_insns() - start;
	*split = callee_segments != own;
	if (sum == 0)
		printf("unexpected sum\n");
	return start;
}

/* Descend until SP is within HOT_ROOM bytes of the limit, then run. */
static __attribute__((noinline)) uint64_t loop_at_bottom(int *split)
{
	volatile char pad[4];

	pad[0] = 0;
	if (task_stack_room() > HOT_ROOM)
		return loop_at_bottom(split) + pad[0];
	return loop(task_stack_segments(task_self()), split);
}

int main(void)
{
	int cold_split, hot_split;
	uint64_t cold = loop(task_stack_segments(task_self()), &cold_split);
	uint64_t hot = loop_at_bottom(&hot_split);

	if (cold_split || !hot_split) {
		printf("FAIL: the cold loop split (%d) or the hot one did not "
		       "(%d)\n", cold_split, hot_split);
		return 1;
	}

	bench_report("call away from a segment boundary", cold, ROUNDS);
	bench_report("call that splits at a segment boundary", hot, ROUNDS);
	bench_report("split and return above a plain call", hot - cold,
		     ROUNDS);
	return 0;
}
