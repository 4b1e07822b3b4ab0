/*
 * Does irq_connect run an application's handler, with its argument, each
 * time the line is pended, and reject bad lines and handlers?
 */
#include <errno.h>
#include <segue.h>

#include "check.h"

/* The last line: no device of the QEMU boards uses it. */
#define FREE_LINE (CONFIG_IRQ_COUNT - 1)

static volatile int calls;
static volatile int last_arg;
static volatile size_t room_in_handler;

static void handler(void *arg)
{
	calls++;
	last_arg = *(int *)arg;
	room_in_handler = task_stack_room();
}

int main(void)
{
	static int value = 1234;

	CHECK_EQ(irq_connect(FREE_LINE, handler, &value), 0);
	CHECK_EQ(irq_pend(FREE_LINE), 0);
	CHECK_EQ(calls, 1);
	CHECK_EQ(last_arg, 1234);
	/* The handler ran on the interrupt stack, with its own limit. */
	CHECK(room_in_handler > 0);
	value = 99;
	for (int i = 0; i < 5; i++)
		irq_pend(FREE_LINE);
	CHECK_EQ(calls, 6);
	CHECK_EQ(last_arg, 99);

	CHECK_EQ(irq_connect(FREE_LINE, handler, &value), -EBUSY);
	CHECK_EQ(irq_connect(CONFIG_IRQ_COUNT, handler, &value), -EINVAL);
	CHECK_EQ(irq_connect(FREE_LINE - 1, NULL, &value), -EINVAL);
	CHECK_EQ(irq_pend(CONFIG_IRQ_COUNT), -EINVAL);
	return check_done();
}
