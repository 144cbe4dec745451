package io.nightscore.monitoring;

/**
 * One check a run went through, as stored in {@code run_check}.
 *
 * @param name what was checked, e.g. {@code psi_reference}, {@code high_band_change}
 * @param subject the feature, {@code score}, a segment or {@code input}
 * @param value the measured value, or {@code NaN} when skipped
 * @param warnThreshold the warning threshold, or {@code NaN}
 * @param holdThreshold the hold threshold, or {@code NaN}
 * @param verdict the outcome
 * @param detail one phrase for people: what was compared with what
 */
public record Check(String name, String subject, double value, double warnThreshold, double holdThreshold,
		Verdict verdict, String detail) {

	/** A check's outcome. */
	public enum Verdict {

		OK, WARN, HOLD, SKIPPED;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** Judge a value against its thresholds (above a threshold crosses it). */
	static Check judge(String name, String subject, double value, double warn, double hold, boolean mayHold,
			String detail) {
		Verdict verdict;
		if (Double.isNaN(value)) {
			verdict = Verdict.SKIPPED;
		}
		else if (value > hold) {
			verdict = mayHold ? Verdict.HOLD : Verdict.WARN;
		}
		else if (value > warn) {
			verdict = Verdict.WARN;
		}
		else {
			verdict = Verdict.OK;
		}
		return new Check(name, subject, value, warn, hold, verdict, detail);
	}

	static Check skipped(String name, String subject, String why) {
		return new Check(name, subject, Double.NaN, Double.NaN, Double.NaN, Verdict.SKIPPED, why);
	}

	/**
	 * The check as the held reason says it, e.g.
	 * {@code psi_reference support_calls 0.41 > 0.25}.
	 */
	public String reason() {
		return String.format(java.util.Locale.ROOT, "%s %s %.4f > %s", this.name, this.subject, this.value,
				this.holdThreshold);
	}

}
