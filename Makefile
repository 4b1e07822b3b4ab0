# Segue build.
#
#   make [BOARD=name] [APP=dir] [all|run|test|bench|menuconfig|defconfig|
#                                savedefconfig|size|clean]
#
# Output goes to build/<board>/<app>/; the source tree is never written.

BOARD ?= mps2_an385
APP ?= samples/calc
V ?= 0
# Extra compiler flags for the application's own files only.
APP_CFLAGS ?=

TOP := $(CURDIR)
PYTHON := /usr/bin/python3
BOARDS := $(notdir $(wildcard boards/*))

# Install the toolchain on first use (or say how, when not root). Goals
# that only read files skip it.
ifeq ($(filter clean print-%,$(MAKECMDGOALS)),)
ifneq ($(shell command -v clang-16 >/dev/null && \
	command -v arm-none-eabi-gcc >/dev/null && \
	command -v qemu-system-arm >/dev/null && \
	command -v qemu-system-x86_64 >/dev/null && \
	test -f /usr/src/newlib/newlib-3.3.0.tar.xz && \
	test -f "$$(gcc -m32 -print-libgcc-file-name)" && \
	$(PYTHON) -c 'import kconfiglib' 2>/dev/null && echo ok),ok)
$(info segue: installing the toolchain (scripts/install-deps))
ifneq ($(shell scripts/install-deps >&2 && echo ok),ok)
$(error missing build tools: see the message above)
endif
endif
endif

ifeq ($(wildcard boards/$(BOARD)/board.mk),)
$(error unknown BOARD '$(BOARD)': choose one of $(BOARDS))
endif
include boards/$(BOARD)/board.mk

APP_DIR := $(abspath $(APP))
ifeq ($(wildcard $(APP_DIR)/*.c),)
$(error APP '$(APP)' has no .c files)
endif
# The build folder is named after the app's path: relative to the tree
# for an app inside it, the whole path for one outside.
APP_ID := $(subst /,_,$(patsubst $(TOP)/%,%,$(APP_DIR)))
# BUILD_DIR lets two builds of one app with different settings coexist.
BUILD_DIR ?= build/$(BOARD)/$(APP_ID)
B := $(BUILD_DIR)

ifeq ($(V),1)
Q :=
SAY := @true
else
Q := @
SAY := @$(if $(findstring s,$(firstword -$(MAKEFLAGS))),true,echo)
endif

include kernel/arch/$(ARCH)/arch.mk

KERNEL_SRCS := $(wildcard kernel/*.c) $(ARCH_SRCS) \
	$(wildcard boards/$(BOARD)/*.c)
KERNEL_SRCS := $(filter-out kernel/offsets.c,$(KERNEL_SRCS))
APP_SRCS := $(wildcard $(APP_DIR)/*.c)

KERNEL_OBJS := $(patsubst %,$(B)/kernel/%.o,$(KERNEL_SRCS))
APP_OBJS := $(patsubst $(APP_DIR)/%,$(B)/app/%.o,$(APP_SRCS))

INCLUDES := -I$(B)/include -Ikernel/include -Ikernel \
	-Ikernel/arch/$(ARCH)
DEFINES := -DSEGUE_VERSION='"$(shell cat VERSION)"' \
	-DSEGUE_BOARD='"$(BOARD)"'
DEPFLAGS = -MMD -MP
WARNINGS := -Wall -Wextra -Werror=vla -Werror=implicit-function-declaration
# Task code may not move SP past the guard check: see task_code.h.
TASK_CODE := -include kernel/include/segue/task_code.h

ELF := $(B)/segue.elf
CONFIG := $(B)/.config
AUTOCONF := $(B)/include/autoconf.h
OFFSETS := $(B)/include/offsets.h
# EXTRA_CONF: more Kconfig fragments, applied after the app's prj.conf.
EXTRA_CONF ?=
FRAGMENTS := boards/$(BOARD)/defconfig $(wildcard $(APP_DIR)/prj.conf) \
	$(EXTRA_CONF)
KCONFIG_FILES := Kconfig $(wildcard boards/*/Kconfig.board)

.PHONY: all run test bench menuconfig defconfig savedefconfig size clean \
	check-tools
.DEFAULT_GOAL := all

all: $(ELF)

$(CONFIG) $(AUTOCONF): $(FRAGMENTS) $(KCONFIG_FILES) scripts/kconfig.py
	@mkdir -p $(B)/include
	$(Q)BOARD=$(BOARD) srctree=$(TOP) $(PYTHON) scripts/kconfig.py \
		Kconfig $(CONFIG) $(AUTOCONF) $(FRAGMENTS)

$(OFFSETS): kernel/offsets.c $(AUTOCONF) kernel/kernel.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -S -o $@.s $<
	$(Q)sed -n 's/.*->\([A-Z_0-9]*\) \([0-9][0-9]*\).*/#define \1 \2/p' \
		$@.s > $@.tmp && mv $@.tmp $@

# Objects depend on the make files read so far and on a file holding the
# flags of the last build, so a change of either rebuilds them.
FLAGS_FILE := $(B)/flags
FLAGS_NOW := $(CFLAGS) $(APP_CFLAGS) $(FRAGMENTS)
ifneq ($(FLAGS_NOW),$(file < $(FLAGS_FILE)))
$(shell mkdir -p $(B))
$(file > $(FLAGS_FILE),$(FLAGS_NOW))
endif
BUILD_RULES := $(MAKEFILE_LIST) $(FLAGS_FILE)

$(B)/kernel/%.c.o: %.c $(AUTOCONF) $(BUILD_RULES)
	@mkdir -p $(dir $@)
	$(SAY) "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/kernel/%.S.o: %.S $(AUTOCONF) $(OFFSETS) $(BUILD_RULES)
	@mkdir -p $(dir $@)
	$(SAY) "  AS      $<"
	$(Q)$(CC) $(ASFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/app/%.c.o: $(APP_DIR)/%.c $(AUTOCONF) $(BUILD_RULES)
	@mkdir -p $(dir $@)
	$(SAY) "  CC      $(patsubst $(TOP)/%,%,$<)"
	$(Q)scripts/cc-explain $(CC) $(CFLAGS) $(APP_CFLAGS) $(TASK_CODE) \
		$(DEPFLAGS) -c -o $@ $<

$(B)/libsegue.a: $(KERNEL_OBJS)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(ELF): $(APP_OBJS) $(B)/libsegue.a $(LINKER_SCRIPT) kernel/libc_wrap.def
	$(SAY) "  LD      $@"
	$(Q)$(LD_CMD)

run: $(ELF)
	$(Q)$(PYTHON) scripts/qemu-run.py --board $(BOARD) $(ELF) -- \
		$(QEMU) $(QEMU_ARGS) -kernel $(ELF)

# Every test on every board, or on BOARD only when it is given.
test:
	$(Q)$(PYTHON) tests/qemu/run.py $(if $(filter command line,\
		$(origin BOARD)),--board $(BOARD))

# Instruction counts under QEMU -icount; see docs/benchmarks.md.
bench:
	$(Q)$(PYTHON) tests/bench/run.py --board $(BOARD)

size: $(ELF)
	$(Q)$(SIZE_CMD) $(ELF)

menuconfig: $(CONFIG)
	$(Q)BOARD=$(BOARD) srctree=$(TOP) KCONFIG_CONFIG=$(CONFIG) \
		$(PYTHON) -m menuconfig Kconfig
	$(Q)BOARD=$(BOARD) srctree=$(TOP) $(PYTHON) scripts/kconfig.py \
		Kconfig $(CONFIG) $(AUTOCONF) $(FRAGMENTS)

defconfig:
	$(Q)rm -f $(CONFIG)
	$(Q)$(MAKE) --no-print-directory $(CONFIG)

savedefconfig: $(CONFIG)
	$(Q)BOARD=$(BOARD) srctree=$(TOP) KCONFIG_CONFIG=$(CONFIG) \
		$(PYTHON) -m savedefconfig --kconfig Kconfig \
		--out $(B)/defconfig

clean:
	rm -rf build

-include $(KERNEL_OBJS:.o=.d) $(APP_OBJS:.o=.d)

# make print-VAR prints a make variable (the test runner reads the QEMU
# command line this way).
print-%:
	@echo $($*)
