package io.nightscore.job;

/**
 * The names persisted in the job repository. A restart matches on them: never rename one
 * after a release.
 */
public final class JobNames {

	public static final String JOB = "scoreCustomers";

	public static final String PREPARE_STEP = "prepareRun";

	public static final String SCORE_STEP = "scoreInput";

	public static final String SCORE_PARTITION_STEP = "scorePartition";

	public static final String FINALIZE_STEP = "finalizeRun";

	public static final String PUBLISH_STEP = "publishRun";

	/** Identifying: the date being scored. */
	public static final String SCORING_DATE = "scoring.date";

	/** Identifying: 0 for a date's first run, 1, 2, ... for each {@code --rerun}. */
	public static final String RERUN = "rerun";

	public static final String INPUT = "input";

	public static final String MODEL = "model";

	public static final String MODEL_VERSION = "model.version";

	public static final String ID_COLUMN = "id.column";

	public static final String REQUIRE_MARKER = "require.marker";

	public static final String ALLOW_EMPTY = "allow.empty";

	public static final String MAX_REJECT_RATE = "max.reject.rate";

	public static final String CHUNK_SIZE = "chunk.size";

	public static final String THREADS = "threads";

	/** The sha256 the model file must have ({@code --model-sha256}), if pinned. */
	public static final String MODEL_SHA256 = "model.sha256";

	public static final String PSI_WARN = "gate.psi.warn";

	public static final String PSI_HOLD = "gate.psi.hold";

	public static final String HIGH_BAND_CHANGE_HOLD = "gate.high.band.change.hold";

	public static final String MAX_INPUT_AGE_DAYS = "gate.max.input.age.days";

	public static final String MIN_ROWS_FOR_CHECKS = "gate.min.rows";

	public static final String SEGMENT_COLUMN = "segment.column";

	public static final String SEGMENT_DIFFERENCE = "gate.segment.difference";

	public static final String HOLD_ON_SEGMENTS = "gate.hold.on.segments";

	/** The time zone the scoring date is read in (for the input's age). */
	public static final String TIME_ZONE = "time.zone";

	/**
	 * The riskiest fraction of each chunk to give reasons; absent: every row of the high
	 * risk band; 0: none.
	 */
	public static final String EXPLAIN_TOP = "explain.top";

	/** About how many rows of the run the global SHAP sample takes (0: none). */
	public static final String SHAP_SAMPLE = "shap.sample";

	/** The global SHAP sample's size when not given. */
	public static final long DEFAULT_SHAP_SAMPLE = 2_000;

	/**
	 * The Spring property prefix of the operator's Hadoop properties
	 * ({@code nightscore.hadoop[fs.s3a.endpoint]=...}): Spring properties, never job
	 * parameters, since they may hold credentials.
	 */
	public static final String HADOOP_PROPERTIES = "nightscore.hadoop";

	/**
	 * The maximum length of a text customer id, in characters; longer ones are rejected.
	 */
	public static final String MAX_ID_LENGTH = "max.id.length";

	/** Job execution context: the input snapshot the run was started on, as JSON. */
	static final String SNAPSHOT_KEY = "run.inputSnapshot";

	/** Job execution context: the sha256 of the run's model. */
	static final String MODEL_SHA_KEY = "run.modelSha256";

	/** Job execution context: the model version the run records in every prediction. */
	static final String MODEL_VERSION_KEY = "run.modelVersion";

	/**
	 * Job execution context: the edges the run bins its features and scores against
	 * (monitoring's {@code ReferenceEdges}, encoded).
	 */
	static final String EDGES_KEY = "run.referenceEdges";

	/**
	 * Job execution context: the run's statistics as the finalize step computed them
	 * beside its index build ({@code RunStatistics}, encoded), for the publish step.
	 */
	static final String STATISTICS_KEY = "run.statistics";

	/** Step execution context of the publish step: the gate held the run. */
	static final String HELD_EXIT_CODE = "HELD";

	/**
	 * Partition execution context: the file's index in the snapshot, and its row range.
	 */
	static final String FILE_INDEX_KEY = "partition.fileIndex";

	static final String FIRST_ROW_KEY = "partition.firstRow";

	static final String END_ROW_KEY = "partition.endRow";

	private JobNames() {
	}

}
