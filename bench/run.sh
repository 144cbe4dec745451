#!/usr/bin/env bash
# nightscore's benchmark: scores N synthetic customers end to end with the real jar against the
# local PostgreSQL, runs a plain single-threaded baseline on the same input, and prints
# min / median / max of throughput, stage times, peak heap and RSS over R runs.
#
#   bench/run.sh [--rows N] [--runs R] [--files K] [--row-group-mb M] [--threads T]
#                [--chunk-size C] [--java-opts "OPTS"] [--no-baseline] [--explain] [--engine E] [--jar PATH]
#                [--shared] [--input PATH --model FILE] [--spark]
#
# --shared runs the shared workload (../shared/bench/customers_1m.parquet and model.json, see its
# README) instead of generated data; --input / --model run any other input and model. Besides the
# single-threaded baseline, every run also runs the pipelined reference (PipelinedBaseline: reader
# thread -> 2 XGBoost4J scorer threads -> COPY writer thread) on the same input, interleaved.
# The job runs with --explain-top 0 --shap-sample 0, as the baselines explain nothing; --explain
# keeps its default (SHAP reasons for the high band, ~0.55 CPU-s per 1,000 explained rows with the
# compiled engine on the benchmark model). --engine E runs the job with --engine E (auto, compiled or
# xgboost: XGBoost4J then also explains).
# --spark runs a fourth contender after the others in every run: Spark in local mode scoring with
# XGBoost4J-Spark and appending through Spark's JDBC writer (bench/spark/SparkScorer, its own Maven
# project, built here; Spark's dependencies come from Maven Central), with the JVM's defaults (not --java-opts).
#
# --row-group-mb M writes the generated files with row groups of M MB (parquet-java's row-group
# size) instead of one row group per file: --row-group-mb 128 is the layout Spark and
# parquet-java write by default (row groups of ~3.3M rows here), the memory benchmark is
#   bench/run.sh --rows 5000000 --files 1 --row-group-mb 128 --java-opts -Xmx512m
# Defaults: 1,000,000 rows in one file of one row group, 3 runs, the job's own defaults for
# threads (cores) and chunk size (the baselines take the job's default too), no JVM options. Job and
# baselines run from the jar extracted, as the image runs it, the job with the image's JVM flags
# (pom.xml's jvmFlags: Spring's context as prepared at build time, late C2, the serial collector as in a pod) but for
# those only a container needs (heap shares of its memory limit, /tmp, the crash file); the baselines
# with the JVM's defaults but for the serial collector, which a pod's JVM picks for them too. --java-opts goes to all three, after those flags. Generated data, the model and every run's logs stay in bench/work/ (git-ignored); data
# and model are reused.
# Needs: a JDK 17, Maven (first build only), psql, GNU time (/usr/bin/time), a PostgreSQL where
# the user may create a schema (PGHOST / PGPORT / PGDATABASE / PGUSER / PGPASSWORD, default
# localhost:5432, postgres/postgres). Everything happens in the schema nightscore_bench, which is
# dropped and recreated first.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=1000000 runs=3 files="" row_group_mb=1024 threads="" chunk="" java_opts="" baseline=1 explain=0 engine="" jar=target/nightscore.jar input="" model_in="" spark=0
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rows) rows="$2"; shift 2 ;;
		--runs) runs="$2"; shift 2 ;;
		--files) files="$2"; shift 2 ;;
		--row-group-mb) row_group_mb="$2"; shift 2 ;;
		--threads) threads="$2"; shift 2 ;;
		--chunk-size) chunk="$2"; shift 2 ;;
		--java-opts) java_opts="$2"; shift 2 ;;
		--no-baseline) baseline=0; shift ;;
		--explain) explain=1; shift ;;
		--engine) engine="$2"; shift 2 ;;
		--jar) jar="$2"; shift 2 ;;
		--shared) input=../shared/bench/customers_1m.parquet; model_in=../shared/bench/model.json; shift ;;
		--input) input="$2"; shift 2 ;;
		--model) model_in="$2"; shift 2 ;;
		--spark) spark=1; shift ;;
		-h|--help) sed -n '2,35p' "$0"; exit 0 ;;
		*) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
files="${files:-$(( rows >= 2000000 ? rows / 1000000 : 1 ))}"
work=bench/work
schema=nightscore_bench
mkdir -p "$work"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- build --------------------------------------------------------------------------------------
if [[ ! -f "$jar" ]]; then
	log "building $jar"
	mvn -o -q package -DskipTests
fi
if [[ $baseline == 1 && ! -f target/test-classes/io/nightscore/bench/PipelinedBaseline.class ]]; then
	log "compiling the baseline (test sources)"
	mvn -o -q test-compile
fi
if [[ $spark == 1 ]]; then
	log "building the Spark contender (bench/spark; Spark's dependencies come from Maven Central the first time)"
	mvn -q -f bench/spark/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
# Job and baselines run on the jar extracted (once per jar), as the image runs it: plain jars on the
# class path, not the fat jar's nested ones.
app="$work/app-$(cksum < "$jar" | cut -d' ' -f1)"
if [[ ! -d "$app" ]]; then
	rm -rf "$work"/app-*
	java -Djarmode=tools -jar "$jar" extract --destination "$app" > /dev/null
fi

# --- data and model (cached) --------------------------------------------------------------------
data="$work/data-${rows}rows-${files}files"
[[ $row_group_mb != 1024 ]] && data="$data-${row_group_mb}mb-row-groups"
if [[ -n $input ]]; then
	data="$input"
elif [[ ! -f "$data/.complete" ]]; then
	log "generating $rows customers in $files file(s), row groups of up to $row_group_mb MB"
	rm -rf "$data"
	java -jar "$jar" generate --customers "$rows" --files "$files" --seed 42 --row-group-mb "$row_group_mb" --out "$data" >&2
	touch "$data/.complete"
fi
model="$work/model-300trees-depth6.json"
if [[ -n $model_in ]]; then
	model="$model_in"
elif [[ ! -f "$model" ]]; then
	log "training the benchmark model"
	java -jar "$jar" train --trees 300 --max-depth 6 --training-rows 50000 --seed 7 --out "$model" >&2
fi

# --- database -----------------------------------------------------------------------------------
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGDATABASE="${PGDATABASE:-postgres}"
export PGUSER="${PGUSER:-postgres}"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$schema"
export SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}"
export SPRING_FLYWAY_SCHEMAS="$schema" SPRING_FLYWAY_DEFAULT_SCHEMA="$schema"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SET search_path TO $schema" -c "$1"; }
psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" 2> /dev/null
java -jar "$jar" runs > /dev/null # Flyway creates the schema: a weekly run finds it in place

# --- runs ---------------------------------------------------------------------------------------
results="$work/results-$(date +%Y%m%d-%H%M%S)-${rows}rows"
mkdir -p "$results"
tsv="$results/results.tsv"
printf 'kind\trun\trows\trows_per_s\tjob_s\twall_s\tstartup_exit_s\tprepare_s\tscore_s\tread_s\tpredict_s\twrite_s\tfinalize_s\tpublish_s\tcpu_s\tmachine_cpu_s\tcores_busy\theap_mib\trss_mib\n' > "$tsv"

gc_opts() { echo "-Xlog:gc,gc+heap+exit:file=$1"; }
# The image's JVM flags (Jib's jvmFlags in pom.xml) without the container-only ones.
image_flags=$(sed -n 's:.*<jvmFlag>\(.*\)</jvmFlag>.*:\1:p' pom.xml | grep -vE 'RAMPercentage|java\.io\.tmpdir|ErrorFile' | tr '\n' ' ')

# Peak heap in MiB: the largest occupancy before a collection, or at exit if that is larger.
peak_heap() {
	local before exit_used
	before=$(grep -oE '[0-9]+M->[0-9]+M' "$1" | cut -dM -f1 | sort -n | tail -1)
	exit_used=$(grep -E '(garbage-first heap|PSYoungGen|ParOldGen|def new generation|tenured generation) +total' "$1" \
		| sed -E 's/.*used ([0-9]+)K.*/\1/' | awk '{ s += $1 } END { printf "%d", s / 1024 }')
	echo $(( ${before:-0} > ${exit_used:-0} ? ${before:-0} : ${exit_used:-0} ))
}
time_field() { grep -F "$2" "$1" | sed -E 's/.*: //'; }
# CPU seconds used by the whole machine so far (all processes, PostgreSQL included).
machine_cpu() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }
now() { date +%s.%N; }
# What Spark's own launcher opens of the JDK for Spark 3.5 on Java 17.
spark_opens=$(printf -- '--add-opens=java.base/%s=ALL-UNNAMED ' java.lang java.lang.invoke java.lang.reflect java.io \
	java.net java.nio java.util java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
	sun.security.action sun.util.calendar)

# One contender of a run (KIND: baseline, pipelined or spark) after a checkpoint: the command
# under GNU time, then its row of the results, from the line it prints,
# "KIND rows=N seconds=S [read=R score=P write=W] ...", and from time's and the GC log's figures.
contender() {
	local kind="$1" label="$2"
	shift 2
	sql "CHECKPOINT" > /dev/null
	log "run $run/$runs: $label"
	local start machine_start wall machine line rows loop cpu rss
	start=$(now) machine_start=$(machine_cpu)
	/usr/bin/time -v -o "$dir/$kind.time" "$@" > "$dir/$kind.out" 2> "$dir/$kind.err" \
		|| { log "$label failed: see $dir/$kind.err"; exit 1; }
	wall=$(echo "$(now) - $start" | bc) machine=$(echo "$(machine_cpu) - $machine_start" | bc)
	line=" $(grep -m1 -E "^$kind rows=" "$dir/$kind.out")"
	# a field of that line, or - where it has none
	field() { local value; value=$(sed -nE "s/.* $1=([0-9.]+)( .*)?$/\1/p" <<< "$line"); echo "${value:--}"; }
	rows=$(field rows) loop=$(field seconds)
	cpu=$(echo "$(time_field "$dir/$kind.time" 'User time') + $(time_field "$dir/$kind.time" 'System time')" | bc)
	rss=$(( $(time_field "$dir/$kind.time" 'Maximum resident set size') / 1024 ))
	printf '%s\t%d\t%d\t%.0f\t%.3f\t%.3f\t-\t-\t-\t%s\t%s\t%s\t-\t-\t%s\t%s\t%.2f\t%d\t%d\n' "$kind" "$run" \
		"$rows" "$(echo "$rows / $loop" | bc -l)" "$loop" "$wall" "$(field read)" "$(field score)" "$(field write)" \
		"$cpu" "$machine" "$(echo "$machine / $wall" | bc -l)" "$(peak_heap "$dir/$kind.gc.log")" "$rss" >> "$tsv"
}

score_options=(--input "$data" --model "$model")
[[ -n $threads ]] && score_options+=(--threads "$threads")
[[ -n $chunk ]] && score_options+=(--chunk-size "$chunk")
[[ -n $engine ]] && score_options+=(--engine "$engine")
# the baselines explain nothing: neither does the job unless asked (SHAP is ~130x a prediction)
[[ $explain == 0 ]] && score_options+=(--explain-top 0 --shap-sample 0)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "load before the runs: $load_before"
for run in $(seq 1 "$runs"); do
	dir="$results/run-$run"
	mkdir -p "$dir"
	sql "CHECKPOINT" > /dev/null
	log "run $run/$runs: nightscore score (${rows} rows)"
	start=$(now) machine_start=$(machine_cpu)
	# shellcheck disable=SC2086
	/usr/bin/time -v -o "$dir/job.time" java $image_flags $java_opts $(gc_opts "$dir/job.gc.log") \
		-jar "$app/nightscore.jar" score \
		"${score_options[@]}" --scoring-date "$(date -d "2026-01-01 + $run days" +%F)" \
		> "$dir/job.out" 2> "$dir/job.err" || { log "nightscore failed: see $dir/job.err"; exit 1; }
	wall=$(echo "$(now) - $start" | bc) machine=$(echo "$(machine_cpu) - $machine_start" | bc)
	execution=$(sql "SELECT max(job_execution_id) FROM batch_job_execution")
	job=$(sql "SELECT extract(epoch FROM end_time - start_time) FROM batch_job_execution WHERE job_execution_id = $execution")
	step() { sql "SELECT coalesce(extract(epoch FROM end_time - start_time)::text, '-') FROM batch_step_execution
		WHERE job_execution_id = $execution AND step_name = '$1'"; }
	run_id=$(sql "SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = $execution")
	scored=$(sql "SELECT rows_scored + rows_rejected FROM scoring_run WHERE run_id = $run_id")
	split=$(grep -oE 'read [0-9.]+ s, score [0-9.]+ s, write [0-9.]+ s' "$dir/job.err" | tr -dc '0-9. \n' | tr -s ' ' || true)
	read -r read_s predict_s write_s <<< "${split:-- - -}"
	cpu=$(echo "$(time_field "$dir/job.time" 'User time') + $(time_field "$dir/job.time" 'System time')" | bc)
	rss=$(( $(time_field "$dir/job.time" 'Maximum resident set size') / 1024 ))
	printf 'job\t%d\t%d\t%.0f\t%.3f\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%d\t%d\n' "$run" \
		"$scored" "$(echo "$scored / $job" | bc -l)" "$job" "$wall" "$(echo "$wall - $job" | bc)" "$(step prepareRun)" \
		"$(step scoreInput)" "$read_s" "$predict_s" "$write_s" "$(step finalizeRun)" "$(step publishRun)" "$cpu" \
		"$machine" "$(echo "$machine / $wall" | bc -l)" "$(peak_heap "$dir/job.gc.log")" "$rss" >> "$tsv"
	sql "DROP TABLE IF EXISTS prediction_run_$run_id" > /dev/null

	if [[ $baseline == 1 ]]; then
		# shellcheck disable=SC2086
		contender baseline baseline java -XX:+UseSerialGC $java_opts $(gc_opts "$dir/baseline.gc.log") \
			-cp "target/test-classes:$app/nightscore.jar:$app/lib/*" io.nightscore.bench.BaselineScorer \
			"$data" "$model" ${chunk}
		# shellcheck disable=SC2086
		contender pipelined "pipelined reference" java -XX:+UseSerialGC $java_opts $(gc_opts "$dir/pipelined.gc.log") \
			-cp "target/test-classes:$app/nightscore.jar:$app/lib/*" io.nightscore.bench.PipelinedBaseline \
			"$data" "$model" ${chunk}
	fi

	if [[ $spark == 1 ]]; then
		sql "DROP TABLE IF EXISTS spark_scores; CREATE TABLE spark_scores (LIKE prediction INCLUDING DEFAULTS);
			ALTER TABLE spark_scores ALTER run_id SET DEFAULT 999999997, ALTER model_version SET DEFAULT 'spark',
			ALTER scored_at SET DEFAULT now()" > /dev/null
		# shellcheck disable=SC2086
		contender spark Spark java $spark_opens $(gc_opts "$dir/spark.gc.log") \
			-cp "bench/spark/target/nightscore-spark-bench-0.1.0-SNAPSHOT.jar:$(cat bench/spark/target/classpath.txt)" \
			io.nightscore.bench.spark.SparkScorer "$data" "$model" "$schema.spark_scores"
		sql "DROP TABLE spark_scores" > /dev/null
	fi
done
log "load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report -------------------------------------------------------------------------------------
{
	echo "nightscore benchmark, $(date '+%Y-%m-%d %H:%M'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+changes')"
	if [[ -n $input ]]; then echo "input:   $input; model: $model"; else echo "input:   $rows synthetic customers (19 mixed-type features) in $files Parquet file(s), row groups of up to $row_group_mb MB; model: 300 trees, depth 6, binary:logistic"; fi
	echo "job:     threads ${threads:-default (cores)}, chunk size ${chunk:-default}, JVM options: the image's (${image_flags% }) for the job${java_opts:+, then $java_opts for all}"
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(free -h | awk '/^Mem:/ { print $2 }') RAM, $(psql -X -A -t -c 'SHOW server_version' | cut -d' ' -f1 | sed 's/^/PostgreSQL /') on the same machine"
	echo "load:    1/5/15-min load average $load_before before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after"
	java bench/BenchReport.java "$tsv"
} | tee "$results/report.txt"
