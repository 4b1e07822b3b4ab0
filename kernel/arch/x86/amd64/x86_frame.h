/* Interrupt frame of the amd64 entry path (switch.S), lowest address
 * first. */
#ifndef X86_FRAME_H
#define X86_FRAME_H

#include <stdint.h>

struct x86_frame {
	uint64_t limit; /* stack limit of the interrupted code */
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error; /* error code, or 0 from the stub */
	uint64_t ip;    /* pushed by the CPU: RIP, CS, RFLAGS, RSP, SS */
	uint64_t cs;
	uint64_t flags;
	uint64_t sp;
	uint64_t ss;
};

#endif /* X86_FRAME_H */
