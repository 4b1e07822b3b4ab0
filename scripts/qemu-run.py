#!/usr/bin/python3
"""Boot an image in QEMU with the console on this terminal or pipe.

usage: qemu-run.py [--board NAME] [--timeout S] [--input FILE] ELF -- QEMU...

On a terminal, QEMU gets the terminal itself. Otherwise standard input
(or --input) is read whole and sent once the boot banner shows that the
UART receives, followed by EOT (0x04), because QEMU drops bytes that
reach the UART before the guest enables its receiver and a UART has no
end of file. Nothing waits for the banner: an application that reads no
input ends when its main returns, banner or not, and one that reads
stdin sees end of input at once when the input is empty.

Exits with the application's exit status as the board reports it; 124
when --timeout passes, as timeout(1) does.
"""
import argparse
import os
import re
import subprocess
import sys
import threading

BANNER = b"*** Segue "
# The x86 ports print the whole exit status this way when QEMU's exit
# code cannot hold it (128 and more).
EXIT_MARK = re.compile(rb"\x1b\]777;segue-exit;(\d+)\x07")
EOT = b"\x04"
TIMEOUT_STATUS = 124


def exit_status(board, returncode, tail=b""):
    """Map QEMU's exit status back to the application's."""
    if returncode < 0:
        return 128 - returncode
    marks = EXIT_MARK.findall(tail)
    if marks and board.startswith("qemu_x86") and returncode & 1:
        return int(marks[-1])
    if board.startswith("qemu_x86"):
        # isa-debug-exit makes QEMU exit with (value << 1) | 1.
        return returncode >> 1 if returncode & 1 else 255
    return returncode


def run_piped(cmd, data, timeout):
    """Run QEMU with data fed after the banner; return its exit status
    and the last bytes of its output."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    sent = threading.Event()

    def send():
        try:
            proc.stdin.write(data + EOT)
            proc.stdin.flush()
        except BrokenPipeError:
            pass

    timed_out = threading.Event()

    def expire():
        timed_out.set()
        proc.kill()

    timer = threading.Timer(timeout, expire) if timeout else None
    if timer:
        timer.start()
    seen = b""
    tail = b""
    out = sys.stdout.buffer
    while True:
        chunk = proc.stdout.read1(4096)
        if not chunk:
            break
        out.write(chunk)
        out.flush()
        tail = (tail + chunk)[-256:]
        if not sent.is_set():
            seen = (seen + chunk)[-4096:]
            if BANNER in seen and b"\n" in seen[seen.index(BANNER):]:
                # A thread, so that output keeps flowing while QEMU
                # takes the input at the UART's pace.
                threading.Thread(target=send, daemon=True).start()
                sent.set()
    status = proc.wait()
    if timer:
        timer.cancel()
        if timed_out.is_set():
            print("\nqemu-run: timed out after %s s" % timeout,
                  file=sys.stderr)
            return TIMEOUT_STATUS, tail
    return status, tail


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", default="mps2_an385")
    parser.add_argument("--timeout", type=float, default=0)
    parser.add_argument("--input", help="file to send instead of stdin")
    parser.add_argument("elf")
    parser.add_argument("qemu", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = [a for a in args.qemu if a != "--"]
    if not os.path.exists(args.elf):
        sys.exit("qemu-run: %s not found: build it first" % args.elf)
    if subprocess.run(["sh", "-c", "command -v " + cmd[0]],
                      stdout=subprocess.DEVNULL).returncode:
        sys.exit("qemu-run: %s not found: install QEMU (Debian: "
                 "apt-get install qemu-system-arm qemu-system-x86)" % cmd[0])

    tail = b""
    if args.input is None and sys.stdin.isatty():
        # NOTE: on a terminal the output is not read, so an x86 status
        # of 128 or more arrives without its top bit.
        status = subprocess.call(cmd)
    else:
        if args.input:
            with open(args.input, "rb") as f:
                data = f.read()
        else:
            data = sys.stdin.buffer.read()
        status, tail = run_piped(cmd, data, args.timeout)
    if status == TIMEOUT_STATUS:
        sys.exit(status)
    sys.exit(exit_status(args.board, status, tail))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
