package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The real PostgreSQL the integration tests run against: the server and credentials from
 * the standard libpq variables ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
 * {@code PGUSER}, {@code PGPASSWORD}; default localhost:5432, database and user
 * {@code postgres}), and a schema of its own, {@value #SCHEMA}, dropped and rebuilt
 * before each test so that no test sees another's runs and nothing else in the database
 * is touched.
 */
public final class TestDatabase {

	/**
	 * The test schema: {@code NIGHTSCORE_TEST_SCHEMA}, default {@code nightscore_test},
	 * with the number of the test JVM appended when the build runs several at once
	 * (surefire and failsafe set {@code nightscore.test.schema-suffix} to {@code _} and
	 * their fork number), so that parallel forks never share a schema, a run lock or a
	 * queue.
	 */
	public static final String SCHEMA = env("NIGHTSCORE_TEST_SCHEMA", "nightscore_test") + forkSuffix();

	/**
	 * Whether a test of this JVM used the test schema, which is then dropped at the end.
	 */
	private static volatile boolean used;

	private static final String HOST = env("PGHOST", "localhost");

	private static final String PORT = env("PGPORT", "5432");

	private static final String DATABASE = env("PGDATABASE", "postgres");

	private static final String USER = env("PGUSER", "postgres");

	private static final String PASSWORD = env("PGPASSWORD", "");

	private TestDatabase() {
	}

	public static String url() {
		return url(SCHEMA);
	}

	private static String url(String schema) {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE + "?currentSchema=" + schema;
	}

	/**
	 * Drop the test schema with everything in it; the next nightscore run migrates it
	 * afresh.
	 */
	public static void reset() {
		used = true;
		try (Connection connection = DriverManager.getConnection(url(), USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot reach PostgreSQL at " + url() + " as " + USER
					+ " (set PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD): " + ex.getMessage(), ex);
		}
	}

	/**
	 * The Spring properties that point an in-process nightscore run at the test schema,
	 * as system properties.
	 */
	public static Map<String, String> springProperties() {
		return springProperties(SCHEMA);
	}

	private static Map<String, String> springProperties(String schema) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.datasource.url", url(schema));
		properties.put("spring.datasource.username", USER);
		properties.put("spring.datasource.password", PASSWORD);
		properties.put("spring.flyway.schemas", schema);
		properties.put("spring.flyway.default-schema", schema);
		return properties;
	}

	/** The same settings as environment variables, for a nightscore child process. */
	public static Map<String, String> environment() {
		return environment(SCHEMA);
	}

	/**
	 * The environment of a child process that works in a scratch schema of its own, the
	 * test schema's name plus {@code suffix}: drop it with {@link #dropScratch}.
	 */
	public static Map<String, String> scratchEnvironment(String suffix) {
		return environment(SCHEMA + suffix);
	}

	/** Drop a scratch schema of {@link #scratchEnvironment}, if it is there. */
	public static void dropScratch(String suffix) {
		jdbc().execute("DROP SCHEMA IF EXISTS " + SCHEMA + suffix + " CASCADE");
	}

	private static Map<String, String> environment(String schema) {
		Map<String, String> environment = new HashMap<>();
		springProperties(schema).forEach((key, value) -> environment
			.put(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value));
		return environment;
	}

	/**
	 * Create nightscore's tables in the test schema (Flyway, the application's
	 * migrations), as the first {@code score} would; {@code runs} only reads.
	 */
	public static void migrate() {
		used = true;
		Flyway.configure()
			.dataSource(url(), USER, PASSWORD)
			.schemas(SCHEMA)
			.defaultSchema(SCHEMA)
			.locations("classpath:db/migration")
			.load()
			.migrate();
	}

	/**
	 * Make every COPY or insert of customer {@code victim}'s prediction fail, as a
	 * database error in the middle of a run would (the chunk holding it rolls back and
	 * the run fails restartable); {@link #stopFailingInserts} ends it. Migrates the
	 * schema first.
	 */
	public static void failInsertsOf(String victim) {
		migrate();
		JdbcTemplate jdbc = jdbc();
		jdbc.execute("""
				CREATE FUNCTION fail_at_customer() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'injected failure'; END $$""");
		jdbc.update("CREATE TRIGGER fail_at_customer BEFORE INSERT ON prediction FOR EACH ROW WHEN"
				+ " (NEW.customer_id = " + jdbc.queryForObject("SELECT quote_literal(?)", String.class, victim)
				+ ") EXECUTE FUNCTION fail_at_customer()");
	}

	/** Let the inserts {@link #failInsertsOf} made fail succeed again. */
	public static void stopFailingInserts() {
		jdbc().execute("DROP FUNCTION fail_at_customer() CASCADE");
	}

	/**
	 * Drop the test schema, if a test of this JVM used it: the test run leaves no schema
	 * behind.
	 */
	static void dropIfUsed() {
		if (!used) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(url(), USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop the test schema " + SCHEMA + ": " + ex.getMessage());
		}
	}

	/**
	 * What the test schema holds now, tables, data, sequences, views, functions and
	 * grants, as {@code pg_dump} writes it: a state that several tests start from, made
	 * once by real runs and {@linkplain #restore(Path) restored} before each of them.
	 * @param file where the dump is written
	 */
	public static Path dump(Path file) {
		used = true;
		postgresTool(List.of("pg_dump", "--schema=" + SCHEMA, "--file=" + file));
		return file;
	}

	/**
	 * Replace the test schema with a {@linkplain #dump(Path) dump} of it.
	 */
	public static void restore(Path dump) {
		used = true;
		jdbc().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		postgresTool(List.of("psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=" + dump));
	}

	private static void postgresTool(List<String> command) {
		List<String> full = new ArrayList<>(command);
		full.addAll(List.of("--host=" + HOST, "--port=" + PORT, "--username=" + USER, "--dbname=" + DATABASE));
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
		builder.environment().put("PGPASSWORD", PASSWORD);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed (" + command.get(0)
						+ " comes with PostgreSQL's client tools): " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command.get(0) + " (install PostgreSQL's client tools)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static DataSource dataSource() {
		return new DriverManagerDataSource(url(), USER, PASSWORD);
	}

	public static JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	private static String forkSuffix() {
		// a value of only ${surefire.forkNumber} would reach the fork empty: Maven
		// resolves a lone unknown expression to null
		String suffix = System.getProperty("nightscore.test.schema-suffix", "");
		return suffix.matches("_\\d+") ? suffix : "";
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
