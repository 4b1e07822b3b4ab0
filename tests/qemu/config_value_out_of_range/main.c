/* Never runs: the build must stop at the configuration. */
#include <segue.h>

int main(void)
{
	return 0;
}
