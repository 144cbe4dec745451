package io.nightscore.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points in-process nightscore runs at the test schema and empties it before each test.
 */
final class CleanDatabaseExtension implements BeforeAllCallback, BeforeEachCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		TestDatabase.springProperties().forEach(System::setProperty);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		TestDatabase.reset();
	}

}
