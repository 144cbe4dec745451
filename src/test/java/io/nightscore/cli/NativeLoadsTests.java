package io.nightscore.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NativeLoadsTests {

	private final NativeLoads loads = new NativeLoads();

	@Test
	void anExitWaitsForTheLoadInProgressAndNoLoadStartsAfterIt() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		AtomicBoolean loaded = new AtomicBoolean();
		CompletableFuture<Boolean> load = CompletableFuture.supplyAsync(() -> this.loads.run(() -> {
			loading.countDown();
			await(finish);
			loaded.set(true);
		}));
		assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Boolean> exit = CompletableFuture.supplyAsync(() -> this.loads.exit(Duration.ofMinutes(1)));
		assertThatExceptionOfType(TimeoutException.class).as("the exit waits while the library loads")
			.isThrownBy(() -> exit.get(200, TimeUnit.MILLISECONDS));
		assertThat(loaded).isFalse();
		finish.countDown();

		assertThat(exit.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(loaded).as("the exit came after the load had ended").isTrue();
		assertThat(load.get(10, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean late = new AtomicBoolean();
		assertThat(this.loads.run(() -> late.set(true))).isFalse();
		assertThat(late).isFalse();
	}

	@Test
	void anExitWaitsNoLongerThanItsPatienceForALoadThatHangs() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Boolean> load = CompletableFuture.supplyAsync(() -> this.loads.run(() -> {
			loading.countDown();
			await(finish);
		}));
		assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

		assertThat(this.loads.exit(Duration.ofMillis(20))).isFalse();
		finish.countDown();
		assertThat(load.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void withoutAnExitEveryLoadRunsAndAnExitAfterThemNeedNotWait() {
		AtomicBoolean first = new AtomicBoolean();
		AtomicBoolean second = new AtomicBoolean();

		assertThat(this.loads.run(() -> first.set(true))).isTrue();
		assertThat(this.loads.run(() -> second.set(true))).isTrue();

		assertThat(first).isTrue();
		assertThat(second).isTrue();
		assertThat(this.loads.exit(Duration.ZERO)).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
