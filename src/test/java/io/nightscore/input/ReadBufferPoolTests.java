package io.nightscore.input;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The pool that a file's reader reads its windows into: a released buffer is handed out
 * again, never one still in use, never one twice, and it keeps no more than it is
 * allowed.
 */
class ReadBufferPoolTests {

	@Test
	void aBufferComesWithItsLimitAtTheSizeAskedForAndRoomToGrow() {
		ReadBufferPool pool = new ReadBufferPool();

		ByteBuffer buffer = pool.allocate(100_000);

		assertThat(buffer.position()).isZero();
		assertThat(buffer.limit()).isEqualTo(100_000);
		assertThat(buffer.remaining()).isEqualTo(100_000);
		assertThat(buffer.capacity()).isBetween(112_500, 112_500 + 4096).isEqualTo(buffer.capacity() / 4096 * 4096);
		assertThat(buffer.hasArray()).isTrue();
		assertThat(pool.isDirect()).isFalse();
	}

	@Test
	void aReleasedBufferIsHandedOutAgainClearedForASizeItHolds() {
		ReadBufferPool pool = new ReadBufferPool();
		ByteBuffer first = pool.allocate(80_000);
		first.position(5_000);
		pool.release(first);

		ByteBuffer again = pool.allocate(85_000);

		assertThat(again).isSameAs(first);
		assertThat(again.position()).isZero();
		assertThat(again.limit()).isEqualTo(85_000);
		assertThat(pool.allocations()).isEqualTo(2);
		assertThat(pool.created()).isEqualTo(1);
	}

	@Test
	void aBufferInUseIsNeverHandedOutAgain() {
		ReadBufferPool pool = new ReadBufferPool();
		ByteBuffer inUse = pool.allocate(1_000);
		ByteBuffer released = pool.allocate(1_000);
		pool.release(released);

		ByteBuffer second = pool.allocate(1_000);
		ByteBuffer third = pool.allocate(1_000);

		assertThat(second).isSameAs(released);
		assertThat(third).isNotSameAs(inUse).isNotSameAs(second);
	}

	@Test
	void aBufferReleasedTwiceIsHandedOutOnce() {
		ReadBufferPool pool = new ReadBufferPool();
		ByteBuffer buffer = pool.allocate(1_000);
		pool.release(buffer);
		pool.release(buffer);

		ByteBuffer first = pool.allocate(1_000);
		ByteBuffer second = pool.allocate(1_000);

		assertThat(first).isSameAs(buffer);
		assertThat(second).isNotSameAs(buffer);
	}

	@Test
	void aBufferNeverReleasedIsLeftToTheCollector() throws InterruptedException {
		ReadBufferPool pool = new ReadBufferPool();
		WeakReference<ByteBuffer> neverReleased = new WeakReference<>(pool.allocate(1_000_000));

		for (int i = 0; i < 50 && neverReleased.get() != null; i++) {
			System.gc();
			Thread.sleep(10);
		}

		assertThat(neverReleased.get()).as("the pool keeps no reference to a buffer in use").isNull();
	}

	@Test
	void theSmallestBufferThatHoldsTheRequestIsTaken() {
		ReadBufferPool pool = new ReadBufferPool();
		ByteBuffer large = pool.allocate(400_000);
		ByteBuffer medium = pool.allocate(100_000);
		ByteBuffer small = pool.allocate(10_000);
		pool.release(large);
		pool.release(medium);
		pool.release(small);

		assertThat(pool.allocate(50_000)).isSameAs(medium);
		assertThat(pool.allocate(50_000)).isSameAs(large);
		assertThat(pool.allocate(50_000)).isNotSameAs(small);
	}

	@Test
	void releasedBuffersBeyondTheBoundAreLeftToTheCollectorSmallestFirst() {
		ReadBufferPool pool = new ReadBufferPool(300_000);
		ByteBuffer a = pool.allocate(100_000);
		ByteBuffer b = pool.allocate(150_000);
		ByteBuffer c = pool.allocate(50_000);
		ByteBuffer huge = pool.allocate(1_000_000);
		pool.release(a);
		pool.release(b);
		pool.release(c);
		pool.release(huge);

		assertThat(pool.allocate(140_000)).as("the largest kept").isSameAs(b);
		assertThat(pool.allocate(90_000)).isSameAs(a);
		assertThat(pool.allocate(40_000)).as("dropped for the bound").isNotSameAs(c);
		assertThat(pool.allocate(900_000)).as("larger than the bound: never kept").isNotSameAs(huge);
	}

	@Test
	void theBufferDroppedForTheBoundIsTheSmallestEvenWhenAnotherHoldsTheSameBytes() {
		ReadBufferPool pool = new ReadBufferPool(300_000);
		ByteBuffer a = pool.allocate(100_000);
		ByteBuffer b = pool.allocate(150_000);
		ByteBuffer c = pool.allocate(50_000);
		// what a reader left in them: the same 1,000 zero bytes, so a.equals(c)
		a.limit(1_000);
		c.limit(1_000);
		assertThat(a).isEqualTo(c);
		pool.release(a);
		pool.release(b);
		pool.release(c);

		assertThat(pool.allocate(90_000)).as("a kept, c dropped").isSameAs(a);
		assertThat(pool.allocate(90_000)).isSameAs(b);
		assertThat(pool.allocate(40_000)).isNotSameAs(c);
	}

	@Test
	void aHugeOrNegativeRequestIsAnsweredOrRefusedWithoutOverflow() {
		ReadBufferPool pool = new ReadBufferPool();

		assertThat(pool.allocate(0).remaining()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> pool.allocate(-1)).withMessageContaining("-1 bytes");
		assertThat(ReadBufferPool.capacityFor(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
		assertThat(ReadBufferPool.capacityFor(Integer.MAX_VALUE - 1000)).isEqualTo(Integer.MAX_VALUE - 16);
		assertThat(ReadBufferPool.capacityFor(1_000_000_000)).isEqualTo(1_125_003_264);
		assertThat(ReadBufferPool.capacityFor(2_000_000_000)).isEqualTo(Integer.MAX_VALUE - 16);
	}

}
