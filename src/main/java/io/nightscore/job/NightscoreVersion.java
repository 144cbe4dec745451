package io.nightscore.job;

/**
 * nightscore's own version, as recorded with every run: the jar manifest's
 * {@code Implementation-Version}, or the project version when run from classes.
 */
final class NightscoreVersion {

	static final String PROJECT_VERSION = "0.1.0-SNAPSHOT";

	private NightscoreVersion() {
	}

	static String current() {
		String version = NightscoreVersion.class.getPackage().getImplementationVersion();
		return (version != null) ? version : PROJECT_VERSION;
	}

}
