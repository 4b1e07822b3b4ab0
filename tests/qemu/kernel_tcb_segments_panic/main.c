/*
 * Does the kernel refuse, with a panic, to put a TCB that still holds
 * segments on the free list?
 *
 * The test reaches into the kernel's own TCB (kernel.h) to fake the
 * fault: it marks an exited task as still holding a segment, then joins
 * it, which frees the TCB.
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
	struct task *t = task_spawn("quick", quick, NULL);

	task_yield();
	printf("state %d, segments %u\n", t->state, (unsigned)t->segments);
	t->segments = 1;
	task_join(t);
	printf("join returned\n");
	return 0;
}
