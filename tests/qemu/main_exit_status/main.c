/*
 * When main returns 42 while another task is still running, does the
 * program end with exit status 42, after main's own defers have run?
 *
 * A chatter task prints a line every 5 ms forever and is never joined.
 * Main's two defers print lines, which must appear, newest first, before
 * the program ends.
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

static volatile unsigned chatter_lines;

static void chatter(void *arg)
{
	(void)arg;
	for (;;) {
		printf("chatter %u\n", chatter_lines);
		chatter_lines++;
		task_sleep_ms(5);
	}
}

static void say(void *arg)
{
	printf("main defer %d ran\n", (int)(intptr_t)arg);
}

int main(void)
{
	struct task *t;

	CHECK_EQ(task_defer(say, (void *)1), 0);
	CHECK_EQ(task_defer(say, (void *)2), 0);
	t = task_spawn("chatter", chatter, NULL);
	CHECK(t != NULL);
	task_sleep_ms(30);
	CHECK(chatter_lines >= 2);
	/* The chatter is still alive, holding its stack. */
	CHECK_EQ(task_stack_segments(t), 1);
	printf("main returns 42\n");
	if (check_done() != 0)
		return 1;
	return 42;
}
