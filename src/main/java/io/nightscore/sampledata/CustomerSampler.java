package io.nightscore.sampledata;

import static io.nightscore.sampledata.ChurnFeature.ACCOUNT_BALANCE;
import static io.nightscore.sampledata.ChurnFeature.CONTRACT_MONTHS;
import static io.nightscore.sampledata.ChurnFeature.DATA_USAGE_BYTES;
import static io.nightscore.sampledata.ChurnFeature.DROPPED_CALL_RATE;
import static io.nightscore.sampledata.ChurnFeature.HAS_INTL_PLAN;
import static io.nightscore.sampledata.ChurnFeature.HAS_VOICEMAIL;
import static io.nightscore.sampledata.ChurnFeature.LATE_PAYMENTS;
import static io.nightscore.sampledata.ChurnFeature.MONTHLY_CHARGES;
import static io.nightscore.sampledata.ChurnFeature.NUM_LINES;
import static io.nightscore.sampledata.ChurnFeature.PAPERLESS_BILLING;
import static io.nightscore.sampledata.ChurnFeature.SATISFACTION_SCORE;
import static io.nightscore.sampledata.ChurnFeature.SUPPORT_CALLS;
import static io.nightscore.sampledata.ChurnFeature.TENURE_MONTHS;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_CHARGES;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_DAY_CALLS;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_DAY_MINUTES;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_EVE_MINUTES;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_INTL_MINUTES;
import static io.nightscore.sampledata.ChurnFeature.TOTAL_NIGHT_MINUTES;

/**
 * Draws one synthetic telecom customer from its seed and index: correlated usage, billing
 * and service features, a churn label from a noisy logistic model of them, then nulls in
 * optional columns.
 *
 * <p>
 * The label is drawn before the nulls are applied, as in real data where a missing value
 * does not change what the customer did. Thread-safe and stateless apart from the seed.
 */
final class CustomerSampler {

	private static final String[] STATES = { "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI",
			"IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE",
			"NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA",
			"WI", "WV", "WY" };

	private static final double CHURN_INTERCEPT = -4.2;

	private final long seed;

	CustomerSampler(long seed) {
		this.seed = seed;
	}

	SampledCustomer sample(long index) {
		SplitMix64 random = new SplitMix64(this.seed, index);
		double[] values = new double[ChurnFeature.values().length];
		String state = STATES[random.nextInt(STATES.length)];
		double u = random.nextDouble();
		int contract = (u < 0.5) ? 1 : (u < 0.75) ? 12 : 24;
		int tenure = (int) Math.min(72, Math.round(random.exponential((contract == 1) ? 14 : contract + 18)));
		double v = random.nextDouble();
		int lines = (v < 0.45) ? 1 : (v < 0.70) ? 2 : (v < 0.85) ? 3 : (v < 0.95) ? 4 : (v < 0.98) ? 5 : 6;
		boolean intlPlan = random.chance(0.10);
		boolean voicemail = random.chance(0.28);
		boolean paperless = random.chance(0.60);
		double dayMinutes = tenths(clamp(random.gaussian(180, 54), 0, 350));
		long dayCalls = Math.max(0, Math.round(dayMinutes / 1.8 + random.gaussian(0, 12)));
		double eveMinutes = tenths(clamp(random.gaussian(200, 50), 0, 360));
		float nightMinutes = (float) tenths(clamp(random.gaussian(200, 50), 0, 380));
		float intlMinutes = (float) tenths(clamp(random.gaussian(intlPlan ? 12 : 10, 2.8), 0, 25));
		float droppedRate = (float) (Math.round(clamp(Math.abs(random.gaussian(0.02, 0.015)), 0, 0.2) * 1000) / 1000.0);
		int supportCalls = random.poisson((droppedRate > 0.04) ? 2.4 : 1.4);
		int latePayments = random.poisson(paperless ? 0.4 : 0.7);
		float satisfaction = (float) tenths(
				clamp(random.gaussian(3.9 - 0.3 * supportCalls - 8 * droppedRate, 0.8), 1, 5));
		long dataBytes = Math.round(StrictMath.exp(random.gaussian(21.8, 0.8)) * StrictMath.sqrt(lines));
		double monthly = 18 + 14 * lines + (intlPlan ? 9 : 0) + 0.04 * dayMinutes + 1.5 * dataBytes / 1e9
				+ random.gaussian(0, 4);
		long monthlyCents = Math.round(100 * Math.max(15, monthly));
		long totalCents = Math.max(0, Math.round(monthlyCents * Math.max(tenure, 1) * random.gaussian(1, 0.03)));
		long balanceCents = (latePayments > 0)
				? Math.round(latePayments * monthlyCents * (0.5 + 0.5 * random.nextDouble()))
				: random.chance(0.1) ? -Math.round(5000 * random.nextDouble()) : 0;
		double logit = CHURN_INTERCEPT + ((contract == 1) ? 1.3 : (contract == 12) ? 0 : -1.2) - 0.035 * tenure
				+ 0.3 * supportCalls + ((supportCalls >= 4) ? 1.2 : 0) + (intlPlan ? 0.9 : 0) - (voicemail ? 0.5 : 0)
				+ (paperless ? 0.3 : 0) + 0.012 * (dayMinutes - 180) + 0.015 * (monthlyCents / 100.0 - 70)
				+ 12 * droppedRate + 0.35 * latePayments - 0.55 * (satisfaction - 3.5)
				+ 0.0004 * Math.max(balanceCents, 0) + random.gaussian(0, 0.3);
		boolean churned = random.nextDouble() < 1 / (1 + StrictMath.exp(-logit));
		values[TENURE_MONTHS.ordinal()] = tenure;
		values[CONTRACT_MONTHS.ordinal()] = contract;
		values[NUM_LINES.ordinal()] = lines;
		values[SUPPORT_CALLS.ordinal()] = supportCalls;
		values[LATE_PAYMENTS.ordinal()] = latePayments;
		values[TOTAL_DAY_CALLS.ordinal()] = dayCalls;
		values[DATA_USAGE_BYTES.ordinal()] = dataBytes;
		values[TOTAL_DAY_MINUTES.ordinal()] = dayMinutes;
		values[TOTAL_EVE_MINUTES.ordinal()] = eveMinutes;
		values[TOTAL_NIGHT_MINUTES.ordinal()] = nightMinutes;
		values[TOTAL_INTL_MINUTES.ordinal()] = intlMinutes;
		values[DROPPED_CALL_RATE.ordinal()] = droppedRate;
		values[SATISFACTION_SCORE.ordinal()] = satisfaction;
		values[HAS_INTL_PLAN.ordinal()] = intlPlan ? 1 : 0;
		values[HAS_VOICEMAIL.ordinal()] = voicemail ? 1 : 0;
		values[PAPERLESS_BILLING.ordinal()] = paperless ? 1 : 0;
		values[MONTHLY_CHARGES.ordinal()] = monthlyCents;
		values[ACCOUNT_BALANCE.ordinal()] = balanceCents;
		values[TOTAL_CHARGES.ordinal()] = totalCents;
		for (ChurnFeature feature : ChurnFeature.values()) {
			if (feature.optional() && random.chance(ChurnFeature.NULL_RATE)) {
				values[feature.ordinal()] = Double.NaN;
			}
		}
		return new SampledCustomer(index, state, values, churned);
	}

	private static double clamp(double value, double min, double max) {
		return Math.max(min, Math.min(max, value));
	}

	private static double tenths(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
