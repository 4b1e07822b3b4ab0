/*
 * When a task's stack pointer points at unmapped memory and the task
 * pushes, does the kernel report a double fault and end the program
 * with a panic, instead of QEMU resetting the machine? On i386 the CPU
 * pushes the page fault's frame on that same stack, which faults again:
 * a double fault, which only a handler on a stack of its own can report.
 */
#include <segue.h>
#include <stdio.h>

#if !defined(__i386__)
#error "this test needs an i386 interrupt gate, which uses the task stack"
#endif

/* Nothing is mapped at 3.75 GiB on the PC boards. */
#define UNMAPPED_STACK 0xf0000100u

static void run_bad(void *arg)
{
	(void)arg;
	__asm__ volatile("mov %0, %%esp\n\tpush $0" ::"i"(UNMAPPED_STACK));
}

int main(void)
{
	struct task *bad;

	printf("moving SP of task bad to unmapped memory\n");
	bad = task_spawn("bad", run_bad, NULL);
	if (!bad) {
		printf("FAIL: task_spawn failed\n");
		return 1;
	}
	task_join(bad);
	printf("join returned\n");
	return 0;
}
