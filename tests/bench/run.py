#!/usr/bin/python3
"""Build and run the benchmarks in tests/bench/ under QEMU -icount.

usage: run.py [--board NAME] [BENCH...]

Each benchmark prints lines "bench: <what>: <N> instructions"; this
prints them grouped by benchmark, then the image size of the default
application. Under -icount shift=0 the counts repeat exactly, so any
change in them comes from the code.
"""
import argparse
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BENCH = os.path.join(TOP, "tests", "bench")
ICOUNT = ["-icount", "shift=0,sleep=off"]
PYTHON = "/usr/bin/python3"


def make(board, *args):
    return subprocess.run(["make", "-s", "--no-print-directory",
                           "BOARD=" + board] + list(args),
                          cwd=TOP, capture_output=True, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", default="mps2_an385")
    parser.add_argument("benches", nargs="*")
    args = parser.parse_args()
    names = args.benches or sorted(
        b for b in os.listdir(BENCH)
        if os.path.exists(os.path.join(BENCH, b, "main.c")))
    qemu = make(args.board, "print-QEMU").stdout.strip()
    qemu_args = make(args.board, "print-QEMU_ARGS").stdout.split()
    failed = 0
    for name in names:
        build_dir = os.path.join("build", args.board, "bench", name)
        build = make(args.board, "APP=tests/bench/" + name,
                     "APP_CFLAGS=-I" + os.path.join(BENCH, "include") + " -I"
                     + os.path.join(TOP, "tests", "qemu", "include"),
                     "BUILD_DIR=" + build_dir, "all")
        if build.returncode:
            print("%s: build failed\n%s%s" % (name, build.stdout,
                                              build.stderr))
            failed += 1
            continue
        elf = os.path.join(build_dir, "segue.elf")
        run = subprocess.run(
            [PYTHON, "scripts/qemu-run.py", "--board", args.board,
             "--timeout", "120", "--input", "/dev/null", elf, "--", qemu]
            + qemu_args + ICOUNT + ["-kernel", elf], cwd=TOP,
            capture_output=True, text=True)
        lines = [l for l in run.stdout.splitlines()
                 if l.startswith(("bench:", "FAIL"))]
        print("%s (%s):" % (name, args.board))
        for line in lines:
            print("  " + line)
        if run.returncode or any(l.startswith("FAIL") for l in lines):
            print("  exit status %d" % run.returncode)
            failed += 1
    size = make(args.board, "size")
    print("\nmake size (default application):")
    print(size.stdout.rstrip())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
