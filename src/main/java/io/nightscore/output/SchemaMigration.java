package io.nightscore.output;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migrates the schema with Flyway only when it is not current. A schema is current when
 * Flyway's history holds exactly the versions of the migrations this build ships (its
 * {@code classpath:} locations' {@code V<version>__*.sql} files), all successful: one
 * query instead of Flyway scanning, checksumming and validating every migration at every
 * start (a sixth of a {@code score}'s start-up). Anything else — no history table, a
 * version missing or failed, a newer schema than this build knows, a location that is not
 * on the class path, a repeatable migration — runs Flyway's migrate (validation included)
 * as before. What the shortcut does not see is an applied migration edited afterwards,
 * which the conventions forbid; the next real migration validates it. Thread-safe.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SchemaMigration {

	private static final Logger logger = LoggerFactory.getLogger(SchemaMigration.class);

	private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.+\\.sql");

	@Bean
	FlywayMigrationStrategy migrateUnlessCurrent() {
		return (flyway) -> {
			Set<MigrationVersion> shipped = shippedVersions(flyway.getConfiguration());
			if (shipped != null && shipped.equals(appliedVersions(flyway.getConfiguration()))) {
				logger.debug("Schema current at {} migrations: Flyway not run", shipped.size());
				return;
			}
			flyway.migrate();
		};
	}

	/** The versions of the migrations shipped, or {@code null} if they cannot be told. */
	static Set<MigrationVersion> shippedVersions(Configuration configuration) {
		Set<MigrationVersion> versions = new HashSet<>();
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
				configuration.getClassLoader());
		for (Location location : configuration.getLocations()) {
			if (!location.isClassPath()) {
				return null;
			}
			try {
				for (Resource resource : resolver.getResources("classpath*:" + location.getRootPath() + "/*.sql")) {
					Matcher versioned = VERSIONED.matcher(String.valueOf(resource.getFilename()));
					if (!versioned.matches()) {
						// a repeatable or differently named migration: let Flyway decide
						return null;
					}
					versions.add(MigrationVersion.fromVersion(versioned.group(1)));
				}
			}
			catch (IOException ex) {
				return null;
			}
		}
		return versions.isEmpty() ? null : versions;
	}

	/**
	 * The versions Flyway's history records as applied, or {@code null} when the history
	 * does not exist, cannot be read, or records a failure or anything but a versioned
	 * migration and the marker Flyway writes when it creates the schema itself.
	 */
	static Set<MigrationVersion> appliedVersions(Configuration configuration) {
		String schema = (configuration.getDefaultSchema() != null) ? configuration.getDefaultSchema()
				: Arrays.stream(configuration.getSchemas()).findFirst().orElse(null);
		String table = ((schema != null) ? quote(schema) + "." : "") + quote(configuration.getTable());
		Set<MigrationVersion> versions = new HashSet<>();
		try (Connection connection = configuration.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT version, type, success FROM " + table)) {
			while (rows.next()) {
				if ("SCHEMA".equals(rows.getString(2)) && rows.getBoolean(3)) {
					// "<< Flyway Schema Creation >>": Flyway made the schema
					continue;
				}
				if (rows.getString(1) == null || !"SQL".equals(rows.getString(2)) || !rows.getBoolean(3)) {
					return null;
				}
				versions.add(MigrationVersion.fromVersion(rows.getString(1)));
			}
			return versions;
		}
		catch (SQLException ex) {
			// no history yet (a new schema) or no access: Flyway says what is wrong
			return null;
		}
	}

	private static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

}
