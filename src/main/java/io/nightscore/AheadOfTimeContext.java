package io.nightscore;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.core.SpringProperties;
import org.springframework.util.ClassUtils;

/**
 * The batch commands' Spring context, prepared at build time by Spring's ahead-of-time
 * (AOT) processing: the build ({@code spring-boot:process-aot}, at
 * {@code prepare-package}) runs {@link #main}, which starts the context as {@code score}
 * does on one machine; Spring evaluates its configuration classes and conditions there,
 * once, and writes the bean definitions they yield as code
 * ({@code AheadOfTimeContext__ApplicationContextInitializer} and its helpers, compiled
 * into the jar). A start with {@code -Dspring.aot.enabled=true} (the image, the launcher
 * in the README) registers those definitions instead of parsing the configuration classes
 * and evaluating every auto-configuration's conditions: a third of the context's start-up
 * (bench/startup.sh).
 *
 * <p>
 * The prepared definitions are those of that one context, fixed when the jar was built.
 * They serve the commands that start it unchanged (score without remote workers, resume,
 * the run-control, review, model, checks and report commands), not the contexts whose
 * beans differ: {@code score --workers remote}, {@code worker} and {@code serve} start as
 * usual even with the flag, and so does everything when the jar holds no prepared context
 * (a build without {@code package}: tests, an IDE). Conditions read from the environment
 * (for example {@code SPRING_FLYWAY_ENABLED=false}) are then the build's, as with any
 * AOT-processed Spring application.
 */
public final class AheadOfTimeContext {

	static final String INITIALIZER = AheadOfTimeContext.class.getName() + "__ApplicationContextInitializer";

	private AheadOfTimeContext() {
	}

	/** The build's entry point for the ahead-of-time processing. Not for users. */
	public static void main(String[] args) {
		NightscoreApplication.start(args);
	}

	/**
	 * Let {@code application} start from the prepared definitions when the JVM asks for
	 * it ({@code -Dspring.aot.enabled=true}), the jar holds them and {@code prepared}
	 * says the context to start is the one they describe; otherwise it starts as usual,
	 * whatever the flag says. Returns whether it does.
	 */
	public static boolean apply(SpringApplication application, boolean prepared) {
		boolean use = prepared && Boolean.parseBoolean(System.getProperty(AotDetector.AOT_ENABLED))
				&& ClassUtils.isPresent(INITIALIZER, AheadOfTimeContext.class.getClassLoader());
		// Spring reads the flag at several points of the start: a local setting,
		// which outranks the system property, makes it say the same everywhere
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, Boolean.toString(use));
		if (use) {
			application.addInitializers(AotApplicationContextInitializer.forInitializerClasses(INITIALIZER));
		}
		return use;
	}

}
