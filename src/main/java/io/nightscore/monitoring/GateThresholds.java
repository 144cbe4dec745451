package io.nightscore.monitoring;

/**
 * The thresholds the gate judges a run's checks by; each is a {@code score} option and an
 * environment variable (see the README's CLI table).
 *
 * @param psiWarn a PSI above this is a warning ({@code --psi-warn}, default
 * {@value #DEFAULT_PSI_WARN})
 * @param psiHold a PSI above this holds the run ({@code --psi-hold}, default
 * {@value #DEFAULT_PSI_HOLD})
 * @param highBandChangeHold a change of the high band's share since the previous
 * published run above this (absolute, 0.05 = five percentage points) holds the run
 * ({@code --high-band-change-hold}, default {@value #DEFAULT_HIGH_BAND_CHANGE_HOLD});
 * half of it warns
 * @param maxInputAgeDays input older than this many days on the scoring date holds the
 * run ({@code --max-input-age-days}, default {@value #DEFAULT_MAX_INPUT_AGE_DAYS})
 * @param segmentDifference a segment whose high-band share differs from the whole run's
 * by more than this is flagged ({@code --segment-difference}, default
 * {@value #DEFAULT_SEGMENT_DIFFERENCE})
 * @param holdOnSegments whether a flagged segment holds the run
 * ({@code --hold-on-segments})
 * @param minRows distributions with fewer rows than this are too small to judge: their
 * PSI and band checks are reported as {@code skipped} ({@code --min-rows-for-checks},
 * default {@value #DEFAULT_MIN_ROWS})
 */
public record GateThresholds(double psiWarn, double psiHold, double highBandChangeHold, double maxInputAgeDays,
		double segmentDifference, boolean holdOnSegments, long minRows) {

	public static final double DEFAULT_PSI_WARN = 0.1;

	public static final double DEFAULT_PSI_HOLD = 0.25;

	public static final double DEFAULT_HIGH_BAND_CHANGE_HOLD = 0.10;

	public static final double DEFAULT_MAX_INPUT_AGE_DAYS = 7;

	public static final double DEFAULT_SEGMENT_DIFFERENCE = 0.15;

	public static final long DEFAULT_MIN_ROWS = 1000;

	public static GateThresholds defaults() {
		return new GateThresholds(DEFAULT_PSI_WARN, DEFAULT_PSI_HOLD, DEFAULT_HIGH_BAND_CHANGE_HOLD,
				DEFAULT_MAX_INPUT_AGE_DAYS, DEFAULT_SEGMENT_DIFFERENCE, false, DEFAULT_MIN_ROWS);
	}

}
