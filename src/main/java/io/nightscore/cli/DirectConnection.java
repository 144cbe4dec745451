package io.nightscore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * One plain JDBC connection to the database Spring would use, for the commands that only
 * read a table ({@code runs}): the {@code spring.datasource.*} settings resolved as
 * Spring resolves them (system properties, then {@code SPRING_DATASOURCE_*} environment
 * variables, then {@code application.properties} with its {@code PG*} defaults), without
 * starting Spring, a pool, Flyway or Spring Batch. Stateless.
 */
final class DirectConnection {

	/**
	 * pgjdbc's warning about a database URL it cannot parse, which java.util.logging
	 * would print as two more lines: the command's one line says so. Held here, as
	 * java.util.logging keeps its loggers only weakly.
	 */
	private static final Logger URL_WARNINGS = Logger.getLogger("org.postgresql.util.PGPropertyUtil");

	private DirectConnection() {
	}

	static Connection open() throws SQLException {
		URL_WARNINGS.setLevel(Level.SEVERE);
		StandardEnvironment environment = new StandardEnvironment();
		try {
			environment.getPropertySources()
				.addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Properties properties = new Properties();
		properties.setProperty("user", environment.getProperty("spring.datasource.username", ""));
		properties.setProperty("password", environment.getProperty("spring.datasource.password", ""));
		properties.setProperty("ApplicationName", "nightscore runs");
		return DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"), properties);
	}

}
