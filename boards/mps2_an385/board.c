/*
 * MPS2 AN385 board: console on a CMSDK APB UART.
 */
#include "kernel.h"
#include "board.h"

#define REG32(addr) (*(volatile uint32_t *)(addr))

/* CMSDK UARTs 0 to 4 and their receive interrupt lines. */
#define UART_BASE(n) ((n) < 3 ? 0x40004000u + (n) * 0x1000u \
			      : 0x40007000u + ((n) - 3) * 0x12000u)
#define UART_DATA 0x00
#define UART_STATE 0x04
#define UART_CTRL 0x08
#define UART_INTSTATUS 0x0c
#define UART_BAUDDIV 0x10

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define CTRL_TX_EN (1u << 0)
#define CTRL_RX_EN (1u << 1)
#define CTRL_RX_INT_EN (1u << 3)
#define INT_RX (1u << 1)

#define NVIC_ISPR 0xe000e200u

static const uint8_t uart_rx_irq[] = { 0, 2, 4, 18, 20 };

#define CONSOLE UART_BASE(CONFIG_CONSOLE_UART)
#define CONSOLE_RX_IRQ uart_rx_irq[CONFIG_CONSOLE_UART]

static void console_rx_irq(void *arg);

void board_console_init(void)
{
	REG32(CONSOLE + UART_BAUDDIV) = 16;
	REG32(CONSOLE + UART_CTRL) = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN;
	if (irq_connect(CONSOLE_RX_IRQ, console_rx_irq, NULL))
		panic("board_console_init", "cannot connect UART line",
		      CONSOLE_RX_IRQ);
}

__nosplit void board_console_putc(char c)
{
	while (REG32(CONSOLE + UART_STATE) & STATE_TX_FULL)
		;
	REG32(CONSOLE + UART_DATA) = (uint8_t)c;
}

__nosplit void board_console_flush(void)
{
	while (REG32(CONSOLE + UART_STATE) & STATE_TX_FULL)
		;
}

static void console_rx_irq(void *arg)
{
	(void)arg;
	REG32(CONSOLE + UART_INTSTATUS) = INT_RX;
	while (REG32(CONSOLE + UART_STATE) & STATE_RX_FULL) {
		if (!console_rx_room()) {
			REG32(CONSOLE + UART_CTRL) &= ~CTRL_RX_INT_EN;
			return;
		}
		console_rx_isr((char)REG32(CONSOLE + UART_DATA));
	}
}

/* The UART raises its interrupt only when a byte arrives, and the byte
 * left waiting arrived long ago: pend the interrupt by hand. */
void board_console_rx_resume(void)
{
	REG32(CONSOLE + UART_CTRL) |= CTRL_RX_INT_EN;
	REG32(NVIC_ISPR) = 1u << CONSOLE_RX_IRQ;
}
