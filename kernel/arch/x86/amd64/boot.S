/*
 * amd64 entry. QEMU's -kernel loads only 32-bit Multiboot images, so the
 * build converts this 64-bit kernel to ELF32 and the loader enters here
 * in 32-bit protected mode, paging off, interrupts off. The entry maps
 * memory with 2 MiB pages, enables PAE, long mode, paging and SSE, and
 * jumps to 64-bit code, which points IA32_FS_BASE at the per-CPU block
 * (the split-stack check reads %fs:0x70) and calls kernel_start().
 */
#include <autoconf.h>
#include "arch_cpu.h"

#define MULTIBOOT_MAGIC 0x1badb002
#define MULTIBOOT_FLAGS 0

#define SEL_CODE 0x08
#define SEL_DATA 0x10

#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define MSR_FS_BASE 0xc0000100

/* Table entries: present and writable; PS marks a 2 MiB page. */
#define PTE_TABLE 0x03
#define PTE_2M 0x83
/* The first 1 GiB is mapped one to one; the rest stays unmapped, so a
 * stray access raises a page fault instead of reading open bus. */
#define MAPPED_2M_PAGES 512

#define BOOT_STACK_SIZE 8192

	.section .multiboot, "a"
	.align	4
	.long	MULTIBOOT_MAGIC
	.long	MULTIBOOT_FLAGS
	.long	-(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

	.data
	.align	16
/* Null, 64-bit code, data, then the TSS descriptor (16 bytes) that
 * x86_cpu_init() fills in. */
	.global	x86_gdt
x86_gdt:
	.quad	0
	.quad	0x00af9a000000ffff
	.quad	0x00cf92000000ffff
	.quad	0, 0
x86_gdt_end:
	.align	4
x86_gdt_pointer:
	.word	x86_gdt_end - x86_gdt - 1
	.quad	x86_gdt

	.section .bss.boot, "aw", @nobits
	.align	4096
x86_pml4:
	.space	4096
x86_pdpt:
	.space	4096
x86_pd:
	.space	4096
	.align	16
x86_boot_stack:
	.space	BOOT_STACK_SIZE
x86_boot_stack_top:

	.text
	.code32
	.global	x86_boot
	.type	x86_boot, @function
x86_boot:
	cli
	cld
	mov	$x86_boot_stack_top, %esp

	/* Zero .bss; the stack in it is not in use yet. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	movl	$x86_pdpt + PTE_TABLE, x86_pml4
	movl	$x86_pd + PTE_TABLE, x86_pdpt
	mov	$x86_pd, %edi
	mov	$PTE_2M, %eax
	mov	$MAPPED_2M_PAGES, %ecx
1:	mov	%eax, (%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	1b

	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov	%eax, %cr4
	mov	$x86_pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	and	$~CR0_EM, %eax
	or	$(CR0_PG | CR0_WP | CR0_MP), %eax
	mov	%eax, %cr0

	lgdt	x86_gdt_pointer
	ljmp	$SEL_CODE, $x86_boot64
	.size	x86_boot, . - x86_boot

	.code64
	.type	x86_boot64, @function
x86_boot64:
	mov	$SEL_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	/* Loading %fs cleared its base: set it after. */
	mov	$MSR_FS_BASE, %ecx
	mov	$x86_cpu, %eax
	xor	%edx, %edx
	wrmsr
	movq	$x86_boot_stack + CONFIG_STACK_GUARD_SIZE, %rax
	mov	%rax, x86_cpu + X86_STACK_LIMIT_OFFSET
	fninit
	mov	$x86_boot_stack_top, %rsp
	call	kernel_start
2:	hlt
	jmp	2b
	.size	x86_boot64, . - x86_boot64
