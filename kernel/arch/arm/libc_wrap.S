/*
 * Stubs that run newlib's larger functions on the shared C library stack
 * (see kernel/libc.c). The link wraps each name listed here
 * (-Wl,--wrap=NAME), so calls from task code reach __wrap_NAME, which
 * switches stacks and calls __real_NAME. Each wrapped function takes at
 * most four word arguments, all in registers; variadic functions reach
 * these through the shims in libc.c.
 */
	.syntax unified
	.thumb
	.text

	.macro	LIBC_WRAP name
	/* One section per stub, so that the link drops unused ones. */
	.section .text.__wrap_\name, "ax", %progbits
	.global	__wrap_\name
	.type	__wrap_\name, %function
	.thumb_func
__wrap_\name:
	push	{r0-r3}
	push	{r4, lr}
	bl	libc_enter
	mov	r4, sp
	cmp	r0, #0
	beq	1f
	mov	sp, r0
1:	ldr	r0, [r4, #8]
	ldr	r1, [r4, #12]
	ldr	r2, [r4, #16]
	ldr	r3, [r4, #20]
	bl	__real_\name
	mov	sp, r4
	push	{r0, r1}
	bl	libc_leave
	pop	{r0, r1}
	pop	{r4}
	pop	{r2}
	add	sp, #16
	bx	r2
	.size	__wrap_\name, . - __wrap_\name
	.endm

	.macro	LIBC_SHIM name
	.endm

#include "libc_wrap.def"
