package io.nightscore.output;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.nightscore.monitoring.Check;
import io.nightscore.monitoring.Histogram;
import io.nightscore.monitoring.RunEvaluation;
import io.nightscore.monitoring.RunEvaluation.BandShare;
import io.nightscore.monitoring.RunEvaluation.MeasuredHistogram;
import io.nightscore.monitoring.RunMeasurements;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads and writes what the checks measure: {@code run_histogram}, {@code run_band} and
 * {@code run_check} of a run, a model's {@code model_reference_histogram}, and the score
 * distribution of a run's loaded partition. Thread-safe.
 */
public final class RunChecksRepository {

	/**
	 * The most distinct values of {@code --segment-column} counted: a column with more (a
	 * customer id, a postcode) is no segment, and counting it would keep a map entry per
	 * value and store a band and a check row per value in the publish step.
	 */
	public static final int MAX_SEGMENTS = 1_000;

	private final JdbcTemplate jdbc;

	public RunChecksRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * The published run {@code runId} is compared with: the newest published run, other
	 * than {@code runId}, of its scoring date or before. For the newest date that is the
	 * run {@code customer_scores} shows; a rerun of an older date is compared with that
	 * date's published run (or the week before), not with a later week.
	 */
	public Optional<Long> previousPublishedRun(long runId) {
		return this.jdbc.queryForList("""
				SELECT run_id FROM scoring_run WHERE published AND run_id <> ?
				AND scoring_date <= (SELECT scoring_date FROM scoring_run WHERE run_id = ?)
				ORDER BY scoring_date DESC, published_at DESC LIMIT 1""", Long.class, runId, runId)
			.stream()
			.findFirst();
	}

	/**
	 * The run's score measurements: its bands and exact quantiles from
	 * {@code statistics}, and its scores binned against {@code edges}. The bins are those
	 * the partitions counted while scoring when they account for every scored row (not so
	 * when duplicate ids were rejected after the load, or a partition ran on an older
	 * version); otherwise one scan of the partition bins them, against the run's own
	 * deciles when {@code edges} is empty.
	 * @param counted the partitions' merged score counts, or {@code null}
	 */
	public RunMeasurements scores(long runId, double[] edges, RunStatistics statistics, Histogram counted) {
		Histogram score = (counted != null && edges.length > 0 && counted.rows() == statistics.scored()) ? counted
				: binScores(runId, (edges.length > 0) ? edges : ownDeciles(runId));
		return new RunMeasurements(runId, Map.of(), score, statistics.quantiles(Histogram.QUANTILE_PROBABILITIES),
				statistics.bands(), Map.of());
	}

	private Histogram binScores(long runId, double[] cuts) {
		long[] counts = new long[cuts.length + 1];
		double[] minMax = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		this.jdbc.query("""
				SELECT width_bucket(score, ?::float8[]), count(*), min(score), max(score)
				FROM prediction WHERE run_id = ? GROUP BY 1""", (RowCallbackHandler) (rs) -> {
			counts[rs.getInt(1)] += rs.getLong(2);
			minMax[0] = Math.min(minMax[0], rs.getDouble(3));
			minMax[1] = Math.max(minMax[1], rs.getDouble(4));
		}, array(cuts), runId);
		return new Histogram(cuts, counts, 0, minMax[0], minMax[1]);
	}

	/**
	 * Customers per band per segment of the run: its predictions streamed in file and row
	 * order (the order {@code segmentOf} reads the segment column in), counted by the
	 * segment of their row.
	 * @param segmentOf the segment of a row, by file index and 1-based row number
	 * @return the counts, or empty when the rows have more than {@link #MAX_SEGMENTS}
	 * segments (counting stops at the first row of one too many)
	 */
	public Optional<Map<String, Map<String, Long>>> segmentBands(long runId, SegmentOf segmentOf) {
		Map<String, Map<String, Long>> segments = new java.util.TreeMap<>();
		JdbcTemplate streaming = new JdbcTemplate(this.jdbc.getDataSource());
		streaming.setFetchSize(10_000);
		try {
			streaming.query(
					"SELECT source_file, source_row, risk_band FROM prediction WHERE run_id = ?"
							+ " ORDER BY source_file, source_row",
					(RowCallbackHandler) (rs) -> segments
						.computeIfAbsent(segmentOf.segmentAt(rs.getInt(1), rs.getLong(2)), (key) -> {
							if (segments.size() == MAX_SEGMENTS) {
								throw new TooManySegments();
							}
							return new LinkedHashMap<>();
						})
						.merge(rs.getString(3), 1L, Long::sum),
					runId);
		}
		catch (TooManySegments ex) {
			return Optional.empty();
		}
		return Optional.of(segments);
	}

	/** Stops counting segments. */
	private static final class TooManySegments extends RuntimeException {

		TooManySegments() {
			super(null, null, false, false);
		}

	}

	/** The segment of an input row. */
	@FunctionalInterface
	public interface SegmentOf {

		String segmentAt(int fileIndex, long rowNumber);

	}

	/** What a run stored, with its bands per segment; empty histograms if none. */
	public RunMeasurements measurements(long runId) {
		Map<String, Histogram> features = new LinkedHashMap<>();
		Histogram[] score = new Histogram[1];
		this.jdbc.query("""
				SELECT subject, name, edges, counts, null_count, quantiles FROM run_histogram WHERE run_id = ?
				ORDER BY subject, position""", (RowCallbackHandler) (rs) -> {
			Histogram histogram = histogram(rs);
			if ("score".equals(rs.getString(1))) {
				score[0] = histogram;
			}
			else {
				features.put(rs.getString(2), histogram);
			}
		}, runId);
		Map<String, Long> bands = new LinkedHashMap<>();
		Map<String, Map<String, Long>> segments = new LinkedHashMap<>();
		this.jdbc.query("SELECT segment, band, customers FROM run_band WHERE run_id = ? ORDER BY segment, band",
				(RowCallbackHandler) (rs) -> {
					Map<String, Long> target = rs.getString(1).isEmpty() ? bands
							: segments.computeIfAbsent(rs.getString(1), (key) -> new LinkedHashMap<>());
					target.put(rs.getString(2), rs.getLong(3));
				}, runId);
		return new RunMeasurements(runId, features, score[0], null, bands, segments);
	}

	/** The training profile of a model version, if it has one. */
	public Optional<RunMeasurements> reference(String modelVersion) {
		Map<String, Histogram> features = new LinkedHashMap<>();
		Histogram[] score = new Histogram[1];
		this.jdbc.query("""
				SELECT subject, name, edges, counts, null_count, quantiles FROM model_reference_histogram
				WHERE model_version = ? ORDER BY subject, position""", (RowCallbackHandler) (rs) -> {
			Histogram histogram = histogram(rs);
			if ("score".equals(rs.getString(1))) {
				score[0] = histogram;
			}
			else {
				features.put(rs.getString(2), histogram);
			}
		}, modelVersion);
		return features.isEmpty() ? Optional.empty()
				: Optional.of(new RunMeasurements(-1, features, score[0], null, Map.of(), Map.of()));
	}

	/**
	 * Replace the run's stored histograms, bands and checks with {@code evaluation}'s.
	 */
	public void store(long runId, RunEvaluation evaluation) {
		this.jdbc.update("DELETE FROM run_histogram WHERE run_id = ?", runId);
		this.jdbc.update("DELETE FROM run_band WHERE run_id = ?", runId);
		this.jdbc.update("DELETE FROM run_check WHERE run_id = ?", runId);
		for (MeasuredHistogram h : evaluation.histograms()) {
			this.jdbc.update(
					"""
							INSERT INTO run_histogram (run_id, subject, name, position, rows, null_count, edges_from, edges, counts,
							quantiles, psi_reference, psi_previous, previous_run_id)
							VALUES (?, ?, ?, ?, ?, ?, ?, ?::float8[], ?::int8[], ?::float8[], ?, ?, ?)""",
					runId, h.subject(), h.name(), h.position(), h.histogram().rows(), h.histogram().nullCount(),
					h.edgesFrom(), array(h.histogram().edges()), longs(h.histogram().counts()), array(h.quantiles()),
					orNull(h.psiReference()), orNull(h.psiPrevious()),
					(h.previousRunId() < 0) ? null : h.previousRunId());
		}
		for (BandShare b : evaluation.bands()) {
			this.jdbc.update("""
					INSERT INTO run_band (run_id, segment, band, customers, share, previous_share)
					VALUES (?, ?, ?, ?, ?, ?)""", runId, b.segment(), b.band(), b.customers(),
					Double.isNaN(b.share()) ? 0 : b.share(), orNull(b.previousShare()));
		}
		for (Check c : evaluation.checks()) {
			this.jdbc.update(
					"""
							INSERT INTO run_check (run_id, check_name, subject, value, warn_threshold, hold_threshold, verdict, detail)
							VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
					runId, c.name(), c.subject(), orNull(c.value()), orNull(c.warnThreshold()),
					orNull(c.holdThreshold()), c.verdict().label(), c.detail());
		}
	}

	/** Store a model's training profile, replacing any earlier one. */
	public void storeReference(String modelVersion, Map<String, Histogram> features, Histogram score,
			double[] scoreQuantiles) {
		this.jdbc.update("DELETE FROM model_reference_histogram WHERE model_version = ?", modelVersion);
		int position = 0;
		for (Map.Entry<String, Histogram> feature : features.entrySet()) {
			insertReference(modelVersion, "feature", feature.getKey(), position++, feature.getValue(),
					feature.getValue().quantiles());
		}
		insertReference(modelVersion, "score", "score", 0, score, scoreQuantiles);
	}

	private void insertReference(String modelVersion, String subject, String name, int position, Histogram h,
			double[] quantiles) {
		this.jdbc.update("""
				INSERT INTO model_reference_histogram (model_version, subject, name, position, rows, null_count, edges,
				counts, quantiles) VALUES (?, ?, ?, ?, ?, ?, ?::float8[], ?::int8[], ?::float8[])""", modelVersion,
				subject, name, position, h.rows(), h.nullCount(), array(h.edges()), longs(h.counts()),
				array(quantiles));
	}

	private double[] ownDeciles(long runId) {
		double[] probabilities = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
		double[] deciles = this.jdbc.queryForObject("""
				SELECT percentile_disc(?::float8[]) WITHIN GROUP (ORDER BY score) FROM prediction WHERE run_id = ?""",
				(rs, n) -> doubles(rs.getArray(1)), array(probabilities), runId);
		return (deciles == null) ? new double[0]
				: Arrays.stream(deciles).filter((d) -> !Double.isNaN(d)).distinct().sorted().toArray();
	}

	private static Histogram histogram(ResultSet rs) throws SQLException {
		double[] edges = doubles(rs.getArray(3));
		long[] counts = Arrays.stream((Long[]) rs.getArray(4).getArray()).mapToLong(Long::longValue).toArray();
		double[] quantiles = doubles(rs.getArray(6));
		double min = (quantiles.length > 0) ? quantiles[0] : Double.NaN;
		double max = (quantiles.length > 0) ? quantiles[quantiles.length - 1] : Double.NaN;
		return new Histogram(edges, counts, rs.getLong(5), min, max);
	}

	/**
	 * A PostgreSQL {@code float8[]} as doubles, a null element as NaN; {@code null} for
	 * null.
	 */
	static double[] doubles(Array array) throws SQLException {
		if (array == null) {
			return null;
		}
		Object[] values = (Object[]) array.getArray();
		return Arrays.stream(values)
			.mapToDouble((v) -> (v != null) ? ((Number) v).doubleValue() : Double.NaN)
			.toArray();
	}

	/** A {@code float8[]} literal of {@code values}, NaN and infinities included. */
	static String array(double[] values) {
		return "{" + String.join(",", Arrays.stream(values).mapToObj(RunChecksRepository::literal).toList()) + "}";
	}

	private static String literal(double value) {
		return Double.isNaN(value) ? "NaN"
				: Double.isInfinite(value) ? ((value > 0) ? "Infinity" : "-Infinity") : Double.toString(value);
	}

	private static String longs(long[] values) {
		return "{" + String.join(",", Arrays.stream(values).mapToObj(Long::toString).toList()) + "}";
	}

	private static Double orNull(double value) {
		return Double.isNaN(value) ? null : value;
	}

}
