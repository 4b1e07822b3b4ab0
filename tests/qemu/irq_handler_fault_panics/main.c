/*
 * Does a fault inside an interrupt handler end the run with a panic,
 * instead of being pinned on the task that happened to be running?
 */
#include <segue.h>
#include <stdio.h>

#define FREE_LINE (CONFIG_IRQ_COUNT - 1)
#define UNMAPPED_ADDRESS 0xf0000000u

static void faulty_handler(void *arg)
{
	(void)arg;
	*(volatile unsigned *)UNMAPPED_ADDRESS = 1;
}

int main(void)
{
	irq_connect(FREE_LINE, faulty_handler, NULL);
	printf("pending the faulty handler\n");
	irq_pend(FREE_LINE);
	printf("still running after the fault\n");
	return 0;
}
