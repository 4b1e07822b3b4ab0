/*
 * Does a status of 128 or more from main reach the host whole, on every
 * board? QEMU's isa-debug-exit on x86 has room for only seven bits.
 */
#include <segue.h>
#include <stdio.h>

int main(void)
{
	printf("returning 200\n");
	return 200;
}
