/*
 * When main itself faults, does the program end with its defers run and
 * the status of a stopped main, the low 8 bits of -EFAULT (242)?
 */
#include <segue.h>
#include <stdint.h>
#include <stdio.h>

static void cleanup(void *arg)
{
	(void)arg;
	printf("main's defer ran\n");
}

int main(void)
{
	task_defer(cleanup, NULL);
	printf("faulting in main\n");
	*(volatile uint32_t *)0xf0000000u = 1;
	printf("still running\n");
	return 0;
}
