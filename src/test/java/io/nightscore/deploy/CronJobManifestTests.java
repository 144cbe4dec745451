package io.nightscore.deploy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.nightscore.cli.ExitCode;
import io.nightscore.cli.NightscoreCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s-cronjob.yaml} and {@code k8s-rerun-job.yaml} read into Kubernetes' own model
 * classes (fabric8 kubernetes-model): what operators rely on, checked against the image
 * Jib builds, the exit codes, the CLI's options and the memory the benchmark measured.
 */
class CronJobManifestTests {

	/**
	 * The largest peak heap and RSS the benchmark has measured, on 2026-11-26 with G1:
	 * {@code bench/run.sh --shared} (1M rows, 2 threads; RSS up to 626 MiB) and the
	 * 5M-row run in 128 MB row groups under {@code -Xmx512m} (heap 301 MiB). With the
	 * image's flags since (the serial collector) every figure has been lower
	 * ({@code bench/MEASUREMENTS.md}, up to 512 MiB in a 1 GiB memory cgroup); the
	 * manifest is held to these, the largest.
	 */
	private static final long MEASURED_PEAK_HEAP_MIB = 301;

	private static final long MEASURED_MAX_RSS_MIB = 626;

	/** The image's -XX:MaxRAMPercentage (pom.xml, Jib's jvmFlags). */
	private static final double MAX_RAM_FRACTION = 0.60;

	/**
	 * Exit codes a retry cannot fix: contract, too many rejects, held by the drift gate,
	 * out of memory.
	 */
	private static final Set<Integer> NOT_RETRIED = Set.of(ExitCode.CONTRACT, ExitCode.TOO_MANY_REJECTS, 7, 8);

	/**
	 * ConfigMap keys that are Spring properties rather than options (relaxed binding:
	 * {@code nightscore.pushgateway.url}).
	 */
	private static final Set<String> SPRING_PROPERTIES = Set.of("NIGHTSCORE_PUSHGATEWAY_URL");

	private final List<JsonNode> documents = Manifests.read("k8s-cronjob.yaml");

	private final CronJob cronJob = document(CronJob.class, "CronJob");

	private final ConfigMap config = document(ConfigMap.class, "ConfigMap");

	private final JobSpec job = this.cronJob.getSpec().getJobTemplate().getSpec();

	private final PodSpec pod = this.job.getTemplate().getSpec();

	private final Container container = this.pod.getContainers().get(0);

	@Test
	void itRunsSundaysAt20InBerlinOneAtATimeAndEndsBeforeMidnight() {
		assertThat(this.cronJob.getSpec().getSchedule()).isEqualTo("0 20 * * 0");
		assertThat(this.cronJob.getSpec().getTimeZone()).isEqualTo("Europe/Berlin")
			.isEqualTo(this.config.getData().get("TZ"));
		assertThat(this.cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
		assertThat(this.cronJob.getSpec().getStartingDeadlineSeconds()).isPositive().isLessThanOrEqualTo(3600);
		// every retry scores the same date: started at 20:00 plus the start deadline, the
		// last attempt still ends before midnight
		assertThat(this.job.getActiveDeadlineSeconds()).isPositive().isLessThanOrEqualTo(4 * 3600);
		assertThat(this.job.getBackoffLimit()).isBetween(1, 6);
		assertThat(this.pod.getRestartPolicy()).isEqualTo("Never");
		assertThat(this.pod.getTerminationGracePeriodSeconds()).as("the run's own stop grace is 120 s")
			.isGreaterThanOrEqualTo(120);
	}

	@Test
	void exitCodesARetryCannotFixFailTheJobAndDisruptionsAreNotCounted() {
		List<PodFailurePolicyRule> rules = this.job.getPodFailurePolicy().getRules();
		List<PodFailurePolicyRule> failJob = rules.stream()
			.filter((rule) -> "FailJob".equals(rule.getAction()))
			.toList();

		assertThat(failJob).hasSize(1);
		assertThat(failJob.get(0).getOnExitCodes().getContainerName()).isEqualTo(this.container.getName());
		assertThat(failJob.get(0).getOnExitCodes().getOperator()).isEqualTo("In");
		assertThat(failJob.get(0).getOnExitCodes().getValues()).containsExactlyInAnyOrderElementsOf(NOT_RETRIED)
			.doesNotContain(ExitCode.FAILED, ExitCode.ALREADY_RUNNING, ExitCode.INPUT_NOT_READY, ExitCode.STOPPED, 137,
					143);
		assertThat(rules).anySatisfy((rule) -> {
			assertThat(rule.getAction()).isEqualTo("Ignore");
			assertThat(rule.getOnPodConditions())
				.anySatisfy((condition) -> assertThat(condition.getType()).isEqualTo("DisruptionTarget"));
		});
	}

	@Test
	void memoryIsGuaranteedAndLeavesRoomForTheMeasuredHeapAndNativeMemory() {
		Map<String, Quantity> limits = this.container.getResources().getLimits();
		Map<String, Quantity> requests = this.container.getResources().getRequests();
		long limitMiB = mib(limits.get("memory"));

		assertThat(requests).as("Guaranteed QoS: requests equal limits").isEqualTo(limits);
		assertThat(limitMiB * MAX_RAM_FRACTION).as("max heap").isGreaterThanOrEqualTo(1.5 * MEASURED_PEAK_HEAP_MIB);
		assertThat((double) limitMiB).as("limit against the measured RSS")
			.isGreaterThanOrEqualTo(1.5 * MEASURED_MAX_RSS_MIB);
		assertThat(Quantity.getAmountInBytes(limits.get("cpu")))
			.isEqualByComparingTo(new BigDecimal(this.config.getData().get("NIGHTSCORE_THREADS")));
	}

	@Test
	void theDatabaseCredentialsComeFromTheSecretAndEverythingElseFromTheConfigMap() {
		Map<String, EnvVar> env = this.container.getEnv()
			.stream()
			.collect(Collectors.toMap(EnvVar::getName, (variable) -> variable));

		assertThat(env).containsOnlyKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD");
		Map.of("SPRING_DATASOURCE_URL", "url", "SPRING_DATASOURCE_USERNAME", "username", "SPRING_DATASOURCE_PASSWORD",
				"password")
			.forEach((name, key) -> {
				assertThat(env.get(name).getValue()).isNull();
				assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).isEqualTo("nightscore-db");
				assertThat(env.get(name).getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
			});
		assertThat(this.container.getEnvFrom()).singleElement()
			.satisfies((source) -> assertThat(source.getConfigMapRef().getName())
				.isEqualTo(this.config.getMetadata().getName()));
		assertThat(this.config.getData().keySet())
			.noneMatch((key) -> key.matches("(?i).*(PASSWORD|SECRET|DATASOURCE).*"));
	}

	@Test
	void everyConfigMapSettingIsAScoreOption() {
		Set<String> variables = new CommandLine(new NightscoreCommand()).getSubcommands()
			.get("score")
			.getCommandSpec()
			.options()
			.stream()
			.map(OptionSpec::longestName)
			.map((name) -> "NIGHTSCORE_" + name.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT))
			.collect(Collectors.toSet());

		assertThat(this.config.getData().keySet()).filteredOn((key) -> key.startsWith("NIGHTSCORE_"))
			.allMatch((key) -> variables.contains(key) || SPRING_PROPERTIES.contains(key))
			.contains("NIGHTSCORE_INPUT", "NIGHTSCORE_MODEL", "NIGHTSCORE_MODEL_VERSION")
			// alert-rules.yaml alerts on the metrics every run pushes there
			.contains("NIGHTSCORE_PUSHGATEWAY_URL");
	}

	@Test
	void thePodRunsTheImagesEntrypointAsItsNonRootUserWithAReadOnlyRootAndNoPrivileges() {
		String[] user = System.getProperty("image.user", "10001:10001").split(":");

		assertThat(this.container.getCommand()).as("the image's entrypoint, not an override").isNullOrEmpty();
		assertThat(this.container.getArgs()).containsExactly("score");
		assertThat(this.container.getImage()).endsWith(":0.1.0");
		assertThat(this.pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(this.pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(this.pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user[0]));
		assertThat(this.pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
		assertThat(this.pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(this.container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(this.container.getSecurityContext().getPrivileged()).isFalse();
		assertThat(this.container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(this.container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		VolumeMount tmp = this.container.getVolumeMounts()
			.stream()
			.filter((mount) -> mount.getMountPath().equals("/tmp"))
			.findFirst()
			.orElseThrow();
		assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		assertThat(this.pod.getVolumes()).anySatisfy((volume) -> {
			assertThat(volume.getName()).isEqualTo(tmp.getName());
			assertThat(volume.getEmptyDir()).isNotNull();
		});
	}

	@Test
	void theRerunJobIsTheCronJobsPodWithAChosenDateAndRerun() {
		Job rerun = Manifests.yaml.convertValue(Manifests.read("k8s-rerun-job.yaml").get(0), Job.class);
		PodSpec rerunPod = rerun.getSpec().getTemplate().getSpec();
		Container rerunContainer = rerunPod.getContainers().get(0);

		assertThat(rerunContainer.getArgs()).containsExactly("score", "--scoring-date", "SCORING_DATE", "--rerun");
		rerunContainer.setArgs(this.container.getArgs());
		assertThat(rerunPod).isEqualTo(this.pod);
		assertThat(rerun.getSpec().getPodFailurePolicy()).isEqualTo(this.job.getPodFailurePolicy());
		assertThat(rerun.getMetadata().getName()).isEqualTo("nightscore-rerun-SCORING_DATE");
	}

	private static long mib(Quantity quantity) {
		return Quantity.getAmountInBytes(quantity).longValueExact() / (1024 * 1024);
	}

	private <T> T document(Class<T> type, String kind) {
		List<JsonNode> matching = this.documents.stream()
			.filter((node) -> kind.equals(node.path("kind").asText()))
			.toList();
		assertThat(matching).as("one %s in k8s-cronjob.yaml", kind).hasSize(1);
		return Manifests.yaml.convertValue(matching.get(0), type);
	}

}
