# Cortex-M toolchain. clang-16 is the only compiler that puts a guard
# check on Cortex-M code: arm-none-eabi-gcc rejects -fsplit-stack, and
# clang's *-none-eabi targets reject segmented stacks in the backend. The
# thumbv6m Linux target reads the limit from the global __STACK_LIMIT,
# which suits every Cortex-M core. Linking uses arm-none-eabi-gcc against
# newlib nano.

CC := clang-16
AR := arm-none-eabi-ar
NEWLIB_INC := /usr/lib/arm-none-eabi/include

TARGET := --target=thumbv6m-unknown-linux-gnueabi $(CPU_FLAGS) \
	-mfloat-abi=soft -fno-pic -fshort-enums
# The Linux triple predefines macros that make newlib's headers expect a
# Linux libc.
NOT_LINUX := -U__linux__ -U__linux -Ulinux -U__unix__ -U__unix -Uunix \
	-U__gnu_linux__
# -fno-crash-diagnostics: when clang stops on a variadic function with
# the check, print the error, not a crash report and temporary files.
CFLAGS = $(TARGET) $(NOT_LINUX) -ffreestanding -fsplit-stack \
	-fno-crash-diagnostics \
	-nostdlibinc -isystem $(NEWLIB_INC) -std=gnu11 -Os -g \
	-ffunction-sections -fdata-sections $(WARNINGS) $(INCLUDES) $(DEFINES)
ASFLAGS = $(TARGET) $(NOT_LINUX) -D__ASSEMBLER__ $(INCLUDES)

ARCH_SRCS := $(wildcard kernel/arch/arm/*.c) $(wildcard kernel/arch/arm/*.S)

comma := ,
WRAPPED := $(shell sed -n 's/^LIBC_\(WRAP\|SHIM\) \([a-z_0-9]*\)$$/\2/p' \
	kernel/libc_wrap.def) longjmp
LDFLAGS := $(CPU_FLAGS) -mthumb --specs=nano.specs -nostartfiles \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack \
	$(addprefix -Wl$(comma)--wrap=,$(WRAPPED)) \
	-L boards/$(BOARD) -T $(LINKER_SCRIPT)
LD_CMD = arm-none-eabi-gcc $(LDFLAGS) -o $@ $(APP_OBJS) \
	-Wl,--whole-archive $(B)/libsegue.a -Wl,--no-whole-archive \
	-Wl,-Map,$(B)/segue.map -lc -lgcc
SIZE_CMD := arm-none-eabi-size
