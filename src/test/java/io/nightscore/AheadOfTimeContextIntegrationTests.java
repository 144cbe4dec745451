package io.nightscore;

import java.util.Set;
import java.util.TreeSet;

import io.nightscore.support.JobIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.SpringProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch commands' context as the build prepares it ahead of time (the jar's
 * {@code AheadOfTimeContext__ApplicationContextInitializer}, in {@code target/classes}
 * once {@code package} has run): used with {@code -Dspring.aot.enabled=true}, and then
 * holding exactly the beans a usual start makes. Every child process of the integration
 * tests starts with the flag ({@code NightscoreProcess}), so the commands' own tests run
 * on the prepared context; the remote roles' and {@code serve}'s tests check that those
 * start as usual with it.
 */
@JobIntegrationTest
class AheadOfTimeContextIntegrationTests {

	@AfterEach
	void clearTheFlag() {
		System.clearProperty(AotDetector.AOT_ENABLED);
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
	}

	@Test
	void withTheFlagTheBatchContextStartsFromThePreparedDefinitionsWithEveryBeanOfAUsualStart() {
		Set<String> usual;
		try (ConfigurableApplicationContext context = NightscoreApplication.start()) {
			assertThat(context).isInstanceOf(AnnotationConfigApplicationContext.class);
			usual = applicationBeans(context);
		}
		System.setProperty(AotDetector.AOT_ENABLED, "true");
		Set<String> prepared;
		try (ConfigurableApplicationContext context = NightscoreApplication.start()) {
			// Spring Boot's context for prepared definitions: no configuration-class
			// parsing
			assertThat(context.getClass()).isEqualTo(GenericApplicationContext.class);
			prepared = applicationBeans(context);
		}

		assertThat(prepared).as("beans of the prepared context")
			.isEqualTo(usual)
			.contains("scoreCustomersJob", "scoreRunLauncher", "dataSource", "flyway", "jobRepository");
	}

	@Test
	void theFlagIsIgnoredForAnotherContextAndWithoutIt() {
		assertThat(AheadOfTimeContext.apply(new SpringApplication(), true)).as("no flag").isFalse();
		assertThat(AotDetector.useGeneratedArtifacts()).isFalse();

		System.setProperty(AotDetector.AOT_ENABLED, "true");

		assertThat(AheadOfTimeContext.apply(new SpringApplication(), false)).as("another context").isFalse();
		assertThat(AotDetector.useGeneratedArtifacts()).as("Spring's view for another context").isFalse();
		assertThat(AheadOfTimeContext.apply(new SpringApplication(), true)).as("the batch context").isTrue();
		assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
	}

	/**
	 * The context's bean names but the annotation-processing infrastructure a usual start
	 * registers to parse configuration classes, which the prepared context does without.
	 */
	private static Set<String> applicationBeans(ConfigurableApplicationContext context) {
		Set<String> names = new TreeSet<>(Set.of(context.getBeanDefinitionNames()));
		names.removeIf((name) -> name.startsWith("org.springframework.context.annotation.internal")
				|| name.startsWith("org.springframework.context.event.internal")
				|| name.equals("org.springframework.boot.autoconfigure.internalCachingMetadataReaderFactory"));
		return names;
	}

}
