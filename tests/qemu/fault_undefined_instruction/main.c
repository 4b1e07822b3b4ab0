/*
 * When a task executes an undefined instruction, does the kernel stop
 * only that task with -EFAULT, after a message naming the instruction's
 * address, run its defers, and give its segments back while another task
 * keeps running?
 */
#include "fault_task.h"

#if !defined(__arm__) && !defined(__i386__) && !defined(__x86_64__)
#error "this test has an undefined instruction only for ARM and x86"
#endif

static void run_undefined(void)
{
#if defined(__arm__)
	/* UDF is permanently undefined in Thumb. The tag 7 is arbitrary,
	 * and not the 254 that the kernel's __aeabi_idiv0 uses. */
	__asm__ volatile("udf #7");
#else
	/* UD2 is the x86 opcode reserved to raise #UD. */
	__asm__ volatile("ud2");
#endif
}

int main(void)
{
	return fault_test_run(run_undefined);
}
