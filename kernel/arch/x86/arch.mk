# x86 toolchain (i386 and amd64): the host GCC, whose -fsplit-stack
# prologue compares SP with %gs:0x30 (i386) or %fs:0x70 (amd64). newlib
# comes from scripts/build-newlib, built with the same check and cached
# under build/newlib/<target>/.

CC := gcc
AR := ar

ifeq ($(SUBARCH),i386)
NEWLIB_TARGET := i686-elf
TARGET := -m32 -march=i686 -mpreferred-stack-boundary=2
LD_EMULATION := -m32
else ifeq ($(SUBARCH),amd64)
NEWLIB_TARGET := x86_64-elf
# No red zone: interrupts arrive on the interrupted frame's stack.
# -mcmodel=small is enough, because the kernel is linked below 2 GiB.
TARGET := -m64 -mno-red-zone
LD_EMULATION := -m64
# Kernel C code is integer only; keeping it off the SSE registers means
# __morestack and the interrupt path never clobber a task's vector
# arguments (the interrupt entry still saves them for newlib's sake).
$(B)/kernel/%.c.o: CFLAGS += -mgeneral-regs-only
else
$(error boards/$(BOARD)/board.mk: SUBARCH must be i386 or amd64)
endif

NEWLIB := build/newlib/$(NEWLIB_TARGET)
NEWLIB_DONE := $(NEWLIB)/.done
GCC_INC := $(shell $(CC) -print-file-name=include)

# The host compiler predefines macros that make newlib's headers expect
# a Linux libc. Debian's GCC defaults to PIE, which calls through a PLT.
NOT_LINUX := -U__linux__ -U__linux -Ulinux -U__unix__ -U__unix -Uunix \
	-U__gnu_linux__
FREESTANDING := -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fcf-protection=none -fno-asynchronous-unwind-tables
CFLAGS = $(TARGET) $(NOT_LINUX) $(FREESTANDING) -fsplit-stack \
	-nostdinc -isystem $(NEWLIB)/include -isystem $(GCC_INC) \
	-std=gnu11 -Os -g -ffunction-sections -fdata-sections \
	$(WARNINGS) $(INCLUDES) -Ikernel/arch/x86/$(SUBARCH) $(DEFINES)
ASFLAGS = $(TARGET) $(NOT_LINUX) -D__ASSEMBLER__ $(INCLUDES) \
	-Ikernel/arch/x86/$(SUBARCH)

ARCH_SRCS := $(wildcard kernel/arch/x86/*.c kernel/arch/x86/*.S \
	kernel/arch/x86/$(SUBARCH)/*.c kernel/arch/x86/$(SUBARCH)/*.S)

# newlib's headers are needed by every object, so build it first.
$(B)/include/autoconf.h: | $(NEWLIB_DONE)
$(NEWLIB_DONE):
	$(Q)scripts/build-newlib $(NEWLIB_TARGET)

# longjmp is wrapped to give back the segments it jumps over.
LDFLAGS := $(LD_EMULATION) -nostdlib -static -no-pie -Wl,--gc-sections \
	-Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack \
	-Wl,--wrap=longjmp -T $(LINKER_SCRIPT)
LINK = $(CC) $(LDFLAGS) -o $(1) $(APP_OBJS) \
	-Wl,--whole-archive $(B)/libsegue.a -Wl,--no-whole-archive \
	-Wl,-Map,$(B)/segue.map $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a \
	-lgcc $(NEWLIB)/lib/libc.a

ifeq ($(SUBARCH),i386)
LD_CMD = $(call LINK,$@)
else
# QEMU's -kernel loads only 32-bit Multiboot ELF images: link the 64-bit
# kernel, then convert the file to ELF32. The code is unchanged; the
# 32-bit entry in it switches to long mode.
LD_CMD = $(call LINK,$(B)/segue64.elf) && \
	objcopy -O elf32-i386 $(B)/segue64.elf $@
endif
SIZE_CMD := size
