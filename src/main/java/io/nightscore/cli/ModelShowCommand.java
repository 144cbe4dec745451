package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.output.ModelRegistryRepository;
import io.nightscore.output.ModelRegistryRepository.RegisteredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code nightscore model show TAG}: a model's registration and its reference profile,
 * one line per feature.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model and its reference profile.")
final class ModelShowCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "TAG", description = "The model version.")
	private String version;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			Optional<RegisteredModel> found = context.getBean(ModelRegistryRepository.class).find(this.version);
			if (found.isEmpty()) {
				err.println("Model version '" + this.version + "' is not registered: see `nightscore model list`");
				return ExitCode.CONTRACT;
			}
			RegisteredModel m = found.get();
			out.printf(
					"version        %s%nsha256         %s%nobjective      %s%ntrees          %d%nbase score     %s%n",
					m.version(), m.sha256(), m.objective(), m.numTrees(), m.baseScore());
			out.printf("file           %s%ntraining data  %s%nregistered     %s by %s (first used %s)%n", m.modelPath(),
					m.trainingData(), m.registeredAt(), m.registeredBy(), m.firstUsedAt());
			out.printf("features       %d: %s%nfeature types  %s%n", m.featureNames().size(),
					String.join(", ", m.featureNames()), m.featureTypes());
			out.printf("%nreference profile (%s):%n%-22s %9s %9s  %-60s %s%n",
					(m.profileRows() != null) ? m.profileRows() + " rows" : "none", "NAME", "ROWS", "NULL RATE",
					"QUANTILES (5/25/50/75/95 %)", "EDGES");
			context.getBean(JdbcTemplate.class).query("""
					SELECT name, rows, null_count, quantiles, edges FROM model_reference_histogram
					WHERE model_version = ? ORDER BY subject, position""", (rs) -> {
				out.printf("%-22s %9d %9.4f  %-60s %s%n", rs.getString(1), rs.getLong(2),
						(rs.getLong(2) == 0) ? 0.0 : (double) rs.getLong(3) / rs.getLong(2),
						format((Object[]) rs.getArray(4).getArray()), format((Object[]) rs.getArray(5).getArray()));
			}, this.version);
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			return CommandFailures.report(err, ex);
		}
	}

	private static String format(Object[] values) {
		return Arrays.stream(values).map((v) -> "%.4g".formatted(((Number) v).doubleValue())).toList().toString();
	}

}
