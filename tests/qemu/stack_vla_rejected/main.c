/*
 * Does the build reject a variable-length array in application code?
 *
 * The guard check in each prologue covers only the fixed frame, and a VLA
 * moves SP by a size known only at run time, so it could run off the
 * segment unchecked. The build turns clang's -Wvla into an error; this
 * file must never link.
 */
#include <segue.h>
#include <string.h>

static int fill(size_t n)
{
	char buf[n];

	memset(buf, 'x', n);
	return buf[n - 1];
}

int main(void)
{
	return fill(task_uptime_ms() + 16) == 'x' ? 0 : 1;
}
