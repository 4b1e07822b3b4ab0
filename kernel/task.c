/*
 * Tasks: the TCB pool, defers, exit, join and detach.
 *
 * A task's life: task_spawn() takes a TCB from the free list and one
 * segment from the pool. It runs until its entry returns or it calls
 * task_exit(); the kernel may also stop it (pool exhaustion, a fault, a
 * failed assertion). Exit runs the defers on the task's own stack, last
 * registered first. Then the task switches to the idle task for good, and
 * task_reap() there gives every segment back to the pool. Only then does
 * the TCB go back on the free list (detached tasks) or wait, holding the
 * exit status, for task_join().
 */
#include <errno.h>
#include <string.h>

#include "kernel.h"

static struct task tasks[CONFIG_MAX_TASKS];
static struct task *task_free_list;
static size_t tasks_free;

static struct defer defers[CONFIG_DEFER_RECORDS];
static struct defer *defer_free_list;
static size_t defers_free;

#if CONFIG_TASK_NAME_MAX == 15 && UINTPTR_MAX == 0xffffffffu
_Static_assert(sizeof(struct task) <= 64,
	       "a TCB must fit in 64 bytes on 32-bit ports");
#endif

static void tcb_put(struct task *task)
{
	unsigned key;

	KASSERT(task->top == NULL && task->segments == 0,
		"TCB freed while holding segments", task->segments);
	KASSERT(task->defers == NULL, "TCB freed with defers",
		(uintptr_t)task->defers);
	key = arch_irq_lock();
	task->state = TASK_FREE;
	task->next = task_free_list;
	task_free_list = task;
	tasks_free++;
	arch_irq_unlock(key);
}

void task_pool_init(void)
{
	task_free_list = NULL;
	tasks_free = 0;
	for (size_t i = ARRAY_SIZE(tasks); i-- > 0;)
		tcb_put(&tasks[i]);
	defer_free_list = NULL;
	for (size_t i = ARRAY_SIZE(defers); i-- > 0;) {
		defers[i].next = defer_free_list;
		defer_free_list = &defers[i];
	}
	defers_free = ARRAY_SIZE(defers);
}

bool task_is_valid(const struct task *task)
{
	uintptr_t p = (uintptr_t)task;
	uintptr_t first = (uintptr_t)&tasks[0];

	if (p < first || p > (uintptr_t)&tasks[ARRAY_SIZE(tasks) - 1])
		return false;
	return (p - first) % sizeof(struct task) == 0;
}

/*
 * Return the TCB in use after prev, or the first one for NULL; NULL at
 * the end. No guard check: the pool calls it from the guard zone.
 */
__nosplit struct task *task_next(struct task *prev)
{
	struct task *t = prev ? prev + 1 : &tasks[0];

	for (; t < &tasks[ARRAY_SIZE(tasks)]; t++)
		if (t->state != TASK_FREE)
			return t;
	return NULL;
}

static struct task *spawn_error(int err)
{
	errno = err;
	return NULL;
}

struct task *task_spawn(const char *name, void (*entry)(void *arg),
			void *arg)
{
	struct task *task;
	size_t len;
	unsigned key;

	if (!entry || !name)
		return spawn_error(EINVAL);
	len = strnlen(name, CONFIG_TASK_NAME_MAX + 1);
	if (len > CONFIG_TASK_NAME_MAX)
		return spawn_error(ENAMETOOLONG);

	key = arch_irq_lock();
	task = task_free_list;
	if (task) {
		task_free_list = task->next;
		tasks_free--;
	}
	arch_irq_unlock(key);
	if (!task)
		return spawn_error(EAGAIN);

	memset(task, 0, sizeof(*task));
	memcpy(task->name, name, len + 1);
	if (!stack_first_alloc(task)) {
		tcb_put(task);
		return spawn_error(ENOMEM);
	}
	task->stack_limit = task->top->base + CONFIG_STACK_GUARD_SIZE;
	arch_task_init(task, (uintptr_t)task->top & ~(uintptr_t)7, entry,
		       arg);
	sched_ready(task);
	return task;
}

struct task *task_self(void)
{
	return task_current;
}

const char *task_name(const struct task *task)
{
	return task ? task->name : "?";
}

int task_defer(void (*fn)(void *arg), void *arg)
{
	struct task *self = task_current;
	struct defer *d = defer_free_list;

	if (!fn)
		return -EINVAL;
	if (!d)
		return -ENOMEM;
	defer_free_list = d->next;
	defers_free--;
	d->fn = fn;
	d->arg = arg;
	d->next = self->defers;
	self->defers = d;
	return 0;
}

static void defer_put(struct defer *d)
{
	d->next = defer_free_list;
	defer_free_list = d;
	defers_free++;
}

/*
 * Run the defers, last registered first. Each record is unlinked and
 * freed before its call, so a defer that calls task_exit() starts this
 * loop again one level deeper and no record runs twice.
 */
static _Noreturn void task_finish(struct task *self)
{
	struct defer *d;

	self->flags |= TASK_EXITING;
	while ((d = self->defers) != NULL) {
		void (*fn)(void *) = d->fn;
		void *arg = d->arg;

		self->defers = d->next;
		defer_put(d);
		fn(arg);
	}
	if (self->flags & TASK_MAIN) {
		console_flush();
		arch_exit(self->status);
	}
	sched_exit();
}

void task_exit(int status)
{
	struct task *self = task_current;

	if (!(self->flags & TASK_STOPPED))
		self->status = status & 0xff;
	task_finish(self);
}

/* Stop the calling task with a negative status that defers cannot
 * change. */
void task_stop(int status)
{
	struct task *self = task_current;

	self->status = status;
	self->flags |= TASK_STOPPED;
	task_finish(self);
}

/*
 * Entry on a reserve segment for a task the kernel stops: print why, then
 * run the defers. info is the bytes requested for -ENOMEM.
 */
void task_stopped(int status, uint32_t info)
{
	struct task *self = task_current;

	/* The task may have stopped inside newlib; its defers need the
	 * shared stack free again. */
	libc_release(self);
	if (status == -ENOMEM) {
		console_puts("task ");
		console_puts(self->name);
		console_puts(": stack pool exhausted (needed ");
		console_put_dec((long)info);
		console_puts(" bytes)\n");
	}
	task_stop(status);
}

/*
 * End task at once, without its defers, when there is no stack left to
 * run them on. Runs in the guard zone, so it calls only code without the
 * check.
 */
__nosplit void task_abandon(struct task *task, int status)
{
	struct defer *d;

	console_puts("task ");
	console_puts(task->name);
	console_puts(": no stack left to run defers; skipped:");
	while ((d = task->defers) != NULL) {
		task->defers = d->next;
		console_puts(" ");
		console_put_hex((uintptr_t)d->fn);
		defer_put(d);
	}
	console_puts("\n");
	if (!(task->flags & TASK_STOPPED))
		task->status = status;
	task->flags |= TASK_STOPPED | TASK_EXITING;
	if (task->flags & TASK_MAIN) {
		console_flush();
		arch_exit(task->status);
	}
	sched_exit();
}

/* First code of every task, called by the port's start-up frame. */
void task_main(void (*entry)(void *), void *arg)
{
	entry(arg);
	task_exit(0);
}

/*
 * Called on the idle task's stack once task has switched away for the
 * last time: free its stack, then its TCB or wake its joiner.
 */
/* Check every pool count against what the live tasks hold. */
static void pools_audit(void)
{
	size_t held = 0;
	size_t defers_held = 0;
	size_t tcbs_used = 0;

	for (size_t i = 0; i < ARRAY_SIZE(tasks); i++) {
		const struct task *t = &tasks[i];

		if (t->state == TASK_FREE)
			continue;
		tcbs_used++;
		held += stack_pool_segments_held(t);
		for (const struct defer *d = t->defers; d; d = d->next)
			defers_held++;
	}
	stack_pool_audit(held);
	if (tcbs_used + tasks_free != ARRAY_SIZE(tasks))
		panic("pools_audit", "TCBs in use plus free is not the pool "
		      "size, free", tasks_free);
	if (defers_held + defers_free != ARRAY_SIZE(defers))
		panic("pools_audit", "defer records held plus free is not the "
		      "pool size, free", defers_free);
}

void task_reap(struct task *task)
{
	libc_release(task);
	stack_release_all(task);
	if (IS_ENABLED(CONFIG_ASSERT))
		pools_audit();
	if (task->flags & TASK_DETACHED) {
		tcb_put(task);
		return;
	}
	task->state = TASK_EXITED;
	if (task->joiner) {
		sched_ready(task->joiner);
		task->joiner = NULL;
	}
}

int task_join(struct task *task)
{
	struct task *self = task_current;
	int status;

	if (task == self)
		return -EDEADLK;
	if (!task_is_valid(task) || task->state == TASK_FREE ||
	    (task->flags & TASK_DETACHED))
		return -EINVAL;
	if (task->joiner)
		return -EBUSY;
	if (task->state != TASK_EXITED) {
		task->joiner = self;
		sched_block();
	}
	KASSERT(task->state == TASK_EXITED, "joined task not exited",
		task->state);
	status = task->status;
	tcb_put(task);
	return status;
}

int task_detach(struct task *task)
{
	if (!task_is_valid(task) || task->state == TASK_FREE ||
	    (task->flags & TASK_DETACHED) || task->joiner)
		return -EINVAL;
	if (task->state == TASK_EXITED) {
		tcb_put(task);
		return 0;
	}
	task->flags |= TASK_DETACHED;
	return 0;
}

void task_pool_stats(struct task_pool_stats *out)
{
	unsigned key = arch_irq_lock();

	out->tasks_total = ARRAY_SIZE(tasks);
	out->tasks_free = tasks_free;
	out->defers_total = ARRAY_SIZE(defers);
	out->defers_free = defers_free;
	arch_irq_unlock(key);
}

extern int main(void);

static void main_entry(void *arg)
{
	(void)arg;
	task_exit(main());
}

/* Spawn main as the first task. */
void task_main_start(void)
{
	struct task *task = task_spawn("main", main_entry, NULL);

	if (!task)
		panic("task_main_start", "cannot spawn main, errno", errno);
	task->flags |= TASK_MAIN;
}
