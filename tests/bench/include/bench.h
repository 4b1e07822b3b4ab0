/*
 * Instruction counting for benchmarks. The runner boots each benchmark
 * under QEMU with -icount shift=0, where the virtual clock advances one
 * nanosecond per guest instruction, so the CPU cycles clock_cycles()
 * counts convert to instructions exactly: 1e9 / CONFIG_CPU_CLOCK_HZ
 * instructions per cycle. Counts repeat exactly from run to run.
 */
#ifndef BENCH_H
#define BENCH_H

#include <autoconf.h>
#include <segue.h>
#include <stdio.h>

#define BENCH_INSNS_PER_CYCLE (1000000000ull / CONFIG_CPU_CLOCK_HZ)

static inline uint64_t bench_insns(void)
{
	return clock_cycles() * BENCH_INSNS_PER_CYCLE;
}

/* Print one result: instructions per operation, to a tenth. */
static inline void bench_report(const char *name, uint64_t insns,
				unsigned long ops)
{
	unsigned long tenths = (unsigned long)(insns * 10 / ops);

	printf("bench: %s: %lu.%lu instructions\n", name, tenths / 10,
	       tenths % 10);
}

#endif /* BENCH_H */
