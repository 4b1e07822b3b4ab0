/*
 * How many instructions does task_yield take to switch to another task?
 *
 * Two tasks yield to each other N times, so main's loop makes 2 N
 * switches. The count includes both tasks' loop overhead; the empty loop
 * measured first shows how much that is.
 */
#include "bench.h"

#define ROUNDS 100000

static void partner(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++)
		task_yield();
}

static __attribute__((noinline)) void empty(volatile int *sink)
{
	*sink = 0;
}

int main(void)
{
	volatile int sink;
	uint64_t start = bench_insns();
	struct task *t;

	for (int i = 0; i < ROUNDS; i++)
		empty(&sink);
	bench_report("call of an empty function (loop included)",
		     bench_insns() - start, ROUNDS);

	t = task_spawn("partner", partner, NULL);
	task_yield();
	start = bench_insns();
	for (int i = 0; i < ROUNDS; i++)
		task_yield();
	bench_report("task_yield switch to another task (loop included)",
		     bench_insns() - start, 2 * ROUNDS);
	task_join(t);
	return 0;
}
