package io.nightscore.input;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the next item of another reader on a background thread while the step processes
 * and writes the current one, so that decoding overlaps scoring and COPY. At most one
 * item is read ahead.
 *
 * <p>
 * Restart: the state this reader saves is the delegate's state right after it read the
 * last item handed out, taken on the background thread before it reads further, never the
 * state after the item read ahead; a restart therefore resumes after the last item of the
 * last committed chunk, exactly as without read-ahead. Failures of the background read
 * (exceptions and errors, out of memory included) are thrown by the {@link #read} that
 * asks for that item, unchanged. Memory: one item more than the delegate holds. Not
 * thread-safe, as the step's reader need not be: one reader per partition; the delegate
 * is used by one thread at a time.
 *
 * @param <T> the item type
 */
public class PrefetchingReader<T> implements ItemStreamReader<T> {

	private final ItemStreamReader<T> delegate;

	private final String threadName;

	private ExecutorService executor;

	private Future<Read<T>> next;

	private ExecutionContext handedOut = new ExecutionContext();

	/**
	 * @param delegate the reader to read ahead of
	 * @param threadName the name of the background thread
	 */
	public PrefetchingReader(ItemStreamReader<T> delegate, String threadName) {
		this.delegate = delegate;
		this.threadName = threadName;
	}

	@Override
	public void open(ExecutionContext context) {
		this.delegate.open(context);
		this.handedOut = stateOfDelegate();
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.next = readAhead();
	}

	@Override
	public T read() {
		if (this.next == null) {
			this.next = readAhead();
		}
		Read<T> read = await(this.next);
		this.next = null;
		this.handedOut = read.state();
		if (read.item() != null) {
			this.next = readAhead();
		}
		return read.item();
	}

	@Override
	public void update(ExecutionContext context) {
		for (Map.Entry<String, Object> entry : this.handedOut.entrySet()) {
			context.put(entry.getKey(), entry.getValue());
		}
	}

	@Override
	public void close() {
		try {
			if (this.next != null) {
				// the delegate must not be closed under a read in flight
				try {
					this.next.get();
				}
				catch (ExecutionException ex) {
					// the item was never asked for: its failure does not matter now
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.next = null;
			}
		}
		finally {
			if (this.executor != null) {
				this.executor.shutdownNow();
				this.executor = null;
			}
			this.delegate.close();
		}
	}

	private Future<Read<T>> readAhead() {
		if (this.executor == null) {
			throw new ItemStreamException("Reader " + this.threadName + " is not open");
		}
		return this.executor.submit(() -> {
			T item = this.delegate.read();
			return new Read<>(item, stateOfDelegate());
		});
	}

	private ExecutionContext stateOfDelegate() {
		ExecutionContext state = new ExecutionContext();
		this.delegate.update(state);
		return state;
	}

	private static <T> Read<T> await(Future<Read<T>> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new ItemStreamException("Reading ahead failed: " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ItemStreamException("Interrupted while waiting for the next item", ex);
		}
	}

	/** An item read ahead (null at the end) and the delegate's state right after it. */
	private record Read<T>(T item, ExecutionContext state) {
	}

}
