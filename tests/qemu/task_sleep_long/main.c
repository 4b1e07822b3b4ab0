/*
 * Does a sleep longer than 2^31 milliseconds, up to UINT32_MAX, keep the
 * task asleep instead of waking it at once?
 */
#include <segue.h>
#include <stdint.h>

#include "check.h"

static const uint32_t lengths[] = {
	0x7fffffffu, 0x80000001u, 0xc0000000u, 0xfffffffeu, UINT32_MAX,
};

#define SLEEPERS (sizeof(lengths) / sizeof(lengths[0]))

static volatile int woke[SLEEPERS];

static void sleeper(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	task_sleep_ms(lengths[i]);
	woke[i] = 1;
}

int main(void)
{
	for (uintptr_t i = 0; i < SLEEPERS; i++)
		CHECK(task_spawn("sleeper", sleeper, (void *)i) != NULL);
	task_sleep_ms(50);
	for (size_t i = 0; i < SLEEPERS; i++)
		CHECK_EQ(woke[i], 0);
	/* main returning ends the program with the sleepers still asleep. */
	return check_done();
}
