package io.nightscore.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points in-process nightscore runs at the test schema and empties it before each test;
 * when the whole test run ends, drops it, so that the tests leave no schema behind.
 */
final class CleanDatabaseExtension implements BeforeAllCallback, BeforeEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(CleanDatabaseExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		TestDatabase.springProperties().forEach(System::setProperty);
		// the root context's store is closed when the test run ends
		context.getRoot()
			.getStore(NAMESPACE)
			.getOrComputeIfAbsent(SchemaDrop.class, (key) -> new SchemaDrop(), SchemaDrop.class);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		TestDatabase.reset();
	}

	/** Drops the test schema when the test run ends. */
	private static final class SchemaDrop implements AutoCloseable {

		@Override
		public void close() {
			TestDatabase.dropIfUsed();
		}

	}

}
