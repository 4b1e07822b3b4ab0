/*
 * Helpers for tests that run code at an exact distance from the stack
 * limit, the word each port's guard check compares SP with: the global
 * __STACK_LIMIT on Cortex-M, %gs:0x30 on i386, %fs:0x70 on amd64.
 */
#ifndef STACK_AT_H
#define STACK_AT_H

#include <stddef.h>
#include <stdint.h>

/*
 * call_at_room(room, fn, arg): call fn(arg) with SP at the stack limit
 * plus room bytes (on amd64 rounded down to the 16 bytes the ABI wants at
 * a call; on x86 the call then pushes its return address below that), and
 * restore SP after. room must put SP below the caller's frame, or the
 * task stops on an undefined instruction.
 */
#if defined(__arm__)
extern uintptr_t __STACK_LIMIT;

__attribute__((naked, no_split_stack)) static void
call_at_room(size_t room, void (*fn)(void *), void *arg)
{
	__asm__ volatile("push	{r4, lr}\n\t"
			 "mov	r4, sp\n\t"
			 "ldr	r3, =__STACK_LIMIT\n\t"
			 "ldr	r3, [r3]\n\t"
			 "adds	r3, r3, r0\n\t"
			 "cmp	r3, r4\n\t"
			 "bhs	1f\n\t"
			 "mov	sp, r3\n\t"
			 "mov	r0, r2\n\t"
			 "blx	r1\n\t"
			 "mov	sp, r4\n\t"
			 "pop	{r4, pc}\n"
			 "1:\n\t"
			 "udf	#0\n\t"
			 ".ltorg");
}

static inline __attribute__((always_inline)) uintptr_t stack_limit(void)
{
	return *(volatile uintptr_t *)&__STACK_LIMIT;
}

static inline __attribute__((always_inline)) uintptr_t stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov	%0, sp" : "=r"(sp));
	return sp;
}
#elif defined(__i386__)
__attribute__((naked, no_split_stack)) static void
call_at_room(size_t room, void (*fn)(void *), void *arg)
{
	(void)room;
	(void)fn;
	(void)arg;
	__asm__ volatile("push	%ebp\n\t"
			 "mov	%esp, %ebp\n\t"
			 "mov	%gs:0x30, %eax\n\t"
			 "add	8(%ebp), %eax\n\t"
			 "cmp	%esp, %eax\n\t"
			 "jae	1f\n\t"
			 "mov	%eax, %esp\n\t"
			 "push	16(%ebp)\n\t"
			 "call	*12(%ebp)\n\t"
			 "mov	%ebp, %esp\n\t"
			 "pop	%ebp\n\t"
			 "ret\n"
			 "1:\n\t"
			 "ud2");
}

static inline __attribute__((always_inline)) uintptr_t stack_limit(void)
{
	uintptr_t limit;

	__asm__ volatile("mov	%%gs:0x30, %0" : "=r"(limit));
	return limit;
}

static inline __attribute__((always_inline)) uintptr_t stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov	%%esp, %0" : "=r"(sp));
	return sp;
}
#elif defined(__x86_64__)
__attribute__((naked, no_split_stack)) static void
call_at_room(size_t room, void (*fn)(void *), void *arg)
{
	(void)room;
	(void)fn;
	(void)arg;
	__asm__ volatile("push	%rbp\n\t"
			 "mov	%rsp, %rbp\n\t"
			 "mov	%fs:0x70, %rax\n\t"
			 "add	%rdi, %rax\n\t"
			 "and	$-16, %rax\n\t"
			 "cmp	%rsp, %rax\n\t"
			 "jae	1f\n\t"
			 "mov	%rax, %rsp\n\t"
			 "mov	%rdx, %rdi\n\t"
			 "call	*%rsi\n\t"
			 "mov	%rbp, %rsp\n\t"
			 "pop	%rbp\n\t"
			 "ret\n"
			 "1:\n\t"
			 "ud2");
}

static inline __attribute__((always_inline)) uintptr_t stack_limit(void)
{
	uintptr_t limit;

	__asm__ volatile("mov	%%fs:0x70, %0" : "=r"(limit));
	return limit;
}

static inline __attribute__((always_inline)) uintptr_t stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov	%%rsp, %0" : "=r"(sp));
	return sp;
}
#else
#error "call_at_room() has no version for this architecture"
#endif

/*
 * SP minus the stack limit: negative in the guard zone. task_stack_room()
 * cannot show that, because it returns 0 for any SP below the limit.
 */
static inline __attribute__((always_inline)) long sp_offset(void)
{
	return (long)(stack_pointer() - stack_limit());
}

#endif /* STACK_AT_H */
