package io.nightscore.job;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;

import io.nightscore.job.RunOutcome.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are configuration (exit 2: a retry fails the same way) and which are
 * transient (exit 1), and the one line each gets.
 */
class RunFailuresTests {

	@Test
	void aMissingDatabaseAWrongPasswordOrAnUnknownRoleIsAConfigurationRefusal() {
		for (String state : List.of("3D000", "28P01", "28000", "08004")) {
			Exception failure = new IllegalStateException("Failed to obtain JDBC Connection",
					new SQLException("FATAL: refused", state));

			assertThat(RunFailures.isConfigurationRefusal(failure)).as(state).isTrue();
			assertThat(RunFailures.launchFailure(failure)).as(state)
				.startsWith(
						"nightscore: PostgreSQL refused the connection (FATAL: refused): check the database settings")
				.endsWith("a retry is refused the same way");
		}
	}

	@Test
	void aPoolSealedByAnAmbiguousHikariVariableIsConfigurationAndSaysHowToWriteIt() {
		Exception sealed = new IllegalStateException("Failed to bind properties under 'spring.datasource.hikari'",
				new IllegalStateException(
						"The configuration of the pool is sealed once started. Use HikariConfigMXBean for runtime changes."));

		assertThat(RunFailures.isConfigurationRefusal(sealed)).isTrue();
		assertThat(RunFailures.launchFailure(sealed)).contains("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=5000")
			.contains("-Dspring.datasource.hikari.connection-timeout=5000");
	}

	@Test
	void anUnknownHostOrARefusedConnectionIsTransientAndNamesTheHost() {
		Exception unknownHost = new IllegalStateException("Failed to obtain JDBC Connection", new SQLException(
				"The connection attempt failed.", "08001", new UnknownHostException("db.example.invalid")));
		Exception refused = new SQLException("Connection to 127.0.0.1:1 refused.", "08001");

		assertThat(RunFailures.isConfigurationRefusal(unknownHost)).isFalse();
		assertThat(RunFailures.isConfigurationRefusal(refused)).isFalse();
		assertThat(RunFailures.launchFailure(unknownHost)).startsWith(
				"nightscore: the connection to PostgreSQL failed (unknown host db.example.invalid: The connection attempt failed.)");
		assertThat(RunFailures.isConnectionLoss(refused)).isTrue();
	}

	@Test
	void aUserAndPasswordWrittenBeforeTheHostIsAWrongUrlNotAnUnreachableDatabase() {
		Exception userInfo = new IllegalStateException("Failed to obtain JDBC Connection", new SQLException(
				"The connection attempt failed.", "08001", new UnknownHostException("nightscore:secret@db")));

		assertThat(RunFailures.isConfigurationRefusal(userInfo)).isTrue();
		assertThat(RunFailures.launchFailure(userInfo)).doesNotContain("secret")
			.startsWith("nightscore: the database URL is wrong (unknown host nightscore:***@db: PostgreSQL's driver"
					+ " reads no user or password before the host; give them as SPRING_DATASOURCE_USERNAME and"
					+ " SPRING_DATASOURCE_PASSWORD)")
			.endsWith("a retry is refused the same way");
	}

	@Test
	void aNativeLibraryThatCannotBeLoadedIsNotRestartable() {
		RunOutcome outcome = RunFailures.outcome(3, List.of(new IllegalStateException("Cannot load the model",
				new UnsatisfiedLinkError("/tmp/libxgboost4j.so: libgomp.so.1: cannot open shared object file"))));

		assertThat(outcome.kind()).isEqualTo(Kind.CONTRACT_VIOLATION);
		assertThat(outcome.message()).isEqualTo("Run 3 failed: a native library cannot be loaded (/tmp/libxgboost4j.so:"
				+ " libgomp.so.1: cannot open shared object file): the image or host lacks a library XGBoost4J needs"
				+ " (for libgomp.so.1, install libgomp1); a retry fails the same way");
	}

}
