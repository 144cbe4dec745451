package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.nightscore.NightscoreApplication;
import io.nightscore.output.ModelRegistryRepository;
import io.nightscore.output.ModelRegistryRepository.RegisteredModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code nightscore model list}: every registered or used model, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the models, newest first.")
final class ModelListCommand implements Callable<Integer> {

	private static final String FORMAT = "%-24s %-12s %-16s %6s %8s  %-10s  %s%n";

	@Spec
	private CommandSpec spec;

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments())) {
			out.printf(FORMAT, "VERSION", "SHA256", "OBJECTIVE", "TREES", "FEATURES", "PROFILE", "FILE");
			for (RegisteredModel model : context.getBean(ModelRegistryRepository.class).list()) {
				out.printf(FORMAT, model.version(), model.sha256().substring(0, 12), model.objective(),
						model.numTrees(), model.featureNames().size(),
						(model.profileRows() != null) ? model.profileRows() + " rows" : "none",
						(model.modelPath() != null) ? model.modelPath() : "(used, not registered)");
			}
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			return CommandFailures.report(this.spec.commandLine().getErr(), ex);
		}
	}

}
