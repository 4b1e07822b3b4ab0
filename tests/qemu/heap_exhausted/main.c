/*
 * When malloc() requests more than the C library heap holds, does it
 * return NULL with errno ENOMEM and leave the stack pool alone, and do
 * smaller requests and free() still work afterwards?
 *
 * The heap is CONFIG_LIBC_HEAP_SIZE = 1024 bytes (prj.conf). Nothing is
 * printed until the end, because stdio takes its buffers from the same
 * heap.
 */
#include <errno.h>
#include <segue.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define HEAP_BYTES 1024
#define BLOCK_BYTES 64
/* More blocks than can fit, so the fill loop always ends on NULL. */
#define MAX_BLOCKS (HEAP_BYTES / BLOCK_BYTES + 1)

static void *blocks[MAX_BLOCKS];

/* Allocate BLOCK_BYTES blocks until malloc fails, and return the count. */
static int fill_heap(void)
{
	int n = 0;

	while (n < MAX_BLOCKS) {
		blocks[n] = malloc(BLOCK_BYTES);
		if (!blocks[n])
			break;
		memset(blocks[n], n, BLOCK_BYTES);
		n++;
	}
	return n;
}

static void free_blocks(int n)
{
	for (int i = 0; i < n; i++)
		free(blocks[i]);
}

int main(void)
{
	struct stack_pool_stats before, after;
	int first_fill, second_fill;
	int intact = 1;
	void *big, *small;

	stack_pool_stats(&before);

	errno = 0;
	big = malloc(HEAP_BYTES + 1);
	CHECK(big == NULL);
	CHECK_EQ(errno, ENOMEM);
	errno = 0;
	big = malloc(SIZE_MAX / 2);
	CHECK(big == NULL);
	CHECK_EQ(errno, ENOMEM);
	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	CHECK_EQ(after.segments_min_free, before.segments_min_free);

	/* A request that fits still succeeds after the failures. */
	small = malloc(BLOCK_BYTES);
	CHECK(small != NULL);
	free(small);

	/* Fill the heap with blocks, check them, free them all, and fill
	 * it again: free() must give every block back. */
	first_fill = fill_heap();
	CHECK(first_fill < MAX_BLOCKS);
	CHECK(first_fill * BLOCK_BYTES <= HEAP_BYTES);
	/* Chunk headers and alignment may cost at most two blocks. */
	CHECK(first_fill >= HEAP_BYTES / BLOCK_BYTES - 2);
	CHECK_EQ(errno, ENOMEM);
	for (int i = 0; i < first_fill; i++) {
		const unsigned char *p = blocks[i];

		for (int k = 0; k < BLOCK_BYTES; k++)
			if (p[k] != (unsigned char)i)
				intact = 0;
	}
	CHECK(intact);
	free_blocks(first_fill);
	second_fill = fill_heap();
	CHECK_EQ(second_fill, first_fill);
	free_blocks(second_fill);

	stack_pool_stats(&after);
	CHECK_EQ(after.segments_free, before.segments_free);
	return check_done();
}
