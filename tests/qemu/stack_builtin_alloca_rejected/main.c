/*
 * Is __builtin_alloca, the compiler's own spelling of alloca(), rejected
 * in task code as well?
 */
#include <segue.h>
#include <string.h>

static int fill(size_t n)
{
	char *buf = __builtin_alloca(n);

	memset(buf, 'x', n);
	return buf[n - 1];
}

int main(void)
{
	return fill(task_uptime_ms() + 16) == 'x' ? 0 : 1;
}
