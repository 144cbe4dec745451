package io.nightscore.cli;

import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every option be set from the environment, as Kubernetes sets it:
 * {@code --chunk-size} from {@code NIGHTSCORE_CHUNK_SIZE}, and so on. A command-line
 * option wins over the environment, and the environment over the option's default.
 */
final class EnvironmentDefaultProvider implements IDefaultValueProvider {

	static final String PREFIX = "NIGHTSCORE_";

	private final Map<String, String> environment;

	EnvironmentDefaultProvider(Map<String, String> environment) {
		this.environment = environment;
	}

	@Override
	public String defaultValue(ArgSpec argument) {
		if (argument instanceof OptionSpec option && option.longestName().startsWith("--")) {
			return this.environment.get(variableFor(option.longestName()));
		}
		return null;
	}

	/**
	 * The environment variable of an option: {@code --model-version} →
	 * {@code NIGHTSCORE_MODEL_VERSION}.
	 */
	static String variableFor(String optionName) {
		return PREFIX + optionName.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
	}

}
