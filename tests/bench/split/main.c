/*
 * How many instructions does a segment split and its return add to a
 * call?
 *
 * The same loop calls a small function with a frame, once from high in a
 * segment and once with SP so close to the stack limit that the loop's
 * own frame still fits but every call of the function must take a new
 * segment and give it back. The benchmark counts the splits and fails
 * unless the hot loop split on every call and the cold one never did.
 */
#include "bench.h"
#include "stack_at.h"

#define ROUNDS 100000
#define ROOM_MAX 512
#define ROOM_STEP 4

static uintptr_t loop_limit; /* the limit the loop runs with */
static uint32_t splits;      /* calls of callee on another stack */

static __attribute__((noinline)) int callee(int x)
{
	volatile int local[4];

	local[0] = x;
	splits += stack_limit() != loop_limit;
	return local[0] + 1;
}

struct run {
	uintptr_t outer_limit; /* the limit where call_at_room was called */
	uint64_t insns;
	uint32_t splits;
	int ran;               /* the loop ran with the outer limit */
};

static __attribute__((noinline)) void loop(void *arg)
{
	struct run *run = arg;
	uint64_t start;
	int sum = 0;

	/* A loop that itself split would measure nothing. */
	if (stack_limit() != run->outer_limit)
		return;
	loop_limit = stack_limit();
	splits = 0;
	start = bench_insns();
	for (int i = 0; i < ROUNDS; i++)
		sum += callee(i);
	run->insns = bench_insns() - start;
	run->splits = splits;
	run->ran = sum != 0;
}

int main(void)
{
	struct run cold = { .outer_limit = stack_limit() };
	struct run hot = { .outer_limit = stack_limit() };

	loop(&cold);
	for (size_t room = 0; room <= ROOM_MAX; room += ROOM_STEP) {
		call_at_room(room, loop, &hot);
		if (hot.ran && hot.splits == ROUNDS)
			break;
		hot.ran = 0;
	}
	if (!cold.ran || cold.splits != 0 || !hot.ran) {
		printf("FAIL: no room found where every call splits (cold "
		       "splits %lu)\n", (unsigned long)cold.splits);
		return 1;
	}
	bench_report("call away from a segment boundary", cold.insns, ROUNDS);
	bench_report("call that splits at a segment boundary", hot.insns,
		     ROUNDS);
	bench_report("split and return above a plain call",
		     hot.insns - cold.insns, ROUNDS);
	return 0;
}
