/*
 * Is a call into the C library's stdio from an interrupt handler a
 * panic naming the vector, rather than a silent hang while a task owns
 * the shared C library stack?
 */
#include <segue.h>
#include <stdio.h>

#define FREE_LINE (CONFIG_IRQ_COUNT - 1)

static void printing_handler(void *arg)
{
	(void)arg;
	printf("printed from a handler\n");
}

int main(void)
{
	irq_connect(FREE_LINE, printing_handler, NULL);
	printf("pending the printing handler\n");
	irq_pend(FREE_LINE);
	printf("still running\n");
	return 0;
}
