/*
 * Does a variadic function built with the guard check fail the build on
 * ARM with a message that explains how to mark it?
 */
#include <segue.h>
#include <stdarg.h>

static int sum(int count, ...)
{
	va_list ap;
	int total = 0;

	va_start(ap, count);
	while (count-- > 0)
		total += va_arg(ap, int);
	va_end(ap);
	return total;
}

int main(void)
{
	return sum(3, 1, 2, 3) == 6 ? 0 : 1;
}
