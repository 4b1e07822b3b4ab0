/*
 * QEMU PC board: console on COM1, a 16550 UART at I/O port 0x3f8 whose
 * receive interrupt is ISA line 4.
 */
#include "kernel.h"
#include "board.h"

#define COM1 0x3f8
#define COM1_IRQ 4

/* 16550 registers, as offsets from the base port. */
#define UART_DATA 0 /* receive buffer / transmit holding */
#define UART_IER 1  /* interrupt enable; divisor high with DLAB */
#define UART_FCR 2  /* FIFO control */
#define UART_LCR 3  /* line control */
#define UART_MCR 4  /* modem control */
#define UART_LSR 5  /* line status */

#define IER_RX_DATA 0x01
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the interrupt line on a PC */
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20     /* holding register empty */
#define LSR_TX_IDLE 0x40      /* holding and shift registers empty */

/* Divisor 1: 115200 baud from the UART's 1.8432 MHz clock. */
#define BAUD_DIVISOR 1

static void console_rx_irq(void *arg);

void board_console_init(void)
{
	x86_outb(COM1 + UART_IER, 0);
	x86_outb(COM1 + UART_LCR, LCR_DLAB);
	x86_outb(COM1 + UART_DATA, BAUD_DIVISOR);
	x86_outb(COM1 + UART_IER, 0);
	x86_outb(COM1 + UART_LCR, LCR_8N1);
	x86_outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	x86_outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	x86_outb(COM1 + UART_IER, IER_RX_DATA);
	if (irq_connect(COM1_IRQ, console_rx_irq, NULL))
		panic("board_console_init", "cannot connect COM1 line",
		      COM1_IRQ);
}

__nosplit void board_console_putc(char c)
{
	while (!(x86_inb(COM1 + UART_LSR) & LSR_TX_EMPTY))
		;
	x86_outb(COM1 + UART_DATA, (uint8_t)c);
}

__nosplit void board_console_flush(void)
{
	while (!(x86_inb(COM1 + UART_LSR) & LSR_TX_IDLE))
		;
}

static void console_rx_irq(void *arg)
{
	(void)arg;
	while (x86_inb(COM1 + UART_LSR) & LSR_RX_READY) {
		if (!console_rx_room()) {
			/* Leave the byte in the UART until the reader
			 * makes room. */
			x86_outb(COM1 + UART_IER, 0);
			return;
		}
		console_rx_isr((char)x86_inb(COM1 + UART_DATA));
	}
}

/* Enabling the receive interrupt again raises it at once if a byte is
 * waiting, so nothing has to be pended by hand. */
void board_console_rx_resume(void)
{
	x86_outb(COM1 + UART_IER, IER_RX_DATA);
}
