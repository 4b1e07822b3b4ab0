/*
 * Do task_spawn(), task_join(), task_detach() and task_name() reject bad
 * input and impossible requests with the documented errors, leaving the
 * TCB, segment and defer pools exactly as they were?
 *
 * The pool has 16 segments (prj.conf) and 8 TCBs, main included, so the
 * test can run out of TCBs with segments to spare and out of segments
 * with TCBs to spare.
 */
#include <autoconf.h>
#include <errno.h>
#include <segue.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define FRAME_BYTES 1100
#define DEEP_LEVELS 5

struct pools {
	size_t tasks_free;
	size_t segments_free;
	size_t defers_free;
};

static void read_pools(struct pools *out)
{
	struct task_pool_stats tasks;
	struct stack_pool_stats stack;

	task_pool_stats(&tasks);
	stack_pool_stats(&stack);
	out->tasks_free = tasks.tasks_free;
	out->segments_free = stack.segments_free;
	out->defers_free = tasks.defers_free;
}

static void check_pools_unchanged(const struct pools *before)
{
	struct pools now;

	read_pools(&now);
	CHECK_EQ(now.tasks_free, before->tasks_free);
	CHECK_EQ(now.segments_free, before->segments_free);
	CHECK_EQ(now.defers_free, before->defers_free);
}

static volatile int release;
static volatile int parked;
static volatile int finished;

static void nothing(void *arg)
{
	(void)arg;
}

/* Wait for main's release, then exit with the argument as status. */
static void park(void *arg)
{
	parked++;
	while (!release)
		task_yield();
	finished++;
	task_exit((int)(intptr_t)arg);
}

/* Hold DEEP_LEVELS segments (one 1100-byte frame each), then park. */
static __attribute__((noinline)) int park_deep(int level)
{
	volatile char frame[FRAME_BYTES];

	memset((char *)frame, level, sizeof(frame));
	if (level < DEEP_LEVELS)
		return park_deep(level + 1) + frame[0];
	park(NULL);
	return frame[0];
}

static void park_deep_entry(void *arg)
{
	(void)arg;
	park_deep(1);
}

static struct task *join_target;
static int join_result;

static void join_target_task(void *arg)
{
	(void)arg;
	join_result = task_join(join_target);
}

static void wait_parked(int count)
{
	while (parked < count)
		task_yield();
}

static void release_and_wait(int count)
{
	release = 1;
	while (finished < count)
		task_yield();
}

static void reset_park(void)
{
	release = 0;
	parked = 0;
	finished = 0;
}

static void spawn_errors(void)
{
	char name[CONFIG_TASK_NAME_MAX + 2];
	struct pools before;
	struct task *t;

	read_pools(&before);

	errno = 0;
	CHECK(task_spawn("no-entry", NULL, NULL) == NULL);
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK(task_spawn(NULL, nothing, NULL) == NULL);
	CHECK_EQ(errno, EINVAL);

	memset(name, 'n', CONFIG_TASK_NAME_MAX + 1);
	name[CONFIG_TASK_NAME_MAX + 1] = '\0';
	errno = 0;
	CHECK(task_spawn(name, nothing, NULL) == NULL);
	CHECK_EQ(errno, ENAMETOOLONG);
	check_pools_unchanged(&before);

	name[CONFIG_TASK_NAME_MAX] = '\0';
	t = task_spawn(name, nothing, NULL);
	CHECK(t != NULL);
	CHECK_EQ(strlen(task_name(t)), CONFIG_TASK_NAME_MAX);
	CHECK_EQ(strcmp(task_name(t), name), 0);
	CHECK_EQ(task_join(t), 0);
	check_pools_unchanged(&before);

	CHECK_EQ(strcmp(task_name(NULL), "?"), 0);
}

static void join_errors(void)
{
	static int not_a_task;
	struct pools before;
	struct task *t;

	read_pools(&before);
	CHECK_EQ(task_join(task_self()), -EDEADLK);
	CHECK_EQ(task_join(NULL), -EINVAL);
	CHECK_EQ(task_join((struct task *)&not_a_task), -EINVAL);
	CHECK_EQ(task_detach(NULL), -EINVAL);
	CHECK_EQ(task_detach((struct task *)&not_a_task), -EINVAL);

	/* A second join finds the TCB free again. */
	t = task_spawn("twice", park, (void *)3);
	CHECK(t != NULL);
	reset_park();
	release = 1;
	CHECK_EQ(task_join(t), 3);
	CHECK_EQ(task_join(t), -EINVAL);
	CHECK_EQ(task_detach(t), -EINVAL);
	check_pools_unchanged(&before);

	/* A detached task cannot be joined or detached again. */
	reset_park();
	t = task_spawn("detached", park, (void *)4);
	CHECK(t != NULL);
	CHECK_EQ(task_detach(t), 0);
	CHECK_EQ(task_detach(t), -EINVAL);
	CHECK_EQ(task_join(t), -EINVAL);
	wait_parked(1);
	CHECK_EQ(task_join(t), -EINVAL);
	release_and_wait(1);
	check_pools_unchanged(&before);

	/* One joiner at a time, and a task being joined cannot be
	 * detached. */
	reset_park();
	join_result = 1;
	join_target = task_spawn("target", park, (void *)21);
	CHECK(join_target != NULL);
	t = task_spawn("joiner", join_target_task, NULL);
	CHECK(t != NULL);
	wait_parked(1);
	task_yield();
	CHECK_EQ(join_result, 1);
	CHECK_EQ(task_join(join_target), -EBUSY);
	CHECK_EQ(task_detach(join_target), -EINVAL);
	release = 1;
	CHECK_EQ(task_join(t), 0);
	CHECK_EQ(join_result, 21);
	check_pools_unchanged(&before);
}

static void tcbs_exhausted(void)
{
	struct task *tasks[CONFIG_MAX_TASKS];
	int count = 0;
	struct pools before, full;
	struct task *t;

	read_pools(&before);
	CHECK_EQ(before.tasks_free, CONFIG_MAX_TASKS - 1);
	reset_park();
	for (int i = 0; i < CONFIG_MAX_TASKS - 1; i++) {
		tasks[i] = task_spawn("parked", park, (void *)(intptr_t)i);
		CHECK(tasks[i] != NULL);
		if (tasks[i])
			count++;
	}
	wait_parked(count);
	read_pools(&full);
	CHECK_EQ(full.tasks_free, 0);
	CHECK_EQ(full.segments_free, before.segments_free - count);

	errno = 0;
	t = task_spawn("one-too-many", nothing, NULL);
	CHECK(t == NULL);
	CHECK_EQ(errno, EAGAIN);
	check_pools_unchanged(&full);

	/* Exited tasks keep their TCBs until joined. */
	release_and_wait(count);
	read_pools(&full);
	CHECK_EQ(full.tasks_free, 0);
	CHECK_EQ(full.segments_free, before.segments_free);
	errno = 0;
	t = task_spawn("one-too-many", nothing, NULL);
	CHECK(t == NULL);
	CHECK_EQ(errno, EAGAIN);
	check_pools_unchanged(&full);

	for (int i = 0; i < count; i++)
		CHECK_EQ(task_join(tasks[i]), i);
	check_pools_unchanged(&before);

	/* Detaching a task that already exited frees its TCB at once. */
	reset_park();
	release = 1;
	t = task_spawn("late-detach", park, NULL);
	CHECK(t != NULL);
	release_and_wait(1);
	read_pools(&full);
	CHECK_EQ(full.tasks_free, before.tasks_free - 1);
	CHECK_EQ(task_detach(t), 0);
	check_pools_unchanged(&before);
}

static void segments_exhausted(void)
{
	struct task *tasks[3];
	struct pools before, full;
	struct stack_pool_stats stack;
	struct task *t;

	read_pools(&before);
	stack_pool_stats(&stack);
	/* Main uses one segment, and three tasks use five each. */
	CHECK_EQ(stack.segments_total, 1 + 3 * DEEP_LEVELS);
	reset_park();
	for (int i = 0; i < 3; i++) {
		tasks[i] = task_spawn("deep", park_deep_entry, NULL);
		CHECK(tasks[i] != NULL);
	}
	wait_parked(3);
	read_pools(&full);
	CHECK_EQ(full.segments_free, 0);
	CHECK_EQ(full.tasks_free, before.tasks_free - 3);

	errno = 0;
	t = task_spawn("no-stack", nothing, NULL);
	CHECK(t == NULL);
	CHECK_EQ(errno, ENOMEM);
	check_pools_unchanged(&full);

	release_and_wait(3);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(task_join(tasks[i]), 0);
	check_pools_unchanged(&before);
}

int main(void)
{
	spawn_errors();
	join_errors();
	tcbs_exhausted();
	segments_exhausted();
	return check_done();
}
