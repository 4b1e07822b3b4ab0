/*
 * When a task divides an integer by zero, does the kernel stop only that
 * task with -EFAULT, after a message naming the division, run its defers,
 * and give its segments back while another task keeps running?
 *
 * ARMv6-M has no divide instruction, so the division is a call into
 * libgcc, whose check for a zero divisor calls __aeabi_idiv0.
 */
#include "fault_task.h"

/* Read through volatile so that the compiler cannot fold the division. */
static volatile int zero;
static volatile int quotient;

static void divide_by_zero(void)
{
	quotient = 100 / zero;
}

int main(void)
{
	/* The store of the quotient never happens: fault_test_run checks
	 * that nothing after the fault ran. */
	return fault_test_run(divide_by_zero);
}
