/*
 * Does the kernel panic when the segment pool's counts stop adding up?
 *
 * The test takes a segment out of the free list behind the kernel's back
 * (through the kernel's own stack_link, with no task owning the record)
 * and then lets a task exit, whose reap audits the pool.
 */
#include <segue.h>
#include <stdio.h>

#include "kernel.h"

static void quick(void *arg)
{
	(void)arg;
}

int main(void)
{
	struct stack_pool_stats s;
	struct task *t;
	struct stack_top *saved_top = task_self()->top;

	/* stack_link links the run into main's chain; unlink it again so
	 * that no task accounts for it. */
	stack_link(64, 0, 0, 0);
	task_self()->top = saved_top;
	task_self()->segments--;
	stack_pool_stats(&s);
	printf("free %u of %u\n", (unsigned)s.segments_free,
	       (unsigned)s.segments_total);
	t = task_spawn("quick", quick, NULL);
	task_join(t);
	printf("join returned\n");
	return 0;
}
