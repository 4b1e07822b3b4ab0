/*
 * Segue public API: cooperative tasks on segmented stacks.
 *
 * Every function here is for task context unless its comment states
 * otherwise; none may be called from an interrupt handler. Errors are
 * negative errno values from <errno.h>, listed per function.
 *
 * An application defines int main(void), which runs as the first task.
 * When main returns (or calls task_exit), its defers run, the console is
 * flushed and the program ends with main's status, whatever other tasks
 * are doing: on a QEMU board QEMU exits with it, on a real board the core
 * halts in the idle loop.
 */
#ifndef SEGUE_H
#define SEGUE_H

#include <stddef.h>
#include <stdint.h>

/* The build's configuration: CONFIG_TASK_NAME_MAX and the rest. */
#include <autoconf.h>

/*
 * Mark a variadic function, which must stay a thin shim that hands its
 * va_list to a normal function. clang cannot put the guard check on a
 * variadic function on ARM, so there the mark removes it and the shim's
 * frame has to fit in the guard zone. GCC checks variadic functions on
 * x86 itself, and its va_start reads garbage in one built without the
 * check (GCC 12), so there the mark does nothing.
 */
#if defined(__arm__)
#define SEGUE_VARIADIC __attribute__((no_split_stack))
#else
#define SEGUE_VARIADIC
#endif

struct task;

/*
 * Create a task that runs entry(arg) on a stack of one segment, and put it
 * at the end of the run queue; the caller keeps running. The name is
 * copied into the task. A task whose entry returns exits with status 0.
 *
 * Returns the new task, or NULL with errno set and nothing allocated:
 *   EINVAL        entry or name is NULL
 *   ENAMETOOLONG  name is longer than CONFIG_TASK_NAME_MAX characters
 *   EAGAIN        every TCB is in use (exited tasks keep theirs until
 *                 joined or detached)
 *   ENOMEM        the stack pool has no segment for the first stack
 */
struct task *task_spawn(const char *name, void (*entry)(void *arg),
			void *arg);

/* Move the caller to the end of the run queue and run the next task. */
void task_yield(void);

/*
 * End the calling task with status (only its low 8 bits are kept, as with
 * exit(3), so joiners see 0 to 255). Defers run first, last registered
 * first, on the task's own stack; then its segments and defer records go
 * back to their pools. A defer may call task_exit again: the remaining
 * defers still run, none twice, and the last status given wins. A task
 * the kernel stopped (negative status) keeps that status.
 */
_Noreturn void task_exit(int status);

/*
 * Register fn(arg) to run when the calling task exits, returns from its
 * entry, or is stopped by the kernel. A defer may register more defers;
 * they run too, before the older ones.
 *
 * Returns 0, -EINVAL if fn is NULL, or -ENOMEM if the defer pool is empty
 * (nothing is registered).
 */
int task_defer(void (*fn)(void *arg), void *arg);

/* Return the calling task. */
struct task *task_self(void);

/* Return the task's name, or "?" for NULL. */
const char *task_name(const struct task *task);

/*
 * Wait until task exits, free its TCB and return its exit status:
 *   0..255   the status it gave to task_exit (0 when its entry returned)
 *   -ENOMEM  it was stopped because the stack pool was exhausted
 *   -EFAULT  it was stopped by a CPU fault
 *   -ECANCELED  it was stopped by a failed assert() or abort()
 * or an error, with nothing changed:
 *   -EDEADLK  task is the caller
 *   -EINVAL   task is NULL, not a task, detached, or already joined and
 *             its TCB still free
 *   -EBUSY    another task is already waiting to join it
 * A handle stays valid only until the join returns: once the TCB is
 * reused it names the new task, so joining a stale handle is the
 * caller's error, as with POSIX threads.
 */
int task_join(struct task *task);

/*
 * Let task free its own TCB when it exits; it can no longer be joined.
 * Detaching a task that already exited frees its TCB now.
 * Returns 0, or -EINVAL if task is NULL, not a live task, already
 * detached, or being joined.
 */
int task_detach(struct task *task);

/*
 * Block the calling task for at least ms milliseconds (rounded up to whole
 * ticks, plus the part of the current tick). 0 yields.
 */
void task_sleep_ms(uint32_t ms);

/* Milliseconds since boot, at tick resolution; wraps after 49 days. */
uint32_t task_uptime_ms(void);

/*
 * Return CPU clock cycles since the timer started, at CONFIG_CPU_CLOCK_HZ.
 * Under QEMU's -icount shift=0 one cycle is 1e9 / CONFIG_CPU_CLOCK_HZ
 * guest instructions (40 on mps2_an385), which is how the benchmarks
 * count instructions.
 */
uint64_t clock_cycles(void);

struct stack_pool_stats {
	size_t segment_size;      /* bytes in one segment */
	size_t segments_total;    /* segments tasks can be given */
	size_t segments_free;     /* of those, free now */
	size_t segments_min_free; /* lowest segments_free since boot */
};

/* Fill *out with the segment pool's counts. Safe in an interrupt. */
void stack_pool_stats(struct stack_pool_stats *out);

/*
 * Return the number of segments linked into task's stack now, its first
 * one included; 0 for NULL or a task that exited.
 */
size_t task_stack_segments(const struct task *task);

/*
 * Return the bytes between SP and the stack limit of the calling task's
 * current stack: how deep it can go before the next frame takes a new
 * segment. Frames under 256 bytes may also use the guard zone below.
 */
size_t task_stack_room(void);

struct task_pool_stats {
	size_t tasks_total;  /* TCBs, main included, idle not */
	size_t tasks_free;   /* TCBs on the free list */
	size_t defers_total; /* defer records */
	size_t defers_free;  /* defer records not registered */
};

/* Fill *out with the TCB and defer pool counts. */
void task_pool_stats(struct task_pool_stats *out);

/*
 * Run handler(arg) on the interrupt stack each time device interrupt
 * line irq fires (the NVIC line number on Cortex-M), and enable the line.
 * Handlers run with the interrupt stack's own limit. They must not call
 * the task functions above, nor the C library's stdio, qsort, strtol or
 * malloc (that is a kernel panic naming the vector on Cortex-M, where
 * those run on a stack shared with tasks). A fault in a handler is a
 * kernel panic too.
 *
 * Returns 0, or an error with nothing changed:
 *   -EINVAL  irq is not below CONFIG_IRQ_COUNT, or handler is NULL
 *   -EBUSY   the line already has a handler (the console UART's has)
 */
int irq_connect(unsigned irq, void (*handler)(void *arg), void *arg);

/*
 * Mark line irq pending, as if its device had raised it: the handler
 * runs as soon as interrupts are unmasked. For software-triggered work
 * and tests. Returns 0, or -EINVAL if irq is not below CONFIG_IRQ_COUNT.
 */
int irq_pend(unsigned irq);

#endif /* SEGUE_H */
