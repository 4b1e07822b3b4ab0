/* Interrupt frame of the i386 entry path (switch.S), lowest address
 * first. */
#ifndef X86_FRAME_H
#define X86_FRAME_H

#include <stdint.h>

struct x86_frame {
	uint32_t limit; /* stack limit of the interrupted code */
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax; /* pusha */
	uint32_t vector;
	uint32_t error; /* error code, or 0 from the stub */
	uint32_t ip;    /* pushed by the CPU: EIP, CS, EFLAGS */
	uint32_t cs;
	uint32_t flags;
};

#endif /* X86_FRAME_H */
