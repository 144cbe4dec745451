package io.nightscore.output;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.DoubleStream;

import javax.sql.DataSource;

import io.nightscore.monitoring.Histogram;
import io.nightscore.output.RunHistoryRepository.ScoreDistribution;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's counts and score distribution, for {@code scoring_run} and the publish gate:
 * computed from its loaded partition in one scan (counts, mean, bands and every quantile
 * any reader needs, one sort), so that nothing after the publish step has to scan the
 * predictions again.
 *
 * @param scored rows scored
 * @param rejected rows rejected
 * @param meanScore the mean score
 * @param high customers in the high risk band
 * @param medium customers in the medium risk band
 * @param low customers in the low risk band
 * @param quantiles the exact scores ({@code percentile_cont}) at
 * {@link #QUANTILE_LEVELS}, or {@code null} when no row was scored
 */
public record RunStatistics(long scored, long rejected, double meanScore, long high, long medium, long low,
		double[] quantiles) {

	/**
	 * The quantile levels computed once per run: those the drift checks store
	 * ({@link Histogram#QUANTILE_PROBABILITIES}) and those the closing log line and the
	 * metrics show ({@link ScoreDistribution#LEVELS}).
	 */
	public static final double[] QUANTILE_LEVELS = DoubleStream
		.concat(Arrays.stream(Histogram.QUANTILE_PROBABILITIES), Arrays.stream(ScoreDistribution.LEVELS))
		.distinct()
		.sorted()
		.toArray();

	/** The query's memory for sorting the scores: a few million in memory. */
	static final String SORT_MEMORY = "256MB";

	public long rows() {
		return this.scored + this.rejected;
	}

	public double rejectRate() {
		return (rows() == 0) ? 0 : (double) this.rejected / rows();
	}

	/** Customers per band, {@code high}, {@code medium}, {@code low}. */
	public Map<String, Long> bands() {
		Map<String, Long> bands = new LinkedHashMap<>();
		bands.put(RiskBand.HIGH.label(), this.high);
		bands.put(RiskBand.MEDIUM.label(), this.medium);
		bands.put(RiskBand.LOW.label(), this.low);
		return bands;
	}

	/**
	 * The scores at {@code levels}, each one of {@link #QUANTILE_LEVELS}, or {@code null}
	 * when no row was scored.
	 */
	public double[] quantiles(double[] levels) {
		if (this.quantiles == null) {
			return null;
		}
		double[] result = new double[levels.length];
		for (int i = 0; i < levels.length; i++) {
			int at = Arrays.binarySearch(QUANTILE_LEVELS, levels[i]);
			if (at < 0) {
				throw new IllegalArgumentException(
						"No quantile at " + levels[i] + " is computed: add it to RunStatistics.QUANTILE_LEVELS");
			}
			result[i] = this.quantiles[at];
		}
		return result;
	}

	public String toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("mean_score", this.meanScore);
		json.put("risk_bands", bands());
		json.put("reject_rate", rejectRate());
		if (this.quantiles != null) {
			Map<String, Double> quantiles = new LinkedHashMap<>();
			for (int i = 0; i < QUANTILE_LEVELS.length; i++) {
				quantiles.put(Double.toString(QUANTILE_LEVELS[i]), this.quantiles[i]);
			}
			json.put("score_quantiles", quantiles);
		}
		return JsonMapper.shared().writeValueAsString(json);
	}

	/**
	 * Every field, exactly, in one line of text, for a job's execution context
	 * ({@link #decode}).
	 */
	public String encode() {
		StringBuilder encoded = new StringBuilder();
		encoded.append(this.scored).append(' ').append(this.rejected).append(' ').append(this.meanScore);
		encoded.append(' ').append(this.high).append(' ').append(this.medium).append(' ').append(this.low);
		if (this.quantiles != null) {
			for (double quantile : this.quantiles) {
				encoded.append(' ').append(quantile);
			}
		}
		return encoded.toString();
	}

	/**
	 * The statistics {@link #encode} wrote, or {@code null} when they hold quantiles at
	 * other levels than {@link #QUANTILE_LEVELS} (written by another version).
	 */
	public static RunStatistics decode(String encoded) {
		String[] fields = encoded.split(" ");
		if (fields.length != 6 && fields.length != 6 + QUANTILE_LEVELS.length) {
			return null;
		}
		double[] quantiles = null;
		if (fields.length > 6) {
			quantiles = new double[fields.length - 6];
			for (int i = 0; i < quantiles.length; i++) {
				quantiles[i] = Double.parseDouble(fields[6 + i]);
			}
		}
		return new RunStatistics(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Double.parseDouble(fields[2]),
				Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]), quantiles);
	}

	/**
	 * The score distribution {@link #toJson} recorded, or {@code null} when it has none
	 * (no row scored, or a run published before the quantiles were recorded).
	 */
	static ScoreDistribution distributionFromJson(String json) {
		JsonNode statistics = JsonMapper.shared().readTree(json);
		JsonNode quantiles = statistics.path("score_quantiles");
		JsonNode bands = statistics.path("risk_bands");
		if (!quantiles.isObject() || !bands.isObject()) {
			return null;
		}
		Double[] values = new Double[ScoreDistribution.LEVELS.length];
		for (int i = 0; i < values.length; i++) {
			JsonNode value = quantiles.path(Double.toString(ScoreDistribution.LEVELS[i]));
			if (!value.isNumber()) {
				return null;
			}
			values[i] = value.doubleValue();
		}
		return new ScoreDistribution(values, bands.path(RiskBand.HIGH.label()).asLong(),
				bands.path(RiskBand.MEDIUM.label()).asLong(), bands.path(RiskBand.LOW.label()).asLong());
	}

	/**
	 * Compute a run's statistics from its predictions and rejects: one scan, one sort.
	 * Called in a transaction, which its {@code SET LOCAL} lasts for.
	 */
	public static RunStatistics of(DataSource dataSource, long runId) {
		return of(dataSource, runId, rejected(dataSource, runId));
	}

	/**
	 * As {@link #of(DataSource, long)}, with the run's rejected rows counted already
	 * ({@link #rejected}).
	 */
	public static RunStatistics of(DataSource dataSource, long runId, long rejected) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		// the quantiles' sort in memory rather than in temporary files (the default 4 MB
		// holds about 50,000 scores), for this transaction only
		jdbc.execute("SET LOCAL work_mem = '" + SORT_MEMORY + "'");
		return jdbc.queryForObject("""
				SELECT count(*), coalesce(avg(score), 0), count(*) FILTER (WHERE risk_band = 'high'),
				       count(*) FILTER (WHERE risk_band = 'medium'), count(*) FILTER (WHERE risk_band = 'low'),
				       percentile_cont(?::float8[]) WITHIN GROUP (ORDER BY score)
				FROM %s""".formatted(PredictionPartitions.tableName(runId)),
				(rs, n) -> new RunStatistics(rs.getLong(1), rejected, rs.getDouble(2), rs.getLong(3), rs.getLong(4),
						rs.getLong(5), RunChecksRepository.doubles(rs.getArray(6))),
				RunChecksRepository.array(QUANTILE_LEVELS));
	}

	/** The rows of the run in {@code scoring_reject}. */
	public static long rejected(DataSource dataSource, long runId) {
		return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = ?",
				Long.class, runId);
	}

}
