/*
 * Does the build reject alloca() in application code?
 *
 * The guard check in each prologue covers only the fixed frame, and
 * alloca() moves SP by a size known only at run time, so it could run off
 * the segment unchecked. Every task file is compiled with a header that
 * turns alloca() into a call carrying an error attribute; this file must
 * never link.
 */
#include <alloca.h>
#include <segue.h>
#include <string.h>

static int fill(size_t n)
{
	char *buf = alloca(n);

	memset(buf, 'x', n);
	return buf[n - 1];
}

int main(void)
{
	return fill(task_uptime_ms() + 16) == 'x' ? 0 : 1;
}
