/*
 * Kernel panic: a broken invariant, or a fault the kernel cannot pin on
 * one task. Prints what it can and ends the program with a non-zero
 * status, since the kernel's own state can no longer be trusted.
 */
#include "kernel.h"

/* Exit status of a panic; main can return it too, so runners also check
 * for the "PANIC" line. */
#define PANIC_EXIT_STATUS 127

__nosplit void panic(const char *where, const char *what, uintptr_t value)
{
	arch_irq_lock();
	console_puts("PANIC in ");
	console_puts(where);
	console_puts(": ");
	console_puts(what);
	console_puts(" ");
	console_put_hex(value);
	if (task_current) {
		console_puts(" (task ");
		console_puts(task_current->name);
		console_puts(")");
	}
	console_puts("\n");
	console_flush();
	arch_exit(PANIC_EXIT_STATUS);
}
