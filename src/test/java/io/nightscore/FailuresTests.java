package io.nightscore;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's one line never carries a password that a driver quoted from the database
 * URL it was given.
 */
class FailuresTests {

	@Test
	void passwordsWrittenIntoAUrlAreMaskedInTheLine() {
		assertThat(Failures.rootMessage(new IllegalStateException("launch",
				new SQLException(
						"Unable to parse URL jdbc:postgresql://db:x/scoring?user=ns&password=S3cr3t&ssl=true"))))
			.isEqualTo("Unable to parse URL jdbc:postgresql://db:x/scoring?user=ns&password=***&ssl=true");
		assertThat(Failures.firstLine("unknown host nightscore:S3cr3t@db.example: The connection attempt failed."))
			.isEqualTo("unknown host nightscore:***@db.example: The connection attempt failed.");
		assertThat(Failures.firstLine("No suitable driver found for postgresql://ns:S3cr3t@db:5432/scoring"))
			.isEqualTo("No suitable driver found for postgresql://ns:***@db:5432/scoring");
		assertThat(Failures.firstLine("jdbc:postgresql://db/scoring?sslpassword=S3cr3t"))
			.isEqualTo("jdbc:postgresql://db/scoring?sslpassword=***");
	}

	@Test
	void linesWithoutCredentialsAreUnchanged() {
		for (String line : new String[] { "Connection to db:5432 refused. Check that the hostname and port are correct",
				"Run 2 failed: publishing run 2 waited 3 times 10 s for a lock on scoring_run held by session 4711"
						+ " (user alice, application 'psql', AccessExclusiveLock)",
				"Input s3a://features/2026-11-22 cannot be read: access denied (403)",
				"FATAL: password authentication failed for user \"nightscore\"" }) {
			assertThat(Failures.firstLine(line)).isEqualTo(line);
		}
	}

}
