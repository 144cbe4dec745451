package io.nightscore.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.job.JobNames;
import picocli.CommandLine.Option;

/**
 * {@code --hadoop-property KEY=VALUE}, shared by {@code score} and {@code worker}: the
 * input and model file systems' settings (S3 endpoint, path-style access, credentials).
 * They may hold credentials, so they travel as Spring properties, never as job
 * parameters.
 */
final class HadoopPropertyOptions {

	@Option(names = "--hadoop-property", paramLabel = "KEY=VALUE", split = "\\R",
			description = "A Hadoop file system property, e.g. fs.s3a.endpoint=http://minio:9000; repeatable."
					+ " From the environment: one KEY=VALUE per line.")
	private Map<String, String> properties = new LinkedHashMap<>();

	Map<String, String> properties() {
		return Map.copyOf(this.properties);
	}

	/** The Spring arguments that hand {@code properties} to the application context. */
	static List<String> springArguments(Map<String, String> properties) {
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + JobNames.HADOOP_PROPERTIES + "[" + key + "]=" + value));
		return arguments;
	}

}
