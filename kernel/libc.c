/*
 * newlib glue: system calls, the heap, assert(), and the shared stack for
 * calls into newlib.
 *
 * newlib is built without guard checks, and printf with a long format
 * needs about a kilobyte of stack, far more than the guard zone. So the
 * build wraps newlib's larger functions (the list is in the port's
 * libc_wrap.S) with a stub that runs them on one stack shared by all
 * tasks. Only one task may be on it at a time: a task that calls in while
 * another one is there (because that one blocked inside, reading input)
 * waits its turn. Callbacks from newlib into task code, such as a qsort
 * comparator, run on the shared stack with its own limit, so a deep
 * callback still grows onto pool segments as usual.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <wchar.h>

#include "kernel.h"

/* Stack a nested call needs at least: nano printf with a long format
 * uses about 450 bytes below its caller, in bytes. */
#define LIBC_NEST_ROOM 1024

static uint8_t libc_stack[CONFIG_LIBC_STACK_SIZE]
	__attribute__((aligned(8)));
static uint8_t heap[CONFIG_LIBC_HEAP_SIZE] __attribute__((aligned(8)));
static size_t heap_used;

static struct task *libc_owner;
static unsigned libc_depth;          /* nested entries by the owner */
static uintptr_t libc_saved_limit;   /* owner's limit before entry */
static uint32_t libc_linked;         /* bit d: entry at depth d linked a
				      * segment of its own */
static uintptr_t libc_entry_sp[32];  /* SP of the nested entry at depth d */
static struct task *libc_wait_head;  /* FIFO of tasks waiting */
static struct task *libc_wait_tail;

void libc_init(void)
{
	*(uint32_t *)libc_stack = STACK_CANARY_WORD;
}

static void libc_wait(struct task *self)
{
	self->next = NULL;
	if (libc_wait_tail)
		libc_wait_tail->next = self;
	else
		libc_wait_head = self;
	libc_wait_tail = self;
	sched_block();
}

static void libc_wake_next(void)
{
	struct task *task = libc_wait_head;

	if (!task)
		return;
	libc_wait_head = task->next;
	if (!libc_wait_head)
		libc_wait_tail = NULL;
	sched_ready(task);
}

/*
 * Called by every wrapper stub before the real function. Returns the SP
 * to run it at, or 0 to stay on the current stack (a nested call).
 */
/*
 * Enter newlib again from a callback of the task already inside it (a
 * qsort comparator that prints). Stay where SP is if that is the shared
 * stack with LIBC_NEST_ROOM bytes left. Otherwise the callback sits deep
 * or grew onto pool segments, so run the call on a segment of its own,
 * linked like a split and given back by libc_leave().
 */
static __nosplit uintptr_t libc_enter_nested(void)
{
	uintptr_t sp = arch_sp();
	uintptr_t limit = (uintptr_t)libc_stack + CONFIG_STACK_GUARD_SIZE;
	struct stack_top *rec;

	if (libc_depth + 1 >= ARRAY_SIZE(libc_entry_sp))
		panic("libc_enter", "C library calls nested too deep, depth",
		      libc_depth);
	libc_depth++;
	libc_entry_sp[libc_depth] = sp;
	if (libc_stack_contains(sp) && sp > limit + LIBC_NEST_ROOM)
		return 0;
	rec = stack_link(LIBC_NEST_ROOM, sp, 0, 0);
	if (!rec) {
		/* Stop the task as __morestack would: its defers run on a
		 * reserve segment, and task_stopped() frees this stack. */
		uintptr_t top = stack_exhausted(LIBC_NEST_ROOM);

		arch_call_on_stack(top, task_stopped, -ENOMEM,
				   LIBC_NEST_ROOM);
	}
	arch_set_stack_limit(rec->base + CONFIG_STACK_GUARD_SIZE);
	libc_linked |= 1u << libc_depth;
	return (uintptr_t)rec & ~(uintptr_t)7;
}

__nosplit uintptr_t libc_enter(void)
{
	struct task *self = task_current;

	if (arch_in_isr())
		panic("libc_enter", "C library called from an interrupt "
		      "handler, vector", arch_isr_vector());
	if (libc_owner == self)
		return libc_enter_nested();
	while (libc_owner)
		libc_wait(self);
	libc_owner = self;
	libc_depth = 1;
	libc_saved_limit = arch_stack_limit();
	arch_set_stack_limit((uintptr_t)libc_stack + CONFIG_STACK_GUARD_SIZE);
	return (uintptr_t)libc_stack + sizeof(libc_stack);
}

/* Called by every wrapper stub after the real function, back on the
 * caller's stack. */
__nosplit void libc_leave(void)
{
	if (libc_linked & (1u << libc_depth)) {
		libc_linked &= ~(1u << libc_depth);
		stack_unsplit(task_current->top);
	}
	if (--libc_depth)
		return;
	if (IS_ENABLED(CONFIG_STACK_CANARY) &&
	    *(uint32_t *)libc_stack != STACK_CANARY_WORD)
		panic("libc_leave", "canary overwritten below the C library "
		      "stack at", (uintptr_t)libc_stack);
	arch_set_stack_limit(libc_saved_limit);
	libc_owner = NULL;
	libc_wake_next();
}

/* Free the shared stack if task ends while on it (a fault in printf). */
void libc_release(struct task *task)
{
	if (libc_owner != task)
		return;
	libc_owner = NULL;
	libc_depth = 0;
	libc_linked = 0;
	libc_wake_next();
}

/*
 * After a longjmp to sp that stays inside the C library, forget the
 * nested entries made after the matching setjmp: those entered from the
 * shared stack below sp, or from a segment the jump gave back.
 */
__nosplit void libc_unwind(uintptr_t sp)
{
	while (libc_depth > 1) {
		uintptr_t entry = libc_entry_sp[libc_depth];
		bool left = libc_stack_contains(entry)
				    ? entry < sp
				    : !stack_holds(task_current, entry);

		if (!left)
			break;
		libc_linked &= ~(1u << libc_depth);
		libc_depth--;
	}
}

/*
 * Give up the shared stack without returning through the stubs, as a
 * longjmp out of a qsort comparator does: restore the task's own limit,
 * then free the stack for the next task.
 */
__nosplit void libc_abandon(struct task *task)
{
	if (libc_owner != task)
		return;
	arch_set_stack_limit(libc_saved_limit);
	libc_release(task);
}

__nosplit bool libc_stack_contains(uintptr_t sp)
{
	return sp > (uintptr_t)libc_stack &&
	       sp <= (uintptr_t)libc_stack + sizeof(libc_stack);
}

/* Variadic shims: clang cannot put the guard check on a variadic
 * function, so each is a thin no-check function that hands a va_list to
 * the wrapped v-function. */
int __wrap_vprintf(const char *fmt, va_list ap);
int __wrap_vfprintf(FILE *fp, const char *fmt, va_list ap);
int __wrap_vsprintf(char *buf, const char *fmt, va_list ap);
int __wrap_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int __wrap_vsscanf(const char *str, const char *fmt, va_list ap);
int __wrap_vdprintf(int fd, const char *fmt, va_list ap);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_viprintf(const char *fmt, va_list ap);
int __wrap_vfiprintf(FILE *fp, const char *fmt, va_list ap);
int __wrap_vsiprintf(char *buf, const char *fmt, va_list ap);
int __wrap_vsniprintf(char *buf, size_t n, const char *fmt, va_list ap);
int __wrap_vscanf(const char *fmt, va_list ap);
int __wrap_vfscanf(FILE *fp, const char *fmt, va_list ap);
int __wrap_vsiscanf(const char *str, const char *fmt, va_list ap);
int __wrap_vswprintf(wchar_t *buf, size_t n, const wchar_t *fmt,
		     va_list ap);

/* A shim: start the va_list after last and return call's result. */
#define VA_SHIM(last, call)                                               \
	do {                                                              \
		va_list ap;                                               \
		int ret;                                                  \
									  \
		va_start(ap, last);                                       \
		ret = call;                                               \
		va_end(ap);                                               \
		return ret;                                               \
	} while (0)

__nosplit int __wrap_printf(const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vprintf(fmt, ap));
}

__nosplit int __wrap_fprintf(FILE *fp, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vfprintf(fp, fmt, ap));
}

__nosplit int __wrap_sprintf(char *buf, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsprintf(buf, fmt, ap));
}

__nosplit int __wrap_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsnprintf(buf, n, fmt, ap));
}

__nosplit int __wrap_sscanf(const char *str, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsscanf(str, fmt, ap));
}

__nosplit int __wrap_dprintf(int fd, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vdprintf(fd, fmt, ap));
}

__nosplit int __wrap_asprintf(char **out, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vasprintf(out, fmt, ap));
}

__nosplit int __wrap_iprintf(const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_viprintf(fmt, ap));
}

__nosplit int __wrap_fiprintf(FILE *fp, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vfiprintf(fp, fmt, ap));
}

__nosplit int __wrap_siprintf(char *buf, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsiprintf(buf, fmt, ap));
}

__nosplit int __wrap_sniprintf(char *buf, size_t n, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsniprintf(buf, n, fmt, ap));
}

__nosplit int __wrap_scanf(const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vscanf(fmt, ap));
}

__nosplit int __wrap_fscanf(FILE *fp, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vfscanf(fp, fmt, ap));
}

__nosplit int __wrap_siscanf(const char *str, const char *fmt, ...)
{
	VA_SHIM(fmt, __wrap_vsiscanf(str, fmt, ap));
}

__nosplit int __wrap_swprintf(wchar_t *buf, size_t n, const wchar_t *fmt,
			      ...)
{
	VA_SHIM(fmt, __wrap_vswprintf(buf, n, fmt, ap));
}

/* System calls newlib makes. Only the console exists: fd 0 reads it,
 * fds 1 and 2 write it. */

int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, (size_t)len);
	return len;
}

int _read(int fd, char *buf, int len)
{
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	return console_read(buf, (size_t)len);
}

/* Grow the heap inside its fixed region, and fail with ENOMEM past it. */
void *_sbrk(ptrdiff_t incr)
{
	void *old = heap + heap_used;

	if (incr < 0 || (size_t)incr > sizeof(heap) - heap_used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_used += (size_t)incr;
	return old;
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

int _lseek(int fd, int offset, int whence)
{
	(void)fd;
	(void)offset;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

/* exit() ends the whole program, as it does on a hosted system. */
void _exit(int status)
{
	console_flush();
	arch_exit(status);
}

static _Noreturn void stop_with_message(const char *what, const char *detail)
{
	if (arch_in_isr() || task_current == &task_idle)
		panic(what, detail, 0);
	console_puts("task ");
	console_puts(task_current->name);
	console_puts(": ");
	console_puts(what);
	console_puts(detail);
	console_puts("\n");
	task_stop(-ECANCELED);
}

/* assert() failed: stop the calling task, not the kernel. */
void __assert_func(const char *file, int line, const char *func,
		   const char *expr)
{
	if (arch_in_isr() || task_current == &task_idle)
		panic(func, expr, (uintptr_t)line);
	console_puts("task ");
	console_puts(task_current->name);
	console_puts(": assertion failed: ");
	console_puts(expr);
	console_puts(" (");
	console_puts(file);
	console_puts(":");
	console_put_dec(line);
	console_puts(")\n");
	task_stop(-ECANCELED);
}

void abort(void)
{
	stop_with_message("abort", "()");
}
