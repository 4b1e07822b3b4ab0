/*
 * Console: output straight to the board's UART, input through a receive
 * ring filled by the UART interrupt and a line editor that behaves like a
 * terminal in canonical mode. The editor echoes what it receives, lets
 * backspace erase, and delivers a line at a time; EOT (0x04, Ctrl-D) at
 * the start of a line is end of input, as a terminal's EOF.
 *
 * The output functions carry no guard check, because the kernel prints
 * from the guard zone when it stops a task that ran out of stack.
 */
#include "kernel.h"
#include "board.h"

#define RX_RING_SIZE 64    /* bytes; a power of two */
#define LINE_SIZE 128      /* longer lines are delivered in pieces */
#define CHAR_EOT 0x04
#define CHAR_BACKSPACE 0x08
#define CHAR_DELETE 0x7f

static volatile char rx_ring[RX_RING_SIZE];
static volatile uint32_t rx_head; /* written by the interrupt */
static volatile uint32_t rx_tail; /* written by the reader */
static struct task *rx_waiter;
static bool rx_stalled;    /* the board keeps bytes back in the UART */

static char line[LINE_SIZE];
static size_t line_len;    /* bytes in line */
static size_t line_pos;    /* bytes of line already delivered */
static bool line_eof;      /* an EOT ended the line being edited */
static bool after_cr;      /* drop the \n of a \r\n pair */

__nosplit void console_putc(char c)
{
	if (c == '\n')
		board_console_putc('\r');
	board_console_putc(c);
}

__nosplit void console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(buf[i]);
}

__nosplit void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

__nosplit void console_put_hex(uintptr_t value)
{
	/* 8 digits for anything that fits in 32 bits, so that messages
	 * read the same on 32-bit and 64-bit ports. */
	int bits = (uint64_t)value >> 31 >> 1 ? (int)sizeof(value) * 8 : 32;

	console_puts("0x");
	for (int shift = bits - 4; shift >= 0; shift -= 4)
		console_putc("0123456789abcdef"[(value >> shift) & 0xf]);
}

__nosplit void console_put_dec(long value)
{
	char digits[20]; /* enough for a 64-bit long */
	int n = 0;
	unsigned long u = value < 0 ? 0ul - (unsigned long)value
				    : (unsigned long)value;

	if (value < 0)
		console_putc('-');
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < (int)sizeof(digits));
	while (n > 0)
		console_putc(digits[--n]);
}

/* Output is written synchronously, so there is nothing left to drain. */
__nosplit void console_flush(void)
{
	board_console_flush();
}

/*
 * Called from the UART interrupt before it takes a byte out of the UART.
 * When the ring is full, the board leaves the byte there and masks its
 * receive interrupt, so the sender waits instead of losing input. The
 * reader unmasks it once it has made room.
 */
bool console_rx_room(void)
{
	if (rx_head - rx_tail < RX_RING_SIZE)
		return true;
	rx_stalled = true;
	return false;
}

/* Called from the UART interrupt with a byte, after console_rx_room(). */
void console_rx_isr(char c)
{
	uint32_t head = rx_head;

	rx_ring[head % RX_RING_SIZE] = c;
	rx_head = head + 1;
	if (rx_waiter) {
		sched_ready_isr(rx_waiter);
		rx_waiter = NULL;
	}
}

/* Take the next received byte, blocking until there is one. */
static char rx_get(void)
{
	for (;;) {
		unsigned key = arch_irq_lock();

		if (rx_head != rx_tail) {
			char c = rx_ring[rx_tail % RX_RING_SIZE];

			rx_tail++;
			if (rx_stalled) {
				rx_stalled = false;
				board_console_rx_resume();
			}
			arch_irq_unlock(key);
			return c;
		}
		rx_waiter = task_current;
		task_current->state = TASK_BLOCKED;
		arch_irq_unlock(key);
		sched_block();
	}
}

/* Edit one line into line[]; returns when it ends or the buffer fills. */
static void line_edit(void)
{
	line_len = 0;
	line_pos = 0;
	while (line_len < LINE_SIZE) {
		char c = rx_get();

		if (after_cr && c == '\n') {
			after_cr = false;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			line[line_len++] = '\n';
			console_putc('\n');
			return;
		}
		if (c == CHAR_EOT) {
			line_eof = line_len == 0;
			return;
		}
		if (c == CHAR_BACKSPACE || c == CHAR_DELETE) {
			if (line_len > 0) {
				line_len--;
				console_puts("\b \b");
			}
			continue;
		}
		line[line_len++] = c;
		console_putc(c);
	}
}

/*
 * Read up to len bytes of the current input line, as read(2) on a
 * terminal does. Returns the count, or 0 at end of input.
 */
int console_read(char *buf, size_t len)
{
	size_t n;

	if (len == 0)
		return 0;
	if (line_pos == line_len) {
		line_eof = false;
		line_edit();
		if (line_eof)
			return 0;
	}
	n = line_len - line_pos;
	if (n > len)
		n = len;
	for (size_t i = 0; i < n; i++)
		buf[i] = line[line_pos + i];
	line_pos += n;
	return (int)n;
}

void console_init(void)
{
	board_console_init();
	if (IS_ENABLED(CONFIG_BOOT_BANNER)) {
		console_puts("*** Segue " SEGUE_VERSION " on " SEGUE_BOARD
			     " ***\n");
	}
}
