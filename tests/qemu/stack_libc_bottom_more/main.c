/*
 * Do newlib's other stack-hungry functions (dprintf, asprintf, siprintf,
 * strftime, asctime, strtod, sscanf) give correct results when called
 * with SP at the very bottom of a segment?
 *
 * Each needs from 300 bytes to a kilobyte of stack, more than the guard
 * zone holds; the kernel must run them elsewhere. A canary below every
 * segment turns any overrun into a panic.
 */
#define _GNU_SOURCE
#include <segue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

#include "stack_at.h"

struct results {
	int dprinted;
	char *allocated;
	int asprinted;
	char small[64];
	int siprinted;
	char date[64];
	size_t date_len;
	char ascii[32];
	double parsed;
	int scanned;
	int first;
	char word[16];
};

static struct results res;

static void at_bottom(void *arg)
{
	struct tm when = {
		.tm_year = 126, .tm_mon = 11, .tm_mday = 4,
		.tm_hour = 15, .tm_min = 22, .tm_sec = 59, .tm_wday = 5,
	};

	(void)arg;
	res.dprinted = dprintf(1, "dprintf %d %s %08x %c\n", 42, "at bottom",
			       0xbeefu, 'z');
	res.asprinted = asprintf(&res.allocated, "%s-%d", "asprintf", 7);
	res.siprinted = siprintf(res.small, "%d:%x", -12, 255u);
	res.date_len = strftime(res.date, sizeof(res.date),
				"%Y-%m-%d %H:%M:%S %A", &when);
	strncpy(res.ascii, asctime(&when), sizeof(res.ascii) - 1);
	res.parsed = strtod("2.5e3", NULL);
	res.scanned = sscanf("17 segments", "%d %15s", &res.first, res.word);
}

static void worker(void *arg)
{
	(void)arg;
	call_at_room(16, at_bottom, NULL);
}

int main(void)
{
	struct task *t = task_spawn("bottom", worker, NULL);

	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(res.dprinted, 32);
	CHECK_EQ(res.asprinted, 10);
	CHECK(res.allocated != NULL);
	CHECK_EQ(strcmp(res.allocated, "asprintf-7"), 0);
	free(res.allocated);
	CHECK_EQ(res.siprinted, 6);
	CHECK_EQ(strcmp(res.small, "-12:ff"), 0);
	CHECK_EQ(res.date_len, 26);
	CHECK_EQ(strcmp(res.date, "2026-12-04 15:22:59 Friday"), 0);
	CHECK_EQ(strcmp(res.ascii, "Fri Dec  4 15:22:59 2026\n"), 0);
	CHECK(res.parsed == 2500.0);
	CHECK_EQ(res.scanned, 2);
	CHECK_EQ(res.first, 17);
	CHECK_EQ(strcmp(res.word, "segments"), 0);
	return check_done();
}
