#!/usr/bin/python3
"""Build every test application in tests/qemu/, boot it in QEMU and judge
its console output and exit status.

usage: run.py [--board NAME]... [--jobs N] [TEST...]

Each test is a folder with .c files, an optional prj.conf and a file
named expect, which contains one directive a line:

    # comment            the first one says what the test asks
    status N             exit status main must end with (required)
    input FILE           send FILE to the console after the boot banner
    timeout S            seconds before the run counts as hung (20)
    boards NAME...       run only on these boards
    app DIR              build DIR (relative to the tree) instead of
                         this folder, which then holds only expect and
                         its input
    config FILE          a Kconfig fragment applied after the app's own
    build-error TEXT     the build must fail with TEXT in its output;
                         nothing is booted
    > TEXT               a console line equal to TEXT, after the previous
    ~ REGEX              a console line matching REGEX, after the previous
    ! TEXT               TEXT appears on no console line

A line starting with "FAIL:" fails the test, and so does "PANIC" unless
the test expects it. The runner prints a line per test, a total per board
and finally "N passed, N failed"; it exits 1 if any test failed.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TESTS = os.path.join(TOP, "tests", "qemu")
PYTHON = "/usr/bin/python3"
DEFAULT_TIMEOUT = 20


class Expect:
    def __init__(self, path):
        self.status = None
        self.input = None
        self.timeout = DEFAULT_TIMEOUT
        self.boards = None
        self.steps = []      # ("line" | "regex", text)
        self.absent = []
        self.question = ""
        self.app = None
        self.config = None
        self.build_error = None
        with open(path) as f:
            for number, raw in enumerate(f, 1):
                self.parse(raw.rstrip("\n"), path, number)
        if self.status is None and self.build_error is None:
            raise ValueError("%s: missing 'status N'" % path)

    def parse(self, line, path, number):
        if not line.strip():
            return
        if line.startswith("#"):
            if not self.question:
                self.question = line[1:].strip()
            return
        if line.startswith("> "):
            self.steps.append(("line", line[2:]))
            return
        if line.startswith("~ "):
            self.steps.append(("regex", line[2:]))
            return
        if line.startswith("! "):
            self.absent.append(line[2:])
            return
        word, _, rest = line.partition(" ")
        if word == "status":
            self.status = int(rest)
        elif word == "input":
            self.input = rest.strip()
        elif word == "timeout":
            self.timeout = float(rest)
        elif word == "boards":
            self.boards = rest.split()
        elif word == "config":
            self.config = rest.strip()
        elif word == "app":
            self.app = rest.strip()
        elif word == "build-error":
            self.build_error = rest.strip()
        else:
            raise ValueError("%s:%d: unknown directive %r"
                             % (path, number, line))


def judge(expect, output, status):
    """Return None if the run passed, else the reason it failed."""
    lines = [l.rstrip("\r") for l in output.split("\n")]
    if status != expect.status:
        return "exit status %d, expected %d" % (status, expect.status)
    for line in lines:
        if line.startswith("FAIL:"):
            return "check failed: " + line
    expects_panic = any("PANIC" in text for _, text in expect.steps)
    if not expects_panic and any("PANIC" in l for l in lines):
        return "kernel panic: " + next(l for l in lines if "PANIC" in l)
    for text in expect.absent:
        for line in lines:
            if text in line:
                return "unexpected output: " + line
    pos = 0
    for kind, text in expect.steps:
        while pos < len(lines):
            line = lines[pos]
            pos += 1
            if kind == "line" and line == text:
                break
            if kind == "regex" and re.fullmatch(text, line):
                break
        else:
            return "missing line: %s %s" % ("~" if kind == "regex" else ">",
                                             text)
    return None


def board_var(board, name):
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "BOARD=" + board,
         "APP=samples/calc", "print-" + name],
        cwd=TOP, capture_output=True, text=True)
    return out.stdout.strip()


def run_test(board, name):
    folder = os.path.join(TESTS, name)
    try:
        expect = Expect(os.path.join(folder, "expect"))
    except (OSError, ValueError) as err:
        return name, board, "bad expect file: %s" % err, ""
    if expect.boards and board not in expect.boards:
        return name, board, "skip", ""
    app = expect.app or os.path.relpath(folder, TOP)
    build_dir = os.path.join("build", board, "tests", name)
    extra = [os.path.join(folder, expect.config)] if expect.config else []
    build = subprocess.run(
        ["make", "-s", "--no-print-directory", "BOARD=" + board,
         "APP=" + app, "APP_CFLAGS=-I" + os.path.join(TESTS, "include"),
         "BUILD_DIR=" + build_dir, "EXTRA_CONF=" + " ".join(extra),
         "all"], cwd=TOP, capture_output=True, text=True)
    log = build.stdout + build.stderr
    if expect.build_error is not None:
        if build.returncode == 0:
            return name, board, "build succeeded, expected it to fail", log
        if expect.build_error not in log:
            return (name, board, "build failed without the message %r"
                    % expect.build_error, log)
        return name, board, None, log
    if build.returncode:
        return name, board, "build failed", log
    elf = os.path.join(build_dir, "segue.elf")
    cmd = [PYTHON, "scripts/qemu-run.py", "--board", board,
           "--timeout", str(expect.timeout),
           "--input", os.path.join(folder, expect.input)
           if expect.input else "/dev/null", elf, "--"]
    cmd += board_command(board, elf)
    run = subprocess.run(cmd, cwd=TOP, capture_output=True)
    output = run.stdout.decode("utf-8", "replace")
    if run.returncode == 124:
        return name, board, "timed out after %gs" % expect.timeout, output
    reason = judge(expect, output, run.returncode)
    return name, board, reason, output


BOARD_COMMANDS = {}


def board_command(board, elf):
    if board not in BOARD_COMMANDS:
        qemu = board_var(board, "QEMU")
        args = board_var(board, "QEMU_ARGS").split()
        BOARD_COMMANDS[board] = [qemu] + args
    return BOARD_COMMANDS[board] + ["-kernel", elf]


def all_boards():
    return sorted(b for b in os.listdir(os.path.join(TOP, "boards"))
                  if os.path.exists(os.path.join(TOP, "boards", b,
                                                 "board.mk")))


def all_tests():
    return sorted(t for t in os.listdir(TESTS)
                  if os.path.exists(os.path.join(TESTS, t, "expect")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", action="append")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("tests", nargs="*")
    args = parser.parse_args()
    boards = args.board or all_boards()
    tests = args.tests or all_tests()
    unknown = [t for t in tests if t not in all_tests()]
    if unknown:
        sys.exit("run.py: no such test: " + " ".join(unknown))
    for board in boards:
        board_command(board, "")

    totals = {b: [0, 0] for b in boards}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = [pool.submit(run_test, b, t) for b in boards for t in tests]
        for job in concurrent.futures.as_completed(jobs):
            name, board, reason, output = job.result()
            if reason == "skip":
                continue
            if reason is None:
                totals[board][0] += 1
                print("PASS %s (%s)" % (name, board), flush=True)
            else:
                totals[board][1] += 1
                failures.append((name, board, reason, output))
                print("FAIL %s (%s): %s" % (name, board, reason), flush=True)
    for name, board, reason, output in sorted(failures):
        print("\n--- %s (%s): %s; last output:" % (name, board, reason))
        print("\n".join(output.splitlines()[-40:]))
    print()
    for board in boards:
        print("%s: %d passed, %d failed" % (board, *totals[board]))
    passed = sum(t[0] for t in totals.values())
    failed = sum(t[1] for t in totals.values())
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
