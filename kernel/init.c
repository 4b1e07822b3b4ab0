/* Boot: set up the pools and the console, spawn main, start scheduling. */
#include "kernel.h"

/* The idle, interrupt and C library stacks are plain arrays whose limit
 * sits the guard zone above their base, like a segment's. */
#define STACK_ABOVE_GUARD_MIN 512
_Static_assert(CONFIG_IDLE_STACK_SIZE >=
	       CONFIG_STACK_GUARD_SIZE + STACK_ABOVE_GUARD_MIN,
	       "CONFIG_IDLE_STACK_SIZE must exceed CONFIG_STACK_GUARD_SIZE "
	       "by 512 bytes or more");
_Static_assert(CONFIG_ISR_STACK_SIZE >=
	       CONFIG_STACK_GUARD_SIZE + STACK_ABOVE_GUARD_MIN,
	       "CONFIG_ISR_STACK_SIZE must exceed CONFIG_STACK_GUARD_SIZE "
	       "by 512 bytes or more");
_Static_assert(CONFIG_LIBC_STACK_SIZE >=
	       CONFIG_STACK_GUARD_SIZE + STACK_ABOVE_GUARD_MIN,
	       "CONFIG_LIBC_STACK_SIZE must exceed CONFIG_STACK_GUARD_SIZE "
	       "by 512 bytes or more");

void kernel_start(void)
{
	arch_init();
	stack_pool_init();
	task_pool_init();
	libc_init();
	console_init();
	task_main_start();
	sched_start();
}
