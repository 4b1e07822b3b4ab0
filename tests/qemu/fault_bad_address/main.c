/*
 * When a task writes to an address with no memory behind it, does the
 * kernel stop only that task with -EFAULT, after a message naming the
 * address, run its defers, and give its segments back while another task
 * keeps running?
 */
#include <stdint.h>

#include "fault_task.h"

/* Nothing is mapped here on the boards, so a store raises a bus fault
 * (a page fault on x86). */
#define UNMAPPED_ADDRESS 0xf0000000u

static void write_unmapped(void)
{
	*(volatile uint32_t *)UNMAPPED_ADDRESS = 0x12345678u;
}

int main(void)
{
	return fault_test_run(write_unmapped);
}
