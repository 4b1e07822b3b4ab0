/*
 * i386 entry from a Multiboot v1 loader (QEMU's -kernel): protected mode,
 * paging off, interrupts off, EAX = 0x2BADB002. Sets up a GDT with the
 * segment %gs that the split-stack check reads, maps memory, and calls
 * kernel_start() on the boot stack.
 */
#include <autoconf.h>
#include "arch_cpu.h"

#define MULTIBOOT_MAGIC 0x1badb002
#define MULTIBOOT_FLAGS 0

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_CPU 0x18

#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PSE (1 << 4)
/* Page directory entry of a 4 MiB page: present, writable, large. */
#define PDE_4M 0x83
/* RAM and everything a PC board decodes below 1 GiB is mapped one to
 * one; the rest stays unmapped, so a stray access raises a page fault
 * instead of reading open bus. */
#define MAPPED_4M_PAGES 256

#define BOOT_STACK_SIZE 8192

	/* The loader finds the header in the first 8 KiB of the image; the
	 * linker script puts this section first. */
	.section .multiboot, "a"
	.align	4
	.long	MULTIBOOT_MAGIC
	.long	MULTIBOOT_FLAGS
	.long	-(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

	.data
	.align	8
/* Flat code and data segments, a data segment whose base is the
 * per-CPU block (filled in at boot) and whose limit is the block, and
 * the two TSS descriptors that x86_cpu_init() fills in. */
	.global	x86_gdt
x86_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff
	.quad	0x00cf92000000ffff
	.quad	0x0040920000000000 + X86_CPU_BLOCK_SIZE - 1
	.quad	0
	.quad	0
x86_gdt_end:
x86_gdt_pointer:
	.word	x86_gdt_end - x86_gdt - 1
	.long	x86_gdt

	.section .bss.boot, "aw", @nobits
	.align	4096
x86_page_directory:
	.space	4096
	.align	16
x86_boot_stack:
	.space	BOOT_STACK_SIZE
x86_boot_stack_top:

	.text
	.global	x86_boot
	.type	x86_boot, @function
x86_boot:
	cli
	cld
	mov	$x86_boot_stack_top, %esp

	mov	$x86_cpu, %eax
	mov	%ax, x86_gdt + SEL_CPU + 2
	shr	$16, %eax
	mov	%al, x86_gdt + SEL_CPU + 4
	mov	%ah, x86_gdt + SEL_CPU + 7
	lgdt	x86_gdt_pointer
	ljmp	$SEL_CODE, $1f
1:	mov	$SEL_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	%ax, %fs
	mov	$SEL_CPU, %ax
	mov	%ax, %gs

	/* Zero .bss; the stack in it is not in use yet. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	/* The boot stack's limit, for the checked code kernel_start runs. */
	movl	$x86_boot_stack + CONFIG_STACK_GUARD_SIZE, \
		x86_cpu + X86_STACK_LIMIT_OFFSET

	mov	$x86_page_directory, %edi
	mov	$PDE_4M, %eax
	mov	$MAPPED_4M_PAGES, %ecx
2:	mov	%eax, (%edi)
	add	$0x400000, %eax
	add	$4, %edi
	loop	2b
	mov	%cr4, %eax
	or	$CR4_PSE, %eax
	mov	%eax, %cr4
	mov	$x86_page_directory, %eax
	mov	%eax, %cr3
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0

	call	kernel_start
3:	hlt
	jmp	3b
	.size	x86_boot, . - x86_boot
