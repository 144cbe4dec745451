package io.nightscore.output;

import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.nightscore.ContractException;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The human side of the gate on {@code scoring_run}: publish a held run after review,
 * take a published run back (the previous published run shows again), or reject a held
 * run for good, recording who (OS and database user), when and why. Each change is one
 * conditional UPDATE, so two reviewers racing cannot both act; a refused change changes
 * nothing and says why. Thread-safe.
 */
public final class RunReviewRepository {

	private final JdbcTemplate jdbc;

	public RunReviewRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Publish a held (or unpublished) run: {@code customer_scores} switches to it if its
	 * date is the newest published. A run whose predictions retention dropped is refused:
	 * published, it would leave {@code customer_scores} empty.
	 * @throws ContractException naming the run's state when it cannot be published
	 */
	public void publish(long runId, String osUser, String note) {
		int updated = this.jdbc.update("""
				UPDATE scoring_run SET published = true, published_at = clock_timestamp(), status = 'PUBLISHED',
				published_by = ?, published_by_db = current_user, publish_note = ?
				WHERE run_id = ? AND status IN ('HELD', 'UNPUBLISHED') AND pruned_at IS NULL""", osUser, note, runId);
		if (updated == 0) {
			throw prunedRefusal(runId)
				.orElseGet(() -> refusal(runId, "published", "only a HELD or UNPUBLISHED run can be published"));
		}
	}

	/**
	 * Take a published run back: it stays in the database, and {@code customer_scores}
	 * shows the previous published run again.
	 */
	public void unpublish(long runId, String osUser, String note) {
		int updated = this.jdbc.update("""
				UPDATE scoring_run SET published = false, status = 'UNPUBLISHED', unpublished_at = clock_timestamp(),
				unpublished_by = ? || ' (database user ' || current_user || ')', review_note = ?
				WHERE run_id = ? AND published""", osUser, note, runId);
		if (updated == 0) {
			throw refusal(runId, "unpublished", "only a PUBLISHED run can be unpublished");
		}
	}

	/** Close a held or unpublished run for good: it can never be published. */
	public void reject(long runId, String osUser, String note) {
		int updated = this.jdbc.update("""
				UPDATE scoring_run SET status = 'REJECTED', rejected_at = clock_timestamp(),
				rejected_by = ? || ' (database user ' || current_user || ')', review_note = ?
				WHERE run_id = ? AND status IN ('HELD', 'UNPUBLISHED') AND NOT published""", osUser, note, runId);
		if (updated == 0) {
			throw refusal(runId, "rejected", "only a HELD or UNPUBLISHED run can be rejected");
		}
	}

	/**
	 * The run {@code customer_scores} shows now, with its date and whether retention
	 * dropped its predictions ({@code pruned}: then it shows no customer), if any.
	 */
	public Optional<Map<String, Object>> live() {
		return this.jdbc.queryForList("""
				SELECT run_id, scoring_date, pruned_at IS NOT NULL AS pruned FROM scoring_run WHERE published
				ORDER BY scoring_date DESC, published_at DESC LIMIT 1""").stream().findFirst();
	}

	/** The refusal to publish a run whose predictions retention dropped, if it is one. */
	private Optional<ContractException> prunedRefusal(long runId) {
		return this.jdbc.queryForList("""
				SELECT scoring_date FROM scoring_run
				WHERE run_id = ? AND status IN ('HELD', 'UNPUBLISHED') AND pruned_at IS NOT NULL""", runId)
			.stream()
			.findFirst()
			.map((run) -> new ContractException("Run " + runId + " (" + run.get("scoring_date")
					+ ") cannot be published:"
					+ " retention dropped its predictions and rejects (--keep-runs, 'nightscore prune'), so"
					+ " customer_scores would show no customer at all; score its date again with --rerun. Nothing was"
					+ " changed"));
	}

	private ContractException refusal(long runId, String verb, String rule) {
		Optional<Map<String, Object>> run = this.jdbc
			.queryForList("SELECT status, scoring_date FROM scoring_run WHERE run_id = ?", runId)
			.stream()
			.findFirst();
		if (run.isEmpty()) {
			return new ContractException(
					"Run " + runId + " does not exist: nothing was " + verb + ". See `nightscore runs` for run ids");
		}
		String status = (String) run.get().get("status");
		String why = switch (status) {
			case "STARTED" -> "it is still running (or its process was killed): wait for it, or resume it with the same"
					+ " score command";
			case "FAILED", "STOPPED" -> "it " + status.toLowerCase(java.util.Locale.ROOT)
					+ " before completing and has no complete scores: resume it with the same score command";
			case "REJECTED" -> "it was rejected for good: score its date again with --rerun";
			default -> "it is " + status;
		};
		return new ContractException("Run " + runId + " (" + run.get().get("scoring_date") + ") cannot be " + verb
				+ ": " + why + "; " + rule + ". Nothing was changed");
	}

}
