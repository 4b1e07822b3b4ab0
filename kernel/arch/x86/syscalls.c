/*
 * The system call names newlib 3.3.0 calls when it is built for
 * i686-elf and x86_64-elf: without libgloss it calls write(), read(),
 * sbrk() and the rest without the leading underscore that the Cortex-M
 * newlib uses. Each one forwards to the kernel's implementation in
 * kernel/libc.c.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

#include "kernel.h"

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
void *_sbrk(ptrdiff_t incr);
int _close(int fd);
int _lseek(int fd, int offset, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _getpid(void);
int _kill(int pid, int sig);

int write(int fd, const void *buf, size_t len);
int read(int fd, void *buf, size_t len);
void *sbrk(ptrdiff_t incr);
int close(int fd);
int lseek(int fd, int offset, int whence);
int fstat(int fd, struct stat *st);
int isatty(int fd);
int getpid(void);
int kill(int pid, int sig);
int open(const char *path, int flags, ...);

int write(int fd, const void *buf, size_t len)
{
	return _write(fd, buf, (int)len);
}

int read(int fd, void *buf, size_t len)
{
	return _read(fd, buf, (int)len);
}

void *sbrk(ptrdiff_t incr)
{
	return _sbrk(incr);
}

int close(int fd)
{
	return _close(fd);
}

int lseek(int fd, int offset, int whence)
{
	return _lseek(fd, offset, whence);
}

int fstat(int fd, struct stat *st)
{
	return _fstat(fd, st);
}

int isatty(int fd)
{
	return _isatty(fd);
}

int getpid(void)
{
	return _getpid();
}

int kill(int pid, int sig)
{
	return _kill(pid, sig);
}

/* Only the console exists, and it is already open as fds 0 to 2. */
int open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}
