package io.nightscore.scoring;

/**
 * One reason for a customer's score: a feature, its value for the customer, and how much
 * it pushed the score's margin up (a SHAP contribution).
 *
 * @param feature the feature's name
 * @param value the customer's value, {@link Float#NaN} when missing
 * @param contribution the feature's contribution to the margin (log-odds)
 */
public record ScoreReason(String feature, float value, float contribution) {
}
