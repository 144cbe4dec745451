package io.nightscore.output;

/**
 * The band marketing calls by: {@code high} from a churn probability of 0.7,
 * {@code medium} from 0.4, {@code low} below.
 */
public enum RiskBand {

	HIGH(0.7f), MEDIUM(0.4f), LOW(Float.NEGATIVE_INFINITY);

	private final float from;

	private final String label;

	RiskBand(float from) {
		this.from = from;
		this.label = name().toLowerCase(java.util.Locale.ROOT);
	}

	public static RiskBand of(float score) {
		for (RiskBand band : values()) {
			if (score >= band.from) {
				return band;
			}
		}
		return LOW;
	}

	/** The lowest score in the band. */
	public float from() {
		return this.from;
	}

	/** The value stored in {@code prediction.risk_band}. */
	public String label() {
		return this.label;
	}

}
