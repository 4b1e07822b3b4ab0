/*
 * Device interrupt handlers: a table from interrupt line to handler,
 * filled by the board (its console UART) and by applications.
 */
#include <errno.h>

#include "kernel.h"

struct irq_entry {
	void (*handler)(void *arg);
	void *arg;
};

static struct irq_entry irq_table[CONFIG_IRQ_COUNT];

int irq_connect(unsigned irq, void (*handler)(void *arg), void *arg)
{
	unsigned key;

	if (irq >= CONFIG_IRQ_COUNT || !handler)
		return -EINVAL;
	key = arch_irq_lock();
	if (irq_table[irq].handler) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	irq_table[irq].handler = handler;
	irq_table[irq].arg = arg;
	arch_irq_enable(irq);
	arch_irq_unlock(key);
	return 0;
}

int irq_pend(unsigned irq)
{
	if (irq >= CONFIG_IRQ_COUNT)
		return -EINVAL;
	arch_irq_pend(irq);
	return 0;
}

/* Called by the port on the interrupt stack for device line irq. */
void irq_dispatch(unsigned irq)
{
	struct irq_entry *entry = &irq_table[irq];

	if (!entry->handler)
		panic("irq_dispatch", "interrupt without a handler, line", irq);
	entry->handler(entry->arg);
}
