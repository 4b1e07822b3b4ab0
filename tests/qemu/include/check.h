/*
 * Checks for the QEMU tests. Each failed check prints one line starting
 * with "FAIL:" that names the file, line, expression and both values; the
 * runner fails a test on any such line. check_done() prints the totals
 * and returns main's exit status (0 only if every check passed).
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int check_passed;
static int check_failed;

static inline int check_eq_at(const char *file, int line, const char *expr,
			      long long actual, long long expected)
{
	if (actual == expected) {
		check_passed++;
		return 1;
	}
	check_failed++;
	/* newlib nano's printf has no %lld: values past 32 bits print as
	 * two hex words. */
	if (actual == (long)actual && expected == (long)expected)
		printf("FAIL: %s:%d: %s is %ld, expected %ld\n", file, line,
		       expr, (long)actual, (long)expected);
	else
		printf("FAIL: %s:%d: %s is 0x%08lx%08lx, expected "
		       "0x%08lx%08lx\n", file, line, expr,
		       (unsigned long)(actual >> 32), (unsigned long)actual,
		       (unsigned long)(expected >> 32),
		       (unsigned long)expected);
	return 0;
}

#define CHECK_EQ(actual, expected)                                        \
	check_eq_at(__FILE__, __LINE__, #actual, (long long)(actual),     \
		    (long long)(expected))
#define CHECK(cond) CHECK_EQ(!!(cond), 1)

static inline int check_done(void)
{
	printf("checks: %d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif /* CHECK_H */
