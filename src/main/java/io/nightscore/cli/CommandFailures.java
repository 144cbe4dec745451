package io.nightscore.cli;

import java.io.PrintWriter;

import io.nightscore.ContractException;
import io.nightscore.Failures;

/**
 * How the registry and review commands report a failure: one line, and exit 2 when the
 * cause is a contract (bad model, data, run state), else 1 (database unreachable, ...).
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
		err.println("nightscore: " + Failures.rootMessage(ex));
		return ExitCode.FAILED;
	}

}
