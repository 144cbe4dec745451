package io.nightscore.job;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.input.InputNotReadyException;
import io.nightscore.job.RunOutcome.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Turns what made a run fail into what the operator acts on: the outcome's kind (and so
 * the exit code) and one line saying what went wrong and what to do. Stack traces go to
 * the DEBUG log only. Stateless.
 */
public final class RunFailures {

	private static final Logger logger = LoggerFactory.getLogger(RunFailures.class);

	/**
	 * PostgreSQL's SQL states for a server that went away: admin shutdown, crash
	 * shutdown, cannot connect now. Class 08 (connection exception) is matched as a
	 * whole.
	 */
	private static final Set<String> SERVER_GONE_STATES = Set.of("57P01", "57P02", "57P03");

	/**
	 * SQL states of a connection PostgreSQL refuses for good: no such database, no such
	 * role or a wrong password, and pgjdbc's "the server requested a password but none
	 * was given" (08004). A retry is refused the same way.
	 */
	private static final Set<String> CONFIGURATION_STATES = Set.of("3D000", "28000", "28P01", "08004");

	/**
	 * pgjdbc's refusal of a connection setting's value: "Invalid sslmode value: bogus".
	 */
	private static final Pattern INVALID_SETTING = Pattern.compile("Invalid \\w+ value: .*");

	private RunFailures() {
	}

	/**
	 * Whether PostgreSQL refused the configured database or credentials: a configuration
	 * problem (exit 2) that no retry fixes, unlike an unreachable server.
	 */
	public static boolean isConfigurationRefusal(Throwable failure) {
		return configurationRefusal(failure) != null || badUrl(failure) != null || sealedPool(failure) != null;
	}

	/**
	 * The database URL itself is wrong, or {@code null}: no PostgreSQL JDBC URL
	 * ({@code jdbc:postgres://...}; DriverManager's and Spring Boot's words), one pgjdbc
	 * cannot parse (a port that is no number; pgjdbc's, and Hikari's when pgjdbc turns it
	 * down), or a connection setting with a value pgjdbc does not know
	 * ({@code sslmode=bogus}), or a user and password written before the host
	 * ({@code //user:secret@host}), which pgjdbc takes for part of the host name and
	 * reports as an unknown host. A retry is refused the same way.
	 */
	private static Throwable badUrl(Throwable failure) {
		return Failures.cause(failure, RunFailures::refusesTheUrl);
	}

	private static boolean refusesTheUrl(Throwable t) {
		String message = t.getMessage();
		return message != null && (message.startsWith("No suitable driver found for")
				|| message.startsWith("Failed to determine a suitable driver class")
				|| message.startsWith("Unable to parse URL") || message.contains("claims to not accept jdbcUrl")
				|| (t instanceof SQLException && INVALID_SETTING.matcher(message).matches())
				|| (t instanceof UnknownHostException && message.contains("@")));
	}

	/**
	 * Hikari's refusal to take a setting once its pool started, or {@code null}. An
	 * environment variable such as {@code SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT}
	 * also reads as the nested property {@code hikari.connection.timeout}, and binding it
	 * calls {@code getConnection()}, which starts the pool before the other settings are
	 * bound (spring-boot#51363).
	 */
	private static Throwable sealedPool(Throwable failure) {
		return Failures.cause(failure, (t) -> t instanceof IllegalStateException && t.getMessage() != null
				&& t.getMessage().startsWith("The configuration of the pool is sealed"));
	}

	private static SQLException configurationRefusal(Throwable failure) {
		return (SQLException) Failures.cause(failure, (t) -> t instanceof SQLException sql && sql.getSQLState() != null
				&& CONFIGURATION_STATES.contains(sql.getSQLState()));
	}

	/** The outcome of a run that ended with the given failure exceptions. */
	static RunOutcome outcome(long runId, List<Throwable> failures) {
		for (Class<? extends Throwable> type : List.of(ContractException.class, RejectRateExceededException.class,
				InputNotReadyException.class)) {
			for (Throwable failure : failures) {
				Throwable cause = find(failure, type);
				if (cause != null) {
					logger.debug("Run {} failed", runId, failure);
					Kind kind = (cause instanceof ContractException) ? Kind.CONTRACT_VIOLATION
							: (cause instanceof RejectRateExceededException) ? Kind.TOO_MANY_REJECTS
									: Kind.INPUT_NOT_READY;
					return new RunOutcome(kind, runId, cause.getMessage());
				}
			}
		}
		for (Throwable failure : failures) {
			Throwable link = find(failure, UnsatisfiedLinkError.class);
			String text = String.valueOf(failure.getMessage());
			if (link != null || text.contains("UnsatisfiedLinkError")) {
				logger.debug("Run {} failed", runId, failure);
				String reason = Failures.firstLine((link != null) ? String.valueOf(link.getMessage()) : text);
				return new RunOutcome(Kind.CONTRACT_VIOLATION, runId,
						"Run " + runId + " failed: a native library" + " cannot be loaded (" + reason
								+ "): the image or host lacks a library XGBoost4J needs (for"
								+ " libgomp.so.1, install libgomp1); a retry fails the same way");
			}
		}
		Throwable first = failures.stream()
			.filter((failure) -> failure.getMessage() == null
					|| !failure.getMessage().startsWith("Partition handler returned"))
			.findFirst()
			.orElse(failures.isEmpty() ? new IllegalStateException("no reason recorded") : failures.get(0));
		failures.forEach((failure) -> logger.debug("Run {} failed", runId, failure));
		Throwable broker = failures.stream()
			.map(RunFailures::brokerFailure)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		if (broker != null) {
			return new RunOutcome(Kind.FAILED, runId,
					"Run " + runId + " failed: RabbitMQ cannot be reached (" + Failures.rootMessage(broker)
							+ "): check SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD and"
							+ " _VIRTUAL_HOST, then run the same command again to resume the run");
		}
		Throwable lost = failures.stream()
			.map(RunFailures::connectionLoss)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(failures.stream()
				.map(RunFailures::brokenTransaction)
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null));
		if (lost != null) {
			return new RunOutcome(Kind.FAILED, runId, "Run " + runId + " failed: " + lostConnection(lost)
					+ ". Once the database is reachable, run the same command again: the run resumes from its last"
					+ " committed chunk");
		}
		if (failures.stream().anyMatch((failure) -> find(failure, OptimisticLockingFailureException.class) != null)) {
			return new RunOutcome(Kind.FAILED, runId, "Run " + runId + " failed: another attempt took this run over"
					+ " while it was running (this process had lost its run lock, or the database its connection):"
					+ " this attempt's unfinished chunks were rolled back. See 'nightscore runs' before running it"
					+ " again");
		}
		return new RunOutcome(Kind.FAILED, runId,
				"Run " + runId + " failed: " + Failures.rootMessage(applicationFailure(first))
						+ "; run the same command again to resume it from its last committed chunk");
	}

	/**
	 * One line for an unexpected failure: for a lost or refused database connection "the
	 * connection to PostgreSQL failed (reason)", otherwise the innermost cause's message.
	 */
	public static String describe(Throwable failure) {
		Throwable lost = (connectionLoss(failure) != null) ? connectionLoss(failure) : brokenTransaction(failure);
		return (lost != null) ? lostConnection(lost) : Failures.rootMessage(applicationFailure(failure));
	}

	/**
	 * The line for a launch that failed outside the job (the database unreachable at
	 * start, the job repository refusing the restart, ...).
	 */
	public static String launchFailure(Throwable failure) {
		SQLException refusal = configurationRefusal(failure);
		if (refusal != null) {
			return "nightscore: PostgreSQL refused the connection (" + Failures.firstLine(refusal.getMessage())
					+ "): check the database settings (SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and"
					+ " SPRING_DATASOURCE_PASSWORD, or PGHOST, PGDATABASE, PGUSER and PGPASSWORD); a retry is refused"
					+ " the same way";
		}
		Throwable badUrl = badUrl(failure);
		if (badUrl != null) {
			String reason = (badUrl instanceof UnknownHostException)
					? "unknown host " + Failures.firstLine(badUrl.getMessage())
							+ ": PostgreSQL's driver reads no user or password before the host; give them as"
							+ " SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD"
					: Failures.firstLine(badUrl.getMessage());
			return "nightscore: the database URL is wrong (" + reason
					+ "): check SPRING_DATASOURCE_URL (jdbc:postgresql://HOST:PORT/DATABASE?SETTINGS) or PGHOST, PGPORT"
					+ " and PGDATABASE; a retry is refused the same way";
		}
		if (sealedPool(failure) != null) {
			return "nightscore: the database pool's settings cannot be applied (the configuration of the pool is sealed"
					+ " once started): a SPRING_DATASOURCE_HIKARI_CONNECTION_... variable also reads as the property"
					+ " 'connection', which opens the pool before its settings are bound; write the setting's name"
					+ " without that underscore (SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=5000) or as a JVM option"
					+ " (-Dspring.datasource.hikari.connection-timeout=5000)";
		}
		return "nightscore: " + describe(failure) + (isConnectionLoss(failure)
				? ". Once the database is reachable, run the same command again: the run, if any, resumes from its last"
						+ " committed chunk"
				: " (the run, if any, is restartable: run the same command again)");
	}

	/** Whether the failure is the database going away or refusing connections. */
	public static boolean isConnectionLoss(Throwable failure) {
		return connectionLoss(failure) != null || brokenTransaction(failure) != null;
	}

	private static String lostConnection(Throwable lost) {
		Throwable unknownHost = find(lost, UnknownHostException.class);
		String reason = Failures.firstLine(String.valueOf(lost.getMessage()));
		return "the connection to PostgreSQL failed (" + ((unknownHost != null)
				? "unknown host " + Failures.firstLine(String.valueOf(unknownHost.getMessage())) + ": " + reason
				: reason) + ")";
	}

	/**
	 * The first exception in the chain that is Spring AMQP's (the broker unreachable or
	 * refusing the login), or {@code null}; matched by name, so that a local run never
	 * loads the broker's classes.
	 */
	private static Throwable brokerFailure(Throwable failure) {
		return Failures.cause(failure, (t) -> t.getClass().getName().startsWith("org.springframework.amqp."));
	}

	/**
	 * The exception that made a transaction roll back, when the rollback failed too (as
	 * it does once the connection is gone): it says what happened, the rollback's does
	 * not.
	 */
	private static Throwable applicationFailure(Throwable failure) {
		Throwable rollback = find(failure, TransactionSystemException.class);
		return (rollback != null && ((TransactionSystemException) rollback).getApplicationException() != null)
				? ((TransactionSystemException) rollback).getApplicationException() : failure;
	}

	/**
	 * The first exception in the chain (or in the chain of the exception a failed
	 * rollback hides) that says the database connection is gone or refused: an SQL state
	 * of class 08 or a server shutdown, a pool timeout, a socket error; or {@code null}.
	 */
	private static Throwable connectionLoss(Throwable failure) {
		for (Throwable chain : List.of(applicationFailure(failure), failure)) {
			Throwable lost = null;
			for (Throwable t = chain; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
				boolean lostState = t instanceof SQLException sql && sql.getSQLState() != null
						&& (sql.getSQLState().startsWith("08") || SERVER_GONE_STATES.contains(sql.getSQLState()));
				if (lostState || t instanceof SQLTransientConnectionException
						|| (lost == null && t instanceof SocketException)) {
					// the innermost SQL exception says it best ("Connection to host:port
					// refused"), the socket's below it ("Broken pipe") less so
					lost = t;
				}
			}
			if (lost != null) {
				return lost;
			}
		}
		return null;
	}

	/**
	 * A commit or rollback that failed with an SQL exception, or {@code null}: once the
	 * connection is gone the rollback fails too ("Connection is closed"), and a failed
	 * commit's own exception is not kept.
	 */
	private static Throwable brokenTransaction(Throwable failure) {
		Throwable transaction = find(failure, TransactionSystemException.class);
		return (transaction != null && find(transaction, SQLException.class) != null)
				? find(transaction, SQLException.class) : null;
	}

	static Throwable find(Throwable failure, Class<? extends Throwable> type) {
		return Failures.cause(failure, type);
	}

}
