/*
 * Do tasks sleeping 30, 10 and 20 ms, started in that order, wake in the
 * order 10, 20, 30, each after at least its sleep, and does
 * task_sleep_ms(0) only yield?
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

#define SLEEPERS 3

static int wake_order[SLEEPERS];
static int woken;
static uint32_t slept_ms[SLEEPERS];
static uint32_t woke_at[SLEEPERS];

static const uint32_t sleep_ms[SLEEPERS] = { 30, 10, 20 };

static void sleeper(void *arg)
{
	int index = (int)(intptr_t)arg;
	uint32_t start = task_uptime_ms();

	task_sleep_ms(sleep_ms[index]);
	woke_at[index] = task_uptime_ms();
	slept_ms[index] = woke_at[index] - start;
	if (woken < SLEEPERS)
		wake_order[woken] = (int)sleep_ms[index];
	woken++;
}

static volatile unsigned spins;

static void spinner(void *arg)
{
	(void)arg;
	for (;;) {
		spins++;
		task_yield();
	}
}

int main(void)
{
	struct task *tasks[SLEEPERS];
	struct task *spin;
	uint32_t before, after;

	for (int i = 0; i < SLEEPERS; i++) {
		tasks[i] = task_spawn("sleeper", sleeper, (void *)(intptr_t)i);
		CHECK(tasks[i] != NULL);
	}
	for (int i = 0; i < SLEEPERS; i++)
		CHECK_EQ(task_join(tasks[i]), 0);
	printf("woke in order %d %d %d\n", wake_order[0], wake_order[1],
	       wake_order[2]);
	CHECK_EQ(woken, SLEEPERS);
	CHECK_EQ(wake_order[0], 10);
	CHECK_EQ(wake_order[1], 20);
	CHECK_EQ(wake_order[2], 30);
	for (int i = 0; i < SLEEPERS; i++) {
		CHECK(slept_ms[i] >= sleep_ms[i]);
		printf("slept %u ms for %u\n", (unsigned)slept_ms[i],
		       (unsigned)sleep_ms[i]);
	}
	/* The 30 ms sleeper woke no earlier than the 20 ms one, and that
	 * one no earlier than the 10 ms one. */
	CHECK(woke_at[0] >= woke_at[2]);
	CHECK(woke_at[2] >= woke_at[1]);

	/* Main itself: the uptime advances by at least the sleep. */
	before = task_uptime_ms();
	task_sleep_ms(25);
	after = task_uptime_ms();
	CHECK(after - before >= 25);

	/*
	 * task_sleep_ms(0) puts main behind the spinner, which runs once
	 * and yields back. A real sleep of even one tick would leave the
	 * spinner looping alone until the tick, so spins would be far
	 * more than 1.
	 */
	spins = 0;
	spin = task_spawn("spinner", spinner, NULL);
	CHECK(spin != NULL);
	task_sleep_ms(0);
	CHECK_EQ(spins, 1);
	task_sleep_ms(0);
	CHECK_EQ(spins, 2);
	return check_done();
}
