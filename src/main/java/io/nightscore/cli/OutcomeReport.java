package io.nightscore.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.Consumer;

import io.nightscore.job.RunFailures;
import io.nightscore.job.RunOutcome;
import io.nightscore.monitoring.PushgatewayPublisher;
import io.nightscore.monitoring.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;

/**
 * Reports how a launch ended, before the launch returns (on SIGTERM the JVM exits right
 * after): the one line on standard output (success) or standard error, then the run's
 * metrics to the Pushgateway, whatever the outcome: completed, failed, stopped or held. A
 * launch that found another run holding the lock, or nothing to do, pushes nothing.
 */
final class OutcomeReport implements Consumer<RunOutcome> {

	private static final Logger logger = LoggerFactory.getLogger(OutcomeReport.class);

	private final ApplicationContext context;

	private final PrintWriter out;

	private final PrintWriter err;

	OutcomeReport(ApplicationContext context, PrintWriter out, PrintWriter err) {
		this.context = context;
		this.out = out;
		this.err = err;
	}

	@Override
	public void accept(RunOutcome outcome) {
		PrintWriter writer = (ExitCode.of(outcome.kind()) == ExitCode.OK) ? this.out : this.err;
		writer.println(outcome.message());
		writer.flush();
		if (outcome.kind() == RunOutcome.Kind.ALREADY_RUNNING || outcome.kind() == RunOutcome.Kind.ALREADY_COMPLETED) {
			return;
		}
		PushgatewayPublisher publisher = this.context.getBean(PushgatewayPublisher.class);
		if (!publisher.enabled()) {
			return;
		}
		try {
			this.context.getBean(RunMetrics.class)
				.record(outcome.runId(), outcome.kind().name(),
						Arrays.stream(RunOutcome.Kind.values()).map(Enum::name).toList());
		}
		catch (RuntimeException ex) {
			// the database may be what failed: push what there is
			logger.warn("Could not read run {}'s figures for its metrics: {}", outcome.runId(),
					RunFailures.describe(ex));
		}
		publisher.push();
	}

}
