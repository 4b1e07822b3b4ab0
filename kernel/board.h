/*
 * Board hooks: what each boards/<name>/board.c provides to the kernel.
 */
#ifndef BOARD_H
#define BOARD_H

/*
 * Set up the console UART with its receiver on, and connect its receive
 * interrupt with irq_connect().
 */
void board_console_init(void);

/* Send one byte, waiting while the transmitter is full. No guard check. */
void board_console_putc(char c);

/* Wait until every byte sent has left the UART. No guard check. */
void board_console_flush(void);

/*
 * Unmask the console's receive interrupt, which the board masked when
 * console_rx_isr() refused a byte. Called with interrupts masked.
 */
void board_console_rx_resume(void);


#endif /* BOARD_H */
