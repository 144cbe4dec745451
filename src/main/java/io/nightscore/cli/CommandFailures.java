package io.nightscore.cli;

import java.io.PrintWriter;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.job.RunFailures;

/**
 * How the commands other than {@code score} report a failure: one line, and exit 2 when
 * the cause is a contract (bad model, data, run state) or PostgreSQL refusing the
 * configured database or credentials (a retry is refused the same way), else 1 (database
 * unreachable, ...).
 */
final class CommandFailures {

	private CommandFailures() {
	}

	static int report(PrintWriter err, RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ContractException contract) {
				err.println(contract.getMessage());
				return ExitCode.CONTRACT;
			}
		}
		if (RunFailures.isConfigurationRefusal(ex)) {
			return launchFailure(err, ex);
		}
		err.println("nightscore: " + Failures.rootMessage(ex));
		return ExitCode.FAILED;
	}

	/**
	 * A command that starts or resumes work failed outside a run (the database refused or
	 * unreachable at start, ...): exit 2 when PostgreSQL refused the configured database
	 * or credentials, else 1.
	 */
	static int launchFailure(PrintWriter err, RuntimeException ex) {
		err.println(RunFailures.launchFailure(ex));
		return RunFailures.isConfigurationRefusal(ex) ? ExitCode.CONTRACT : ExitCode.FAILED;
	}

}
