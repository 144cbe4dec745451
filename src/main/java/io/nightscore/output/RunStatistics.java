package io.nightscore.output;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's counts and score distribution, for {@code scoring_run} and the publish gate.
 *
 * @param scored rows scored
 * @param rejected rows rejected
 * @param meanScore the mean score
 * @param high customers in the high risk band
 * @param medium customers in the medium risk band
 * @param low customers in the low risk band
 */
public record RunStatistics(long scored, long rejected, double meanScore, long high, long medium, long low) {

	public long rows() {
		return this.scored + this.rejected;
	}

	public double rejectRate() {
		return (rows() == 0) ? 0 : (double) this.rejected / rows();
	}

	public String toJson() {
		return JsonMapper.shared()
			.writeValueAsString(Map.of("mean_score", this.meanScore, "risk_bands",
					Map.of("high", this.high, "medium", this.medium, "low", this.low), "reject_rate", rejectRate()));
	}

	/** Compute a run's statistics from its predictions and rejects. */
	public static RunStatistics of(DataSource dataSource, long runId) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long rejected = jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = ?", Long.class, runId);
		return jdbc.queryForObject("""
				SELECT count(*), coalesce(avg(score), 0), count(*) FILTER (WHERE risk_band = 'high'),
				       count(*) FILTER (WHERE risk_band = 'medium'), count(*) FILTER (WHERE risk_band = 'low')
				FROM %s""".formatted(PredictionPartitions.tableName(runId)), (rs, n) -> new RunStatistics(rs.getLong(1),
				rejected, rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
	}

}
