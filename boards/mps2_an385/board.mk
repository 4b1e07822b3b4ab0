# Build and run facts for mps2_an385.
ARCH := arm
CPU_FLAGS := -mcpu=cortex-m0
LINKER_SCRIPT := linker/cortex-m.ld
QEMU := qemu-system-arm
QEMU_ARGS := -M mps2-an385 -display none -monitor none -serial stdio \
	-semihosting-config enable=on,target=native
# How the board reports an exit status: semihosting passes it through.
EXIT_MAP := direct
