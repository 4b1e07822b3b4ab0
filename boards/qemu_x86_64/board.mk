# Build and run facts for qemu_x86_64: a PC with an amd64 core.
ARCH := x86
SUBARCH := amd64
LINKER_SCRIPT := linker/x86-amd64.ld
QEMU := qemu-system-x86_64
# -no-reboot: a triple fault ends the run instead of rebooting forever.
QEMU_ARGS := -M pc -display none -monitor none -serial stdio -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
# isa-debug-exit makes QEMU exit with (status << 1) | 1; the runners map
# an odd exit code back to status.
EXIT_MAP := debug-exit
