/*
 * Segue internal declarations shared by the portable kernel files.
 * Applications include <segue.h>, never this file.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autoconf.h>
#include <segue.h>

#include "arch.h"

/* Code that must not carry the guard check: it runs in the guard zone. */
#define __nosplit __attribute__((no_split_stack))
/* IS_ENABLED(CONFIG_X) is 1 when CONFIG_X is defined to 1, else 0, so
 * that optional code stays visible to the compiler in a plain if. */
#define IS_ENABLED(option) IS_ENABLED_1(option)
#define IS_ENABLED_1(value) IS_ENABLED_2(IS_ENABLED_PROBE_##value)
#define IS_ENABLED_PROBE_1 0,
#define IS_ENABLED_2(probe) IS_ENABLED_3(probe 1, 0)
#define IS_ENABLED_3(ignored, value, ...) value
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum task_state {
	TASK_FREE,     /* on the TCB free list */
	TASK_READY,    /* on the run queue, or running */
	TASK_SLEEPING, /* on the sleep list until wake_tick */
	TASK_BLOCKED,  /* waiting for another task (join, libc stack) */
	TASK_EXITED,   /* stack freed, status kept until joined */
};

enum task_flag {
	TASK_DETACHED = 1 << 0, /* free the TCB at exit */
	TASK_EXITING = 1 << 1,  /* defers are running */
	TASK_STOPPED = 1 << 2,  /* stopped by the kernel, status fixed */
	TASK_MAIN = 1 << 3,     /* its exit ends the program */
};

/*
 * Stack top record: the top 6 words (24 bytes on 32-bit ports, 48 on
 * amd64) of every stack the kernel hands a task (its first segment, and
 * each run of segments __morestack links).
 * The chain through prev leads from the innermost stack back to the first.
 */
struct stack_top {
	/* The port's __morestack reads and writes these fields through
	 * generated offsets, and args_size, segments and flags as one word. */
	struct stack_top *prev; /* next outer record, NULL in the first */
	uintptr_t old_sp;       /* SP to return to, in the outer stack */
	uintptr_t ret;          /* where __morestack returns (prologue) */
	uintptr_t old_limit;    /* stack limit of the outer stack */
	uint16_t args_size;     /* bytes of stack arguments copied */
	uint8_t segments;       /* segments in this run */
	uint8_t flags;          /* STACK_TOP_* */
	uintptr_t base;         /* lowest address of the run */
};

enum stack_top_flag {
	STACK_TOP_RESERVE = 1 << 0, /* a reserve segment, not the pool's */
};

/*
 * Task control block. The first three fields are read by assembly through
 * generated offsets, so keep their order.
 */
struct task {
	/* Context switch and __morestack, current task only. */
	uintptr_t sp;          /* saved SP while switched out */
	uintptr_t stack_limit; /* limit to start with; the x86 switch also
				* saves the limit here */
	struct stack_top *top; /* innermost stack top record */

	/* Scheduler lists; changed with interrupts masked. */
	struct task *next;     /* run queue, sleep list, wait or free list */
	uint32_t wake_tick;    /* tick to leave the sleep list at */
	uint8_t state;         /* enum task_state */
	uint8_t flags;         /* enum task_flag */
	uint16_t segments;     /* segments linked now, first included */
	uint8_t *cache;        /* a pool segment kept for the next split */

	/* The task itself, and its joiner once it exits. */
	struct defer *defers;  /* last registered first */
	struct task *joiner;   /* task blocked in task_join on this one */
	int status;            /* exit status, valid once TASK_EXITING */
	uint32_t stop_info;    /* bytes requested when the pool ran out */
	char name[CONFIG_TASK_NAME_MAX + 1];
};

struct defer {
	struct defer *next;
	void (*fn)(void *arg);
	void *arg;
};

/* Pattern at the lowest word of every stack, checked when
 * CONFIG_STACK_CANARY is set. */
#define STACK_CANARY_WORD 0x5e9ca4a7u

extern struct task *task_current;
extern struct task task_idle;

/* sched.c: run queue, sleeping and waiting; interrupts are masked inside. */
void sched_start(void);
void sched_ready(struct task *task);
void sched_ready_isr(struct task *task);
void sched_block(void);
_Noreturn void sched_exit(void);
void sched_tick(void);
uint32_t sched_ticks(void);

/* task.c */
void task_pool_init(void);
bool task_is_valid(const struct task *task);
struct task *task_next(struct task *prev);
_Noreturn void task_stop(int status);
_Noreturn void task_stopped(int status, uint32_t info);
_Noreturn void task_abandon(struct task *task, int status);
void task_reap(struct task *task);
void task_main_start(void);

/* stack.c: the segment pool. */
void stack_pool_init(void);
struct stack_top *stack_first_alloc(struct task *task);
void stack_release_all(struct task *task);
bool stack_reserve_take(struct task *task, uintptr_t *sp);
size_t stack_pool_segments_held(const struct task *task);
void stack_pool_audit(size_t held);

/* console.c */
void console_init(void);
void console_putc(char c);
void console_write(const char *buf, size_t len);
void console_puts(const char *s);
void console_put_hex(uintptr_t value);
void console_put_dec(long value);
bool console_rx_room(void);
void console_rx_isr(char c);
void console_flush(void);
int console_read(char *buf, size_t len);

/* libc.c: the shared stack for calls into newlib. */
void libc_init(void);
void libc_release(struct task *task);
void libc_abandon(struct task *task);
void libc_unwind(uintptr_t sp);
bool libc_stack_contains(uintptr_t sp);
uintptr_t libc_enter(void);
void libc_leave(void);

/* stack.c, called by the port's __morestack. */
struct stack_top *stack_link(size_t bytes, uintptr_t old_sp, uintptr_t ret,
			     size_t args_size);
uintptr_t stack_exhausted(size_t bytes);
void stack_unsplit(struct stack_top *rec);
void stack_unwind_to(uintptr_t sp);
bool stack_holds(const struct task *task, uintptr_t sp);

/* irq.c */
void irq_dispatch(unsigned irq);

/* panic.c */
_Noreturn void panic(const char *where, const char *what, uintptr_t value);

#if defined(CONFIG_ASSERT)
#define KASSERT(cond, what, value)                                        \
	do {                                                              \
		if (!(cond))                                              \
			panic(__func__, what, (uintptr_t)(value));        \
	} while (0)
#else
#define KASSERT(cond, what, value) ((void)0)
#endif

#endif /* KERNEL_H */
