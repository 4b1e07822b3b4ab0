/* Boot: set up the pools and the console, spawn main, start scheduling. */
#include "kernel.h"

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
