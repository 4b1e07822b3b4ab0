/*
 * Does a handler that recurses past the interrupt stack panic, naming
 * the vector, instead of running on into task memory?
 */
#include <segue.h>
#include <stdio.h>

#define FREE_LINE (CONFIG_IRQ_COUNT - 1)

static volatile int depth;

static __attribute__((noinline)) int recurse(int n)
{
	volatile char frame[64];

	frame[0] = (char)n;
	depth = n;
	return recurse(n + 1) + frame[0];
}

static void deep_handler(void *arg)
{
	(void)arg;
	recurse(0);
}

int main(void)
{
	irq_connect(FREE_LINE, deep_handler, NULL);
	printf("pending the deep handler\n");
	irq_pend(FREE_LINE);
	printf("still running after the overflow\n");
	return 0;
}
