/*
 * Does a line pended from inside a handler run after that handler
 * returns, not nested in it, and does a line pended before it has a
 * handler run once when the handler is connected?
 */
#include <segue.h>

#include "check.h"

#define LINE_A (CONFIG_IRQ_COUNT - 1)
#define LINE_B (CONFIG_IRQ_COUNT - 2)
#define LINE_C (CONFIG_IRQ_COUNT - 3)
#define REPEATS 50

static char order[8];
static volatile int steps;
static volatile int repeats;
static volatile int b_runs;

static void record(char c)
{
	if (steps < (int)sizeof(order) - 1)
		order[steps] = c;
	steps++;
}

static void handler_a(void *arg)
{
	(void)arg;
	record('a');
	irq_pend(LINE_B);
	record('A');
}

static void handler_b(void *arg)
{
	(void)arg;
	b_runs++;
	record('b');
}

/* Pends its own line again until REPEATS runs: each run must finish
 * before the next, or the interrupt stack would overflow. */
static void handler_again(void *arg)
{
	(void)arg;
	if (++repeats < REPEATS)
		irq_pend(LINE_C);
}

int main(void)
{
	CHECK_EQ(irq_pend(LINE_B), 0);
	CHECK_EQ(b_runs, 0);
	CHECK_EQ(irq_connect(LINE_B, handler_b, NULL), 0);
	CHECK_EQ(b_runs, 1);

	steps = 0;
	CHECK_EQ(irq_connect(LINE_A, handler_a, NULL), 0);
	CHECK_EQ(irq_pend(LINE_A), 0);
	CHECK_EQ(steps, 3);
	CHECK_EQ(order[0], 'a');
	CHECK_EQ(order[1], 'A');
	CHECK_EQ(order[2], 'b');
	CHECK_EQ(b_runs, 2);

	CHECK_EQ(irq_connect(LINE_C, handler_again, NULL), 0);
	CHECK_EQ(irq_pend(LINE_C), 0);
	CHECK_EQ(repeats, REPEATS);
	return check_done();
}
