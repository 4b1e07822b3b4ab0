/*
 * x86_irq_raise_stubs: for each ISA line n, "int $(X86_VECTOR_IRQ0 + n);
 * ret" at offset 4 n, so that arch_irq_pend() can raise a line whose
 * number is known only at run time. The same bytes run in 32-bit and
 * 64-bit mode.
 */
#include "arch_cpu.h"

	.text
	.global	x86_irq_raise_stubs
	.balign	4
x86_irq_raise_stubs:
	vector = X86_VECTOR_IRQ0
	.rept	16
	.balign	4
	int	$vector
	ret
	vector = vector + 1
	.endr
