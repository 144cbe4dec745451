package io.nightscore.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.nightscore.cli.NightscoreCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s-serve.yaml} read into Kubernetes' own model classes: its container's command
 * line is one {@code serve} accepts, the probes ask the health port (threads of its own,
 * which clients of the scoring port cannot hold) and the Service routes the scoring port.
 */
class ServeManifestTests {

	private final List<JsonNode> documents = Manifests.read("k8s-serve.yaml");

	@Test
	void theProbesAskTheHealthPortAndTheServiceRoutesTheScoringPort() {
		Container container = Manifests.yaml
			.convertValue(document("Deployment").at("/spec/template/spec"), PodSpec.class)
			.getContainers()
			.get(0);
		ParseResult serve = new CommandLine(new NightscoreCommand()).parseArgs(commandLine(container)).subcommand();
		Map<String, Integer> ports = container.getPorts()
			.stream()
			.collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
		Service service = Manifests.yaml.convertValue(document("Service"), Service.class);

		assertThat(serve.commandSpec().name()).isEqualTo("serve");
		assertThat(ports).containsEntry("http", serve.matchedOptionValue("--port", 0))
			.containsEntry("health", serve.matchedOptionValue("--health-port", 0));
		for (Probe probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(),
				container.getStartupProbe())) {
			assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health");
			assertThat(probe.getHttpGet().getPath()).startsWith("/health/");
		}
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
	}

	/**
	 * The container's arguments after the options its {@code NIGHTSCORE_*} variables set,
	 * as the command line reads them.
	 */
	private static String[] commandLine(Container container) {
		List<String> arguments = new ArrayList<>(container.getArgs().subList(0, 1));
		container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().startsWith("NIGHTSCORE_"))
			.forEach((variable) -> {
				arguments.add("--" + variable.getName().substring(11).toLowerCase(Locale.ROOT).replace('_', '-'));
				arguments.add(variable.getValue());
			});
		arguments.addAll(container.getArgs().subList(1, container.getArgs().size()));
		return arguments.toArray(String[]::new);
	}

	private JsonNode document(String kind) {
		return this.documents.stream()
			.filter((document) -> kind.equals(document.path("kind").asText()))
			.findFirst()
			.orElseThrow();
	}

}
