package io.nightscore.bench.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.XGBoost;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

/**
 * The benchmark's Spark contender, not part of nightscore: a Spark job as a Spark shop
 * would write it — Spark in local mode on every core, {@code spark.read().parquet}, the
 * model loaded into XGBoost4J-Spark's {@code XGBoostClassificationModel}, the features
 * as one array column of floats (a null is NaN, XGBoost's missing value), the
 * probability of churn as the score, the risk band by the job's float thresholds, and Spark's
 * JDBC writer appending to a table laid out as nightscore's run tables (batched inserts,
 * which pgjdbc rewrites into multi-row ones). Spark splits a Parquet file by row group:
 * one row group is one task.
 *
 * <p>
 * Usage: {@code SparkScorer INPUT MODEL TABLE} (the features are the model's); the database from
 * {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD}; {@code TABLE} exists,
 * with defaults for the columns not written. Prints one line:
 * {@code spark rows=N seconds=S tasks=T} (seconds from the read's plan to the last insert's
 * commit, without the session's start).
 */
public final class SparkScorer {

	private SparkScorer() {
	}

	public static void main(String[] args) throws Exception {
		String input = args[0];
		String model = args[1];
		String table = args[2];
		SparkSession spark = SparkSession.builder()
			.appName("nightscore-spark-bench")
			.master("local[*]")
			.config("spark.ui.enabled", "false")
			.config("spark.sql.shuffle.partitions", "2")
			.getOrCreate();
		try {
			Booster booster = XGBoost.loadModel(model);
			List<String> features = Arrays.asList(booster.booster().getFeatureNames());
			long started = System.nanoTime();
			Dataset<Row> customers = spark.read().parquet(input);
			Column[] values = new Column[features.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = coalesce(col(features.get(i)).cast("float"), lit(Float.NaN));
			}
			Dataset<Row> rows = customers.select(col("customer_id"), array(values).as("features"));
			XGBoostClassificationModel classifier = new XGBoostClassificationModel("nightscore-bench", 2, booster,
					scala.Option.empty());
			classifier.setFeaturesCol("features");
			classifier.setMissing(Float.NaN);
			Column score = vector_to_array(col("probability"), "float32").getItem(1);
			Dataset<Row> scored = classifier.transform(rows)
				.select(col("customer_id"), score.cast("double").as("score"))
				.withColumn("risk_band",
						when(col("score").geq((double) 0.7f), lit("high"))
							.when(col("score").geq((double) 0.4f), lit("medium"))
							.otherwise(lit("low")))
				.withColumn("source_file", lit(0))
				.withColumn("source_row", monotonically_increasing_id());
			int tasks = scored.rdd().getNumPartitions();
			Properties connection = new Properties();
			connection.setProperty("user", System.getenv("SPRING_DATASOURCE_USERNAME"));
			connection.setProperty("password", System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""));
			connection.setProperty("driver", "org.postgresql.Driver");
			connection.setProperty("batchsize", "10000");
			connection.setProperty("reWriteBatchedInserts", "true");
			scored.write().mode(SaveMode.Append).jdbc(System.getenv("SPRING_DATASOURCE_URL"), table, connection);
			double seconds = (System.nanoTime() - started) / 1e9;
			long written;
			try (java.sql.Connection db = java.sql.DriverManager.getConnection(System.getenv("SPRING_DATASOURCE_URL"),
					connection); java.sql.ResultSet count = db.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
				count.next();
				written = count.getLong(1);
			}
			System.out.printf("spark rows=%d seconds=%.3f tasks=%d%n", written, seconds, tasks);
		}
		finally {
			spark.stop();
		}
	}

}
