/*
 * calc: evaluate one integer expression per input line, each in a fresh
 * task, and report how many stack segments the evaluation linked.
 *
 * The parser is recursive descent (expr -> term -> unary -> primary) and
 * recurses once per pair of parentheses, so deep nesting grows the worker's
 * stack segment by segment until the kernel's stack pool runs out.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <segue.h>

/* Maximum characters in one input line, not counting the line ending. */
#define LINE_MAX_CHARS	1024

/*
 * Room for a maximal line, a '\r', the '\n' and the NUL. A line that fills
 * the buffer without a '\n' is longer than LINE_MAX_CHARS.
 */
#define LINE_BUF_SIZE	(LINE_MAX_CHARS + 3)

/*
 * Guard against absurd input. A line of LINE_MAX_CHARS cannot open this
 * many parentheses, so in practice the stack pool limits nesting first.
 */
#define NESTING_MAX	100000

/* Largest literal accepted, valid only directly after a minus sign. */
#define LITERAL_MAX	((int64_t)INT32_MAX + 1)

enum calc_status {
	CALC_OK,
	CALC_SYNTAX_ERROR,
	CALC_DIVISION_BY_ZERO,
	CALC_OVERFLOW,
	CALC_TOO_DEEP,
	CALC_DEFER_FAILED,
};

/* Per-line state, shared by main and the worker that evaluates the line. */
struct calc_job {
	const char *text;		/* the line, without its line ending */
	unsigned long line_no;		/* 1-based input line number */
	size_t pos;			/* parse position in text */
	unsigned long depth;		/* parentheses open at pos */
	size_t peak_segments;		/* max task_stack_segments() seen */
	enum calc_status status;
	size_t error_pos;		/* index of the character in error */
	int defer_error;		/* errno value from task_defer */
	int32_t value;			/* result when status is CALC_OK */
};

/*
 * Static so that main's frame stays small, because on the stack it would
 * take pool memory for as long as main runs. Only main writes it, and a
 * worker reads it while main waits in task_join.
 */
static char line_buf[LINE_BUF_SIZE];

/*
 * Record the first error and its position. The parse functions return a
 * dummy 0 after an error, and every caller checks job->status before it
 * uses a value.
 */
static void fail(struct calc_job *job, enum calc_status status)
{
	if (job->status != CALC_OK)
		return;
	job->status = status;
	job->error_pos = job->pos;
}

static void skip_spaces(struct calc_job *job)
{
	char c = job->text[job->pos];

	while (c == ' ' || c == '\t' || c == '\r')
		c = job->text[++job->pos];
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void sample_stack_segments(struct calc_job *job)
{
	size_t segments = task_stack_segments(task_self());

	if (segments > job->peak_segments)
		job->peak_segments = segments;
}

/*
 * Return lhs op rhs. Sets job->status on division by zero or a result
 * outside int32. Kept out of line so its 64-bit temporaries do not widen
 * the frames of the recursive functions.
 */
static __attribute__((noinline)) int32_t
apply_operator(struct calc_job *job, char op, int32_t lhs, int32_t rhs)
{
	int64_t result;

	switch (op) {
	case '+':
		result = (int64_t)lhs + rhs;
		break;
	case '-':
		result = (int64_t)lhs - rhs;
		break;
	case '*':
		result = (int64_t)lhs * rhs;
		break;
	default:
		if (rhs == 0) {
			fail(job, CALC_DIVISION_BY_ZERO);
			return 0;
		}
		/*
		 * INT32_MIN / -1 does not fit in int32, and C leaves both it
		 * and INT32_MIN % -1 undefined.
		 */
		if (lhs == INT32_MIN && rhs == -1) {
			fail(job, CALC_OVERFLOW);
			return 0;
		}
		/* C division and modulo truncate toward zero. */
		result = op == '/' ? lhs / rhs : lhs % rhs;
		break;
	}

	if (result < INT32_MIN || result > INT32_MAX) {
		fail(job, CALC_OVERFLOW);
		return 0;
	}
	return (int32_t)result;
}

static int32_t parse_expr(struct calc_job *job);

/*
 * Parse a literal or a parenthesized expression. Returns up to
 * LITERAL_MAX for a literal, because a minus sign directly before it
 * brings it into range as INT32_MIN. parse_unary checks the range.
 */
static int64_t parse_primary(struct calc_job *job)
{
	const char *text = job->text;
	int32_t inner;

	/* Every descent ends in a primary, so the stack is deepest here. */
	sample_stack_segments(job);
	skip_spaces(job);

	if (is_digit(text[job->pos])) {
		int64_t literal = 0;

		/* Stop accumulating past LITERAL_MAX so int64 cannot wrap. */
		while (is_digit(text[job->pos])) {
			int digit = text[job->pos] - '0';

			if (literal <= LITERAL_MAX)
				literal = literal * 10 + digit;
			job->pos++;
		}
		if (literal > LITERAL_MAX) {
			fail(job, CALC_OVERFLOW);
			return 0;
		}
		return literal;
	}

	if (text[job->pos] != '(') {
		fail(job, CALC_SYNTAX_ERROR);
		return 0;
	}
	if (job->depth >= NESTING_MAX) {
		fail(job, CALC_TOO_DEEP);
		return 0;
	}
	job->depth++;
	job->pos++;

	inner = parse_expr(job);
	if (job->status != CALC_OK)
		return 0;

	skip_spaces(job);
	if (text[job->pos] != ')') {
		fail(job, CALC_SYNTAX_ERROR);
		return 0;
	}
	job->pos++;
	job->depth--;
	return inner;
}

/*
 * Parse prefix signs and the primary they apply to. The signs are read in
 * a loop because only parentheses need to nest, and a sign chain as long
 * as the line would otherwise add a frame per character.
 */
static int32_t parse_unary(struct calc_job *job)
{
	unsigned long negations = 0;
	bool minus_last = false;
	int64_t value;

	for (;;) {
		char c;

		skip_spaces(job);
		c = job->text[job->pos];
		if (c != '-' && c != '+')
			break;
		if (c == '-')
			negations++;
		minus_last = c == '-';
		job->pos++;
	}

	value = parse_primary(job);
	if (job->status != CALC_OK)
		return 0;

	/*
	 * Only a literal can exceed INT32_MAX here. When the sign nearest to
	 * it is a minus, the literal LITERAL_MAX is taken as INT32_MIN, so
	 * -2147483648 can be written. Otherwise it is out of range.
	 */
	if (value > INT32_MAX) {
		if (!minus_last) {
			fail(job, CALC_OVERFLOW);
			return 0;
		}
		value = INT32_MIN;
		negations--;
	}

	/* Negating INT32_MIN overflows, even when a second sign undoes it. */
	if (negations > 0 && value == INT32_MIN) {
		fail(job, CALC_OVERFLOW);
		return 0;
	}
	if (negations % 2 == 1)
		value = -value;
	return (int32_t)value;
}

static int32_t parse_term(struct calc_job *job)
{
	int32_t lhs = parse_unary(job);

	while (job->status == CALC_OK) {
		char op;
		int32_t rhs;

		skip_spaces(job);
		op = job->text[job->pos];
		if (op != '*' && op != '/' && op != '%')
			break;
		job->pos++;
		rhs = parse_unary(job);
		if (job->status != CALC_OK)
			break;
		lhs = apply_operator(job, op, lhs, rhs);
	}
	return lhs;
}

static int32_t parse_expr(struct calc_job *job)
{
	int32_t lhs = parse_term(job);

	while (job->status == CALC_OK) {
		char op;
		int32_t rhs;

		skip_spaces(job);
		op = job->text[job->pos];
		if (op != '+' && op != '-')
			break;
		job->pos++;
		rhs = parse_term(job);
		if (job->status != CALC_OK)
			break;
		lhs = apply_operator(job, op, lhs, rhs);
	}
	return lhs;
}

static void log_cleanup(void *arg)
{
	const struct calc_job *job = arg;

	printf("defer: line %lu done\n", job->line_no);
}

/*
 * Evaluate job->text and store the outcome in job. The job outlives the
 * task because main owns it and waits in task_join.
 */
static void calc_worker(void *arg)
{
	struct calc_job *job = arg;
	int32_t value;
	int err;

	err = task_defer(log_cleanup, job);
	if (err != 0) {
		job->status = CALC_DEFER_FAILED;
		job->defer_error = -err;
		task_exit(0);
	}

	sample_stack_segments(job);
	value = parse_expr(job);
	if (job->status == CALC_OK) {
		skip_spaces(job);
		if (job->text[job->pos] != '\0')
			fail(job, CALC_SYNTAX_ERROR);
		else
			job->value = value;
	}
	task_exit(0);
}

/*
 * Print the result or error line for a job whose worker returned
 * join_status from task_join.
 */
static void print_outcome(const struct calc_job *job, int join_status)
{
	if (join_status == -ENOMEM) {
		/* The kernel stopped the worker because the pool ran out. */
		printf("error: nesting too deep\n");
		return;
	}
	if (join_status == -EFAULT) {
		printf("error: worker stopped by a CPU fault\n");
		return;
	}
	if (join_status == -ECANCELED) {
		printf("error: worker stopped by assert() or abort()\n");
		return;
	}
	if (join_status < 0) {
		printf("error: task_join failed: %s\n",
		       strerror(-join_status));
		return;
	}
	if (join_status != 0) {
		printf("error: worker exited with status %d\n", join_status);
		return;
	}

	switch (job->status) {
	case CALC_OK:
		printf("= %ld\n", (long)job->value);
		break;
	case CALC_SYNTAX_ERROR:
		printf("error: syntax error at column %lu\n",
		       (unsigned long)job->error_pos + 1);
		break;
	case CALC_DIVISION_BY_ZERO:
		printf("error: division by zero\n");
		break;
	case CALC_OVERFLOW:
		printf("error: overflow\n");
		break;
	case CALC_TOO_DEEP:
		printf("error: nesting too deep\n");
		break;
	case CALC_DEFER_FAILED:
		printf("error: task_defer failed: %s\n",
		       strerror(job->defer_error));
		break;
	}
}

/*
 * Print the worker's peak segment count and the pool's free segments now,
 * after the worker has ended. A peak of 0 means no worker parsed the line.
 */
static void print_segments(size_t peak_segments)
{
	struct stack_pool_stats stats;

	stack_pool_stats(&stats);
	printf("segments: peak %lu, pool free %lu/%lu\n",
	       (unsigned long)peak_segments,
	       (unsigned long)stats.segments_free,
	       (unsigned long)stats.segments_total);
}

/* Evaluate text in a new task, then print the outcome. */
static void run_line(const char *text, unsigned long line_no)
{
	struct calc_job job = {
		.text = text,
		.line_no = line_no,
		.status = CALC_OK,
	};
	struct task *worker;
	int join_status;

	worker = task_spawn("calc", calc_worker, &job);
	if (!worker) {
		printf("error: task_spawn failed: %s\n", strerror(errno));
		print_segments(0);
		return;
	}

	join_status = task_join(worker);
	print_outcome(&job, join_status);
	print_segments(job.peak_segments);
}

/* Read and drop input up to and including the next '\n' or end of input. */
static void discard_rest_of_line(void)
{
	size_t len;

	do {
		if (!fgets(line_buf, sizeof(line_buf), stdin))
			return;
		len = strlen(line_buf);
	} while (len == 0 || line_buf[len - 1] != '\n');
}

/*
 * Read one line into line_buf and strip its line ending ("\n" or "\r\n").
 * Returns false at end of input or on a read error. Sets *too_long when
 * the line has more than LINE_MAX_CHARS characters. Either way the whole
 * line has been read.
 */
static bool read_line(bool *too_long)
{
	size_t len;

	if (!fgets(line_buf, sizeof(line_buf), stdin))
		return false;

	len = strlen(line_buf);
	if (len == sizeof(line_buf) - 1 && line_buf[len - 1] != '\n') {
		discard_rest_of_line();
		*too_long = true;
		return true;
	}

	/* The last line of input may end without '\n'. */
	if (len > 0 && line_buf[len - 1] == '\n')
		line_buf[--len] = '\0';
	if (len > 0 && line_buf[len - 1] == '\r')
		line_buf[--len] = '\0';
	*too_long = len > LINE_MAX_CHARS;
	return true;
}

static bool is_blank(const char *text)
{
	for (; *text; text++) {
		if (*text != ' ' && *text != '\t' && *text != '\r')
			return false;
	}
	return true;
}

int main(void)
{
	unsigned long line_no = 0;
	bool too_long;

	while (read_line(&too_long)) {
		line_no++;
		if (too_long) {
			printf("error: line too long\n");
			print_segments(0);
		} else if (!is_blank(line_buf)) {
			run_line(line_buf, line_no);
		}
		/* Show the output before blocking on the next read. */
		fflush(stdout);
	}

	if (ferror(stdin)) {
		printf("error: reading standard input failed\n");
		return 1;
	}
	return 0;
}
