/*
 * Segmented stacks.
 *
 * A task's stack is a chain of segments taken from one fixed pool. Every
 * function built for task context starts with a check the compiler
 * inserts (-fsplit-stack): it compares SP, or SP minus the frame size for
 * frames of 256 bytes and more, with the stack limit, and calls
 * __morestack when the frame would not fit. The port's __morestack calls
 * stack_link(), which links a new run of segments. The port then copies
 * the caller's stack arguments onto it and runs the function body there.
 * When the body returns, the port calls stack_unsplit() from the outer
 * stack, which gives the run back.
 *
 * Layout of one run of segments (addresses grow upwards):
 *
 *	base + n * SEG_SIZE -> +------------------------+
 *	                       | struct stack_top       |  6 words
 *	                       +------------------------+
 *	                       | copied stack arguments |  8-byte aligned
 *	                       +------------------------+ <- body's SP
 *	                       | frames ...             |
 *	base + GUARD (limit)-> +------------------------+
 *	                       | guard zone             |
 *	base                -> | canary word            |
 *
 * The guard zone exists because the check of a frame under 256 bytes
 * only compares SP itself: such a function may use its whole frame below
 * the limit, then call code without checks (libc's string functions,
 * this file's own helpers) and take an exception frame on top of that.
 * NOTE: nothing checks at build time that an application's own code
 * without the check (SEGUE_VARIADIC shims, no_split_stack functions
 * calling each other) fits in the guard zone; only the kernel's own worst
 * case is measured, in docs/design.md.
 *
 * The pool is a free list threaded through the free segments plus a
 * bitmap, which finds runs of contiguous segments for frames larger than
 * one segment. When a single segment comes back, its task keeps it as its
 * cache for the next split instead (it still counts as in use), so a
 * loop that calls across a segment boundary does not go through the pool
 * each time; the port's __morestack takes and returns the cache on its
 * own fast path. The pool takes the caches back before it reports
 * exhaustion. A task stopped by pool exhaustion or a fault runs its
 * defers on a reserve segment that is not in the pool.
 *
 * Everything called from stack_link() and stack_unsplit() runs in the
 * guard zone, so it carries no check (__nosplit) and calls only code
 * that carries none.
 */
#include <errno.h>
#include <string.h>

#include "kernel.h"

#define SEG_SIZE CONFIG_STACK_SEGMENT_SIZE
#define SEG_COUNT CONFIG_STACK_SEGMENTS
#define GUARD CONFIG_STACK_GUARD_SIZE
#define RESERVE_COUNT CONFIG_STACK_RESERVE_SEGMENTS

#define STACK_POISON_WORD 0xdeadbeefu

_Static_assert((SEG_SIZE & (SEG_SIZE - 1)) == 0,
	       "CONFIG_STACK_SEGMENT_SIZE must be a power of two");
_Static_assert(SEG_SIZE >= 512 && SEG_SIZE <= 65536,
	       "CONFIG_STACK_SEGMENT_SIZE must be 512 to 65536 bytes");
_Static_assert(GUARD + sizeof(struct stack_top) + 256 <= SEG_SIZE,
	       "CONFIG_STACK_GUARD_SIZE leaves less than 256 bytes of a "
	       "segment for frames: raise the segment size");
_Static_assert(sizeof(struct stack_top) == 6 * sizeof(uintptr_t),
	       "__morestack and the record layout comment assume 6 words");

/* Threaded through the words above the canary of every free segment. */
struct free_segment {
	uint32_t canary;
	struct free_segment *next;
	struct free_segment *prev;
};

static uint8_t pool[SEG_COUNT][SEG_SIZE]
	__attribute__((aligned(8), section(".noinit.stack_pool")));
static uint8_t reserve[RESERVE_COUNT][SEG_SIZE]
	__attribute__((aligned(8), section(".noinit.stack_pool")));
static struct task *reserve_owner[RESERVE_COUNT];

static struct free_segment *free_head;
static uint32_t used_map[(SEG_COUNT + 31) / 32];
static size_t free_count;
static size_t min_free;

static __nosplit size_t segment_index(const void *seg)
{
	return (size_t)((const uint8_t *)seg - pool[0]) / SEG_SIZE;
}

static __nosplit bool segment_used(size_t i)
{
	return used_map[i / 32] & (1u << (i % 32));
}

static __nosplit void segment_unlink(struct free_segment *seg)
{
	size_t i = segment_index(seg);

	if (seg->prev)
		seg->prev->next = seg->next;
	else
		free_head = seg->next;
	if (seg->next)
		seg->next->prev = seg->prev;
	used_map[i / 32] |= 1u << (i % 32);
	seg->canary = STACK_CANARY_WORD;
	free_count--;
	if (free_count < min_free)
		min_free = free_count;
}

static __nosplit void segment_put(uint8_t *base)
{
	struct free_segment *seg = (struct free_segment *)base;
	size_t i = segment_index(base);

	if (IS_ENABLED(CONFIG_STACK_POISON)) {
		uint32_t *w = (uint32_t *)base;

		for (size_t k = 0; k < SEG_SIZE / 4; k++)
			w[k] = STACK_POISON_WORD;
	}
	used_map[i / 32] &= ~(1u << (i % 32));
	seg->prev = NULL;
	seg->next = free_head;
	if (free_head)
		free_head->prev = seg;
	free_head = seg;
	free_count++;
}

/* Find n contiguous free segments, lowest address first. */
static __nosplit uint8_t *run_alloc(size_t n)
{
	size_t start = 0;
	size_t len = 0;

	if (n == 1) {
		struct free_segment *seg = free_head;

		if (!seg)
			return NULL;
		segment_unlink(seg);
		return (uint8_t *)seg;
	}
	for (size_t i = 0; i < SEG_COUNT; i++) {
		if (segment_used(i)) {
			len = 0;
			continue;
		}
		if (len++ == 0)
			start = i;
		if (len == n) {
			for (size_t k = start; k < start + n; k++)
				segment_unlink((struct free_segment *)pool[k]);
			return pool[start];
		}
	}
	return NULL;
}

static __nosplit void canary_check(const uint8_t *base)
{
	if (IS_ENABLED(CONFIG_STACK_CANARY) && *(const uint32_t *)base != STACK_CANARY_WORD)
		panic("stack", "canary overwritten below segment at",
		      (uintptr_t)base);
}

/* Give back the run a record describes; not the one SP is on. */
static __nosplit void run_free(struct stack_top *rec)
{
	uint8_t *base = (uint8_t *)rec->base;

	canary_check(base);
	if (rec->flags & STACK_TOP_RESERVE) {
		size_t i = (size_t)(base - reserve[0]) / SEG_SIZE;

		reserve_owner[i] = NULL;
		return;
	}
	for (size_t k = 0; k < rec->segments; k++)
		segment_put(base + k * SEG_SIZE);
}

static __nosplit struct stack_top *record_init(struct task *task,
					       uint8_t *base, size_t n)
{
	struct stack_top *rec =
		(struct stack_top *)(base + n * SEG_SIZE) - 1;

	rec->prev = task->top;
	rec->old_sp = 0;
	rec->ret = 0;
	rec->old_limit = 0;
	rec->args_size = 0;
	rec->segments = (uint8_t)n;
	rec->flags = 0;
	rec->base = (uintptr_t)base;
	task->top = rec;
	task->segments += n;
	return rec;
}

void stack_pool_init(void)
{
	free_head = NULL;
	free_count = 0;
	for (size_t i = SEG_COUNT; i-- > 0;)
		segment_put(pool[i]);
	memset(used_map, 0, sizeof(used_map));
	min_free = free_count;
	for (size_t i = 0; i < RESERVE_COUNT; i++) {
		reserve_owner[i] = NULL;
		*(uint32_t *)reserve[i] = STACK_CANARY_WORD;
	}
}

/*
 * Give every task's cached segment back to the pool, and return how many.
 * A cache is free memory kept for speed, so the pool reclaims it before it
 * reports exhaustion to any task.
 */
static __nosplit size_t caches_reclaim(void)
{
	size_t n = 0;

	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		if (t->cache) {
			segment_put(t->cache);
			t->cache = NULL;
			n++;
		}
	}
	return n;
}

/* Take a run of n pool segments, reclaiming caches if the pool is short. */
static __nosplit uint8_t *run_take(size_t n)
{
	uint8_t *base = NULL;

	if (n > SEG_COUNT || n > 255)
		return NULL;
	base = run_alloc(n);
	if (!base && caches_reclaim())
		base = run_alloc(n);
	return base;
}

struct stack_top *stack_first_alloc(struct task *task)
{
	uint8_t *base = run_take(1);

	if (!base)
		return NULL;
	return record_init(task, base, 1);
}

/* Return every run of task's chain; called on another stack. */
void stack_release_all(struct task *task)
{
	struct stack_top *rec = task->top;

	while (rec) {
		struct stack_top *prev = rec->prev;

		task->segments -= rec->segments;
		run_free(rec);
		rec = prev;
	}
	task->top = NULL;
	if (task->cache) {
		segment_put(task->cache);
		task->cache = NULL;
	}
	KASSERT(task->segments == 0, "segment count after release",
		task->segments);
}

/*
 * Link a reserve segment for task, which the kernel is stopping, and
 * return in *sp the top of its free area. Fails if task already has a
 * reserve segment or none is free.
 */
__nosplit bool stack_reserve_take(struct task *task, uintptr_t *sp)
{
	for (size_t i = 0; i < RESERVE_COUNT; i++)
		if (reserve_owner[i] == task)
			return false;
	for (size_t i = 0; i < RESERVE_COUNT; i++) {
		struct stack_top *rec;

		if (reserve_owner[i])
			continue;
		reserve_owner[i] = task;
		rec = record_init(task, reserve[i], 1);
		rec->flags = STACK_TOP_RESERVE;
		*sp = (uintptr_t)rec & ~(uintptr_t)7;
		arch_set_stack_limit((uintptr_t)reserve[i] + GUARD);
		return true;
	}
	return false;
}

/* Return the pool segments task holds: its chain (reserve segments
 * excluded) and its cache. */
size_t stack_pool_segments_held(const struct task *task)
{
	size_t held = 0;

	for (const struct stack_top *rec = task->top; rec; rec = rec->prev)
		if (!(rec->flags & STACK_TOP_RESERVE))
			held += rec->segments;
	return held + (task->cache != NULL);
}

/* Panic unless the free count plus what tasks hold is the whole pool. */
void stack_pool_audit(size_t held)
{
	if (held + free_count != SEG_COUNT)
		panic("stack_pool_audit", "segments held plus free is not the "
		      "pool size, held", held);
}

/* Segments needed for bytes of frames plus the guard zone and record. */
static __nosplit size_t run_length(size_t bytes)
{
	size_t need = bytes + GUARD + sizeof(struct stack_top) + 8;

	return (need + SEG_SIZE - 1) / SEG_SIZE;
}

/*
 * Link a run of segments with room for bytes above its limit (the frame,
 * the copied stack arguments and what the port's __morestack keeps there)
 * and record the outer stack in it. Called by the port's __morestack
 * with SP in the guard zone; the port then copies the arguments below
 * the record, moves SP there and sets the limit to base + guard zone.
 *
 * Returns the record, or NULL when the pool cannot supply the run: the
 * port then calls stack_exhausted().
 */
__nosplit struct stack_top *stack_link(size_t bytes, uintptr_t old_sp,
				       uintptr_t ret, size_t args_size)
{
	struct task *task = task_current;
	size_t n = run_length(bytes);
	uint8_t *base = NULL;
	struct stack_top *rec;

	if (arch_in_isr())
		panic("__morestack", "interrupt stack overflow, vector",
		      arch_isr_vector());
	if (task == &task_idle)
		panic("__morestack", "idle stack overflow, SP", old_sp);
	if (n == 1 && task->cache) {
		base = task->cache;
		task->cache = NULL;
		*(uint32_t *)base = STACK_CANARY_WORD;
	} else {
		base = run_take(n);
	}
	if (!base)
		return NULL;
	rec = record_init(task, base, n);
	rec->old_sp = old_sp;
	rec->ret = ret;
	rec->old_limit = arch_stack_limit();
	rec->args_size = (uint16_t)args_size;
	return rec;
}

/*
 * Stop the current task because the pool cannot supply bytes: link a
 * reserve segment, set its limit and return the top of its free area,
 * where the port starts task_stopped(-ENOMEM, bytes). Without a reserve
 * segment the task ends here, without its defers.
 */
__nosplit uintptr_t stack_exhausted(size_t bytes)
{
	struct task *task = task_current;
	uintptr_t top;

	task->stop_info = bytes;
	if (!stack_reserve_take(task, &top))
		task_abandon(task, -ENOMEM);
	return top;
}

/*
 * Called by the port's __morestack return path with SP back on the outer
 * stack: unlink the innermost record, restore the outer limit and give the
 * run back.
 */
__nosplit void stack_unsplit(struct stack_top *rec)
{
	struct task *task = task_current;

	task->top = rec->prev;
	task->segments -= rec->segments;
	arch_set_stack_limit(rec->old_limit);
	if (IS_ENABLED(CONFIG_STACK_CACHE) && rec->segments == 1 &&
	    !task->cache && !(rec->flags & STACK_TOP_RESERVE)) {
		canary_check((const uint8_t *)rec->base);
		task->cache = (uint8_t *)rec->base;
		return;
	}
	run_free(rec);
}

static __nosplit bool run_contains(const struct stack_top *rec, uintptr_t sp)
{
	return sp >= rec->base && sp < (uintptr_t)rec;
}

static __nosplit void record_drop(struct task *task, struct stack_top *rec)
{
	task->top = rec->prev;
	task->segments -= rec->segments;
	arch_set_stack_limit(rec->old_limit);
	run_free(rec);
}

/* Return whether a run of task's chain contains sp. */
__nosplit bool stack_holds(const struct task *task, uintptr_t sp)
{
	for (const struct stack_top *rec = task->top; rec; rec = rec->prev)
		if (run_contains(rec, sp))
			return true;
	return false;
}

/*
 * Give back every run that a longjmp to sp leaves, and restore the limit
 * of the stack sp is on. Called with SP already at sp.
 *
 * The shared C library stack is not in the chain. The runs linked while
 * the task was in the C library (a deep qsort comparator) sit above the
 * lowest record whose outer SP lies on that stack, and come first. A
 * target below them, on the task's own stack, gives the C library stack
 * up as libc_leave() would.
 */
__nosplit void stack_unwind_to(uintptr_t sp)
{
	struct task *task = task_current;
	struct stack_top *lowest = NULL;
	struct stack_top *rec;

	for (rec = task->top; rec; rec = rec->prev)
		if (libc_stack_contains(rec->old_sp))
			lowest = rec;
	if (lowest) {
		struct stack_top *below = lowest->prev;

		while ((rec = task->top) != below) {
			if (run_contains(rec, sp)) {
				libc_unwind(sp);
				return;
			}
			record_drop(task, rec);
		}
	}
	if (libc_stack_contains(sp)) {
		libc_unwind(sp);
		return;
	}
	libc_abandon(task);
	while ((rec = task->top) && !run_contains(rec, sp) && rec->prev)
		record_drop(task, rec);
}

void stack_pool_stats(struct stack_pool_stats *out)
{
	unsigned key = arch_irq_lock();

	out->segment_size = SEG_SIZE;
	out->segments_total = SEG_COUNT;
	out->segments_free = free_count;
	out->segments_min_free = min_free;
	arch_irq_unlock(key);
}

size_t task_stack_segments(const struct task *task)
{
	if (!task_is_valid(task) || task->state == TASK_EXITED)
		return 0;
	return task->segments;
}

size_t task_stack_room(void)
{
	uintptr_t sp = arch_sp();
	uintptr_t limit = arch_stack_limit();

	return sp > limit ? sp - limit : 0;
}
