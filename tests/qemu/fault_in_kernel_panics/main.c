/*
 * When a task hands the kernel a pointer to unmapped memory and the
 * kernel faults on it, does the kernel panic (exit status 127) instead of
 * blaming and stopping the task?
 *
 * stack_pool_stats() stores into *out, so the store that faults is in
 * kernel code. task_name() would not do, because it only adds an offset
 * to the pointer and never reads through it. A kernel fault may have left the kernel's own state half
 * changed, so nothing may run after it: not the task's defers, and not
 * main.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

/* Nothing is mapped here on the board, so a store raises a bus fault. */
#define UNMAPPED_ADDRESS 0xf0000000u

static void print_defer(void *arg)
{
	(void)arg;
	printf("defer of the faulting task ran\n");
}

static void pass_bad_pointer(void *arg)
{
	(void)arg;
	CHECK_EQ(task_defer(print_defer, NULL), 0);
	printf("calling stack_pool_stats with an unmapped pointer\n");
	stack_pool_stats((struct stack_pool_stats *)UNMAPPED_ADDRESS);
	printf("stack_pool_stats returned\n");
}

int main(void)
{
	struct task *bad;

	bad = task_spawn("bad", pass_bad_pointer, NULL);
	CHECK(bad != NULL);
	printf("join returned %d\n", task_join(bad));
	return check_done();
}
