package io.nightscore.monitoring;

import java.nio.file.Path;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate end to end: a model registered with its training profile, two ordinary weeks
 * published, a week whose {@code support_calls} tripled HELD with the PSI that held it,
 * then published after review, unpublished (last week shows again) and rejected.
 */
@JobIntegrationTest
class DriftGateIntegrationTests {

	@TempDir
	static Path data;

	static DriftWeeks weeks;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeAll
	static void generateWeeks() throws Exception {
		weeks = DriftWeeks.generate(data);
	}

	/**
	 * The schema after the model was registered and two weeks published, made once by the
	 * real commands and restored before every other test.
	 */
	static Path twoPublishedWeeks;

	@BeforeEach
	void registerTheModelAndPublishTwoOrdinaryWeeks() {
		if (twoPublishedWeeks != null) {
			TestDatabase.restore(twoPublishedWeeks);
			return;
		}
		Result added = Nightscore.run("model", "add", "--model", DriftWeeks.MODEL.toString(), "--version", "churn-v1",
				"--training-data", weeks.training().toString());
		assertThat(added.exitCode()).as(added.toString()).isZero();
		assertThat(added.out()).contains("with a reference profile of 20000 rows");
		assertThat(Nightscore.run(DriftWeeks.score(weeks.week1(), "2026-11-08")).exitCode()).isZero();
		Result week2 = Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-15"));
		assertThat(week2.exitCode()).as(week2.toString()).isZero();
		twoPublishedWeeks = TestDatabase.dump(data.resolve("two-published-weeks.sql"));
	}

	@Test
	void ordinaryWeeksPassEveryCheckAgainstTheProfileAndTheWeekBefore() {
		assertThat(this.jdbc.queryForList("SELECT DISTINCT verdict FROM run_check WHERE run_id = 2", String.class))
			.containsExactlyInAnyOrder("ok");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM run_histogram WHERE run_id = 2 AND psi_previous IS"
				+ " NOT NULL AND psi_reference IS NOT NULL AND previous_run_id = 1", Integer.class))
			.isEqualTo(20);
		assertThat(this.jdbc.queryForObject("SELECT rows FROM run_histogram WHERE run_id = 2 AND name = 'score'",
				Long.class))
			.isEqualTo(5000L);
		Predictions.assertStoredScoreDistributionMatches(2);
		assertThat(this.jdbc.queryForObject("SELECT drift_reference FROM scoring_run WHERE run_id = 2", String.class))
			.isEqualTo("the training profile of model churn-v1 and the previous published run 1");
	}

	@Test
	void aDriftedWeekIsHeldWithThePsiThatHeldItUntilPublishedAndUnpublishRestoresLastWeek() {
		Result drifted = Nightscore.run(DriftWeeks.score(weeks.drifted(), "2026-11-22"));

		assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(7);
		assertThat(drifted.err()).contains("Run 3 for 2026-11-22 completed but is HELD, not published")
			.containsPattern(
					"psi_reference support_calls \\d+\\.\\d{4} > 0.25; psi_previous support_calls \\d+\\.\\d{4} > 0.25");
		assertThat(liveRun()).isEqualTo(2);
		Result abandoned = Nightscore.run("abandon", "3");
		assertThat(abandoned.exitCode()).as(abandoned.toString()).isEqualTo(2);
		assertThat(abandoned.err().strip()).isEqualTo("Run 3 completed and is HELD, not published; only a run that did"
				+ " not finish can be abandoned: close it for good with 'nightscore reject 3'");
		Result resumed = Nightscore.run("resume", "3");
		assertThat(resumed.exitCode()).as("resume of a HELD run: " + resumed).isEqualTo(7);
		assertThat(resumed.err()).contains("Run 3 already completed and is HELD, not published: psi_reference")
			.contains("`nightscore publish 3 --note ...` or `nightscore reject 3`");
		assertThat(this.jdbc.queryForMap("SELECT status, published FROM scoring_run WHERE run_id = 3"))
			.containsEntry("status", "HELD")
			.containsEntry("published", false);
		assertThat(this.jdbc
			.queryForList("SELECT DISTINCT subject FROM run_check WHERE run_id = 3 AND verdict = 'hold'", String.class))
			.containsExactly(DriftWeeks.DRIFTED_FEATURE);
		assertThat(this.jdbc.queryForObject(
				"SELECT psi_reference FROM run_histogram WHERE run_id = 3 AND name = 'support_calls'", Double.class))
			.isGreaterThan(1.0);
		assertThat(this.jdbc.queryForObject("SELECT max(psi_reference) FROM run_histogram WHERE run_id = 3 AND"
				+ " subject = 'feature' AND name <> 'support_calls'", Double.class))
			.isLessThan(0.1);
		assertThat(Nightscore.run(DriftWeeks.score(weeks.drifted(), "2026-11-22")).exitCode())
			.as("the same command again: already scored, still held")
			.isEqualTo(7);

		Result noNote = Nightscore.run("publish", "3");
		Result published = Nightscore.run("publish", "3", "--note", "support_calls tripled: new call counting");

		assertThat(noNote.exitCode()).isEqualTo(2);
		assertThat(noNote.err().strip()).isEqualTo("Missing --note: say why run 3 may be published despite its checks");
		assertThat(published.exitCode()).as(published.toString()).isZero();
		assertThat(published.out().strip()).isEqualTo("Run 3 published by " + System.getProperty("user.name")
				+ "; customer_scores now shows run 3 (2026-11-22)");
		assertThat(liveRun()).isEqualTo(3);
		assertThat(this.jdbc.queryForMap(
				"SELECT status, published_by, published_by_db, publish_note FROM scoring_run WHERE run_id = 3"))
			.containsEntry("status", "PUBLISHED")
			.containsEntry("published_by", System.getProperty("user.name"))
			.containsEntry("published_by_db", "postgres")
			.containsEntry("publish_note", "support_calls tripled: new call counting");

		Result unpublished = Nightscore.run("unpublish", "3", "--note", "wrong week after all");

		assertThat(unpublished.exitCode()).as(unpublished.toString()).isZero();
		assertThat(unpublished.out()).contains("customer_scores now shows run 2 (2026-11-15)");
		assertThat(liveRun()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(5000L);

		Result rejected = Nightscore.run("reject", "3", "--note", "upstream bug");
		Result republished = Nightscore.run("publish", "3", "--note", "changed my mind");

		assertThat(rejected.exitCode()).as(rejected.toString()).isZero();
		assertThat(republished.exitCode()).isEqualTo(2);
		assertThat(republished.err().strip()).isEqualTo("Run 3 (2026-11-22) cannot be published: it was rejected for"
				+ " good: score its date again with --rerun; only a HELD or UNPUBLISHED run can be published. Nothing"
				+ " was changed");
		assertThat(this.jdbc.queryForObject("SELECT status FROM scoring_run WHERE run_id = 3", String.class))
			.isEqualTo("REJECTED");
		assertThat(liveRun()).isEqualTo(2);
	}

	@Test
	void aLooserHoldThresholdFromTheEnvironmentLetsTheDriftedWeekThroughWithWarnings() {
		Result drifted = Nightscore.run(java.util.Map.of("NIGHTSCORE_PSI_HOLD", "10"),
				DriftWeeks.score(weeks.drifted(), "2026-11-22"));

		assertThat(drifted.exitCode()).as(drifted.toString()).isZero();
		assertThat(liveRun()).isEqualTo(3);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT subject FROM run_check WHERE run_id = 3 AND verdict = 'warn'"
				+ " AND check_name LIKE 'psi%'", String.class))
			.contains(DriftWeeks.DRIFTED_FEATURE);
		assertThat(this.jdbc.queryForObject("SELECT options ->> 'gate.psi.hold' FROM scoring_run WHERE run_id = 3",
				String.class))
			.isEqualTo("10.0");
	}

	@Test
	void reviewCommandsRefuseUnknownRunningAndFailedRunsAndChangeNothing() {
		this.jdbc.execute("""
				CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'injected failure'; END $$""");
		this.jdbc.execute("CREATE TRIGGER fail_insert BEFORE INSERT ON prediction FOR EACH ROW EXECUTE FUNCTION"
				+ " fail_insert()");
		assertThat(Nightscore.run(DriftWeeks.score(weeks.drifted(), "2026-11-22")).exitCode()).isEqualTo(1);
		String before = this.jdbc.queryForList("SELECT * FROM scoring_run ORDER BY run_id").toString();

		Result unknown = Nightscore.run("publish", "42", "--note", "x");
		Result failed = Nightscore.run("publish", "3", "--note", "x");
		Result rejectPublished = Nightscore.run("reject", "2");
		Result unpublishHeld = Nightscore.run("unpublish", "3");
		this.jdbc.update("UPDATE scoring_run SET status = 'STARTED' WHERE run_id = 3");
		Result running = Nightscore.run("reject", "3");
		this.jdbc.update("UPDATE scoring_run SET status = 'FAILED' WHERE run_id = 3");

		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err().strip())
			.isEqualTo("Run 42 does not exist: nothing was published. See `nightscore runs` for run ids");
		assertThat(failed.exitCode()).isEqualTo(2);
		assertThat(failed.err().strip()).isEqualTo("Run 3 (2026-11-22) cannot be published: it failed before"
				+ " completing and has no complete scores: resume it with the same score command; only a HELD or"
				+ " UNPUBLISHED run can be published. Nothing was changed");
		assertThat(rejectPublished.err()).contains("Run 2 (2026-11-15) cannot be rejected: it is PUBLISHED");
		assertThat(unpublishHeld.err()).contains("Run 3 (2026-11-22) cannot be unpublished: it failed");
		assertThat(running.exitCode()).isEqualTo(2);
		assertThat(running.err()).contains("cannot be rejected: it is still running (or its process was killed)");
		assertThat(this.jdbc.queryForList("SELECT * FROM scoring_run ORDER BY run_id").toString()).isEqualTo(before);
		assertThat(liveRun()).isEqualTo(2);
	}

	@Test
	void anUnpublishedRunWhosePredictionsRetentionDroppedCannotBePublishedAgain() {
		assertThat(Nightscore.run("unpublish", "2", "--note", "wrong week").exitCode()).isZero();
		Result pruned = Nightscore.run("prune", "--keep-runs", "0");
		assertThat(pruned.out()).as(pruned.toString()).contains("run(s) [2]");
		String before = this.jdbc.queryForList("SELECT * FROM scoring_run ORDER BY run_id").toString();

		Result publish = Nightscore.run("publish", "2", "--note", "fine after all");

		assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(2);
		assertThat(publish.err().strip()).isEqualTo("Run 2 (2026-11-15) cannot be published: retention dropped its"
				+ " predictions and rejects (--keep-runs, 'nightscore prune'), so customer_scores would show no"
				+ " customer at all; score its date again with --rerun. Nothing was changed");
		assertThat(this.jdbc.queryForList("SELECT * FROM scoring_run ORDER BY run_id").toString()).isEqualTo(before);
		assertThat(liveRun()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(5000L);
	}

	@Test
	void unpublishingBackToARunWhosePredictionsRetentionDroppedSaysCustomerScoresIsEmpty() {
		Result week3 = Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-22", "--keep-runs", "0"));
		assertThat(week3.exitCode()).as(week3.toString()).isZero();
		assertThat(Nightscore.run("unpublish", "3").exitCode()).isZero();

		Result unpublished = Nightscore.run("unpublish", "2");

		assertThat(unpublished.exitCode()).as(unpublished.toString()).isZero();
		assertThat(unpublished.out().strip()).endsWith("customer_scores now shows run 1 (2026-11-08), whose"
				+ " predictions retention dropped: it shows no customer at all. Publish a newer run, or score a date"
				+ " again with --rerun");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isZero();
	}

	@Test
	void segmentsAreCountedByBandAndHoldOnlyWhenAskedTo() {
		// a state holds about a hundred customers: judged only below the default minimum
		Result reported = Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-16", "--segment-column", "state",
				"--segment-difference", "0", "--min-rows-for-checks", "1"));
		Result held = Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-16", "--rerun", "--segment-column",
				"state", "--segment-difference", "0", "--hold-on-segments", "--min-rows-for-checks", "1"));
		Result missing = Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-17", "--segment-column", "region"));

		assertThat(reported.exitCode()).as(reported.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT sum(customers) FROM run_band WHERE run_id = 3 AND segment <> ''",
				Long.class))
			.isEqualTo(5000L);
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT segment) FROM run_band WHERE run_id = 3",
				Integer.class))
			.isGreaterThan(10);
		assertThat(this.jdbc.queryForList(
				"SELECT DISTINCT verdict FROM run_check WHERE run_id = 3 AND check_name =" + " 'segment_high_share'",
				String.class))
			.contains("warn")
			.doesNotContain("hold");
		assertThat(held.exitCode()).as(held.toString()).isEqualTo(7);
		assertThat(held.err()).contains("segment_high_share");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("has no segment column 'region' (--segment-column)");
	}

	private long liveRun() {
		return this.jdbc.queryForObject("SELECT DISTINCT run_id FROM customer_scores", Long.class);
	}

}
