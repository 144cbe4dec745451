package io.nightscore.cli;

import java.util.ArrayList;
import java.util.List;

import io.nightscore.job.RemoteProperties;

/**
 * The Spring properties that give a process its remote-partitioning role, from the
 * {@code score} and {@code worker} commands' options.
 */
final class RemoteArguments {

	private RemoteArguments() {
	}

	static String[] manager(String queue, int partitions, long timeoutMinutes, Long consumerTimeoutSeconds) {
		List<String> arguments = common(RemoteProperties.MANAGER, queue, consumerTimeoutSeconds);
		arguments.add("--nightscore.remote.partitions=" + partitions);
		arguments.add("--nightscore.remote.timeout=" + timeoutMinutes + "m");
		return arguments.toArray(String[]::new);
	}

	static String[] worker(String queue, int consumers, Long consumerTimeoutSeconds, List<String> more) {
		List<String> arguments = common(RemoteProperties.WORKER, queue, consumerTimeoutSeconds);
		arguments.add("--nightscore.remote.consumers=" + consumers);
		arguments.addAll(more);
		return arguments.toArray(String[]::new);
	}

	private static List<String> common(String role, String queue, Long consumerTimeoutSeconds) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--" + RemoteProperties.ROLE + "=" + role);
		arguments.add("--nightscore.remote.queue=" + queue);
		if (consumerTimeoutSeconds != null) {
			arguments.add("--nightscore.remote.consumer-timeout=" + consumerTimeoutSeconds + "s");
		}
		return arguments;
	}

}
