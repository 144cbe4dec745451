package io.nightscore;

import java.util.Arrays;

import io.nightscore.cli.NightscoreCommand;
import io.nightscore.job.RemoteProperties;
import io.nightscore.job.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * nightscore's entry point: parses the command line first (so {@code --help} and bad
 * usage need no database), starts Spring only for the commands that need it, and exits
 * with the run's outcome as the process exit code.
 *
 * <p>
 * The batch commands' context leaves out the auto-configurations it has no use for, each
 * of which costs start-up time (about 0.3 s of {@code score}'s fixed cost together,
 * {@code bench/startup.sh}): the JVM, system, logback, SSL, start-up and executor meters
 * (a run pushes its own and Spring Batch's metrics, not the JVM's), Hikari's pool meters
 * (binding them could find the pool already started, sealed), Spring's task executor and
 * scheduler (the score step makes its own threads), Jackson's auto-configured mapper and
 * HTTP message converters (nightscore uses Jackson's shared mapper; {@code serve} has its
 * own context), AOP, message sources, SSL bundles, {@code JdbcClient}, persistence
 * exception translation, availability and project-info beans.
 */
@SpringBootApplication(excludeName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration",
		"org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
		"org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
		"org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration",
		"org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration",
		"org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration" })
public class NightscoreApplication {

	public static void main(String[] args) {
		// a thread that dies of an exception leaves one log line, not "Exception in
		// thread" and a stack trace (which is logged at DEBUG)
		Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
			Logger logger = LoggerFactory.getLogger(NightscoreApplication.class);
			logger.error("Thread {} failed: {}", thread.getName(), Failures.rootMessage(failure));
			logger.debug("Thread {} failed", thread.getName(), failure);
		});
		StopSignal.install();
		// nothing here touches logging: logback reading its configuration is a third of
		// --help's time, and --help and usage errors never log
		System.exit(NightscoreCommand.execute(System.getenv(), args));
	}

	/** No messages to translate, and no start-up time spent on them. */
	@Bean(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)
	static MessageSource messageSource() {
		return new NoMessageSource();
	}

	/**
	 * Start the application context for a command. Spring's own shutdown hook is off: on
	 * SIGTERM the run must first stop at a chunk boundary, with its database connections
	 * still open. With {@code -Dspring.aot.enabled=true}, the context of a command
	 * without a remote role starts from the definitions prepared at build time
	 * ({@link AheadOfTimeContext}).
	 */
	public static ConfigurableApplicationContext start(String... args) {
		QuietLogbackStatus.install();
		SpringApplication application = new SpringApplication(NightscoreApplication.class);
		application.setRegisterShutdownHook(false);
		application.setLogStartupInfo(false);
		application.addListeners(new LoggingReady());
		// the prepared context has no remote role: a manager's or worker's beans differ
		AheadOfTimeContext.apply(application,
				Arrays.stream(args).noneMatch((argument) -> argument.startsWith("--" + RemoteProperties.ROLE + "=")));
		return application.run(args);
	}

}
