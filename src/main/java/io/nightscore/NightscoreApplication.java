package io.nightscore;

import io.nightscore.cli.NightscoreCommand;
import io.nightscore.job.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * nightscore's entry point: parses the command line first (so {@code --help} and bad
 * usage need no database), starts Spring only for the commands that need it, and exits
 * with the run's outcome as the process exit code.
 */
@SpringBootApplication
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

	/**
	 * Start the application context for a command. Spring's own shutdown hook is off: on
	 * SIGTERM the run must first stop at a chunk boundary, with its database connections
	 * still open.
	 */
	public static ConfigurableApplicationContext start(String... args) {
		QuietLogbackStatus.install();
		SpringApplication application = new SpringApplication(NightscoreApplication.class);
		application.setRegisterShutdownHook(false);
		application.setLogStartupInfo(false);
		application.addListeners(new LoggingReady());
		return application.run(args);
	}

}
