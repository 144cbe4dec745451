#!/usr/bin/env bash
# Remote partitioning benchmark: scores the same input locally and with 1, 2 and 3 worker processes
# (score --workers remote + nightscore worker over the local RabbitMQ), and reports per mode the
# score step's throughput, the manager's overhead per partition and the broker messages per run,
# then projects what N 2-core worker pods would reach.
#
#   bench/remote.sh [--rows N] [--partitions P] [--workers "1 2 3"] [--worker-threads T] [--jar PATH]
#
# Defaults: 1,000,000 rows (the benchmark input of bench/run.sh, generated and cached in bench/work/),
# 12 partitions, workers with one thread each (so that w workers score on w threads, as a local run
# with --threads w would). Workers are started and warm (consuming) before the manager starts: the
# figures are the run's, not the JVMs' start-up. Each mode is a --rerun of the same date, in the
# schema nightscore_bench_remote (dropped and recreated), on the queue nightscore.bench.remote.
# Needs what bench/run.sh needs, and RabbitMQ on SPRING_RABBITMQ_HOST:PORT (default localhost:5672).
set -euo pipefail
cd "$(dirname "$0")/.."

rows=1000000 partitions=12 worker_counts="1 2 3" worker_threads=1 jar=target/nightscore.jar
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rows) rows="$2"; shift 2 ;;
		--partitions) partitions="$2"; shift 2 ;;
		--workers) worker_counts="$2"; shift 2 ;;
		--worker-threads) worker_threads="$2"; shift 2 ;;
		--jar) jar="$2"; shift 2 ;;
		-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
		*) echo "bench/remote.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
work=bench/work schema=nightscore_bench_remote queue=nightscore.bench.remote date=2026-01-04
files=$(( rows >= 2000000 ? rows / 1000000 : 1 ))
mkdir -p "$work"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[[ -f "$jar" ]] || { log "building $jar"; mvn -q package -DskipTests; }
data="$work/data-${rows}rows-${files}files"
if [[ ! -f "$data/.complete" ]]; then
	log "generating $rows customers"
	rm -rf "$data"
	java -jar "$jar" generate --customers "$rows" --files "$files" --seed 42 --row-group-mb 1024 --out "$data" >&2
	touch "$data/.complete"
fi
model="$work/model-300trees-depth6.json"
[[ -f "$model" ]] || java -jar "$jar" train --trees 300 --max-depth 6 --training-rows 50000 --seed 7 --out "$model" >&2

export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGDATABASE="${PGDATABASE:-postgres}" PGUSER="${PGUSER:-postgres}"
export SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$schema"
export SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}"
export SPRING_FLYWAY_SCHEMAS="$schema" SPRING_FLYWAY_DEFAULT_SCHEMA="$schema"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SET search_path TO $schema" -c "$1"; }
psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" 2> /dev/null
java -jar "$jar" runs > /dev/null

results="$work/remote-$(date +%Y%m%d-%H%M%S)-${rows}rows"
mkdir -p "$results"
pids=()
stop_workers() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; pids=(); }
trap stop_workers EXIT

# One run; prints: mode rows job_s score_s partitions rows_per_s_score dispatch_s tail_s idle_per_partition_s busy_s
measure() {
	local mode="$1" workers="$2"
	local execution run_id
	execution=$(sql "SELECT max(job_execution_id) FROM batch_job_execution")
	run_id=$(sql "SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = $execution")
	sql "
	WITH m AS (SELECT start_time s, end_time e FROM batch_step_execution
	           WHERE job_execution_id = $execution AND step_name = 'scoreInput'),
	     p AS (SELECT start_time s, end_time e, write_count w FROM batch_step_execution
	           WHERE job_execution_id = $execution AND step_name LIKE 'scorePartition:%'),
	     j AS (SELECT extract(epoch FROM end_time - start_time) j FROM batch_job_execution WHERE job_execution_id = $execution)
	SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', '$mode', (SELECT sum(w) FROM p), round((SELECT j FROM j)::numeric, 2),
	  round(extract(epoch FROM (SELECT e - s FROM m))::numeric, 2), (SELECT count(*) FROM p),
	  round(((SELECT sum(w) FROM p) / extract(epoch FROM (SELECT e - s FROM m)))::numeric),
	  round(extract(epoch FROM (SELECT min(s) FROM p) - (SELECT s FROM m))::numeric, 3),
	  round(extract(epoch FROM (SELECT e FROM m) - (SELECT max(e) FROM p))::numeric, 3),
	  round(((greatest($workers, 1) * extract(epoch FROM (SELECT e - s FROM m))
	         - (SELECT sum(extract(epoch FROM e - s)) FROM p)) / (SELECT count(*) FROM p))::numeric, 3),
	  round((SELECT sum(extract(epoch FROM e - s)) FROM p)::numeric, 2))"
	sql "DROP TABLE IF EXISTS prediction_run_$run_id" > /dev/null
}

rerun=()
report="$results/results.txt"
echo "mode|rows|job_s|score_step_s|partitions|score_rows_per_s|dispatch_s|tail_s|idle_per_partition_s|partition_busy_s" > "$report"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
log "local: score --threads $worker_threads per worker count"
for w in $worker_counts; do
	java -jar "$jar" score --input "$data" --model "$model" --scoring-date $date "${rerun[@]}" --threads "$w" \
		--partitions "$partitions" > "$results/local-$w.out" 2> "$results/local-$w.err"
	rerun=(--rerun)
	measure "local --threads $w" "$w" >> "$report"
done
for w in $worker_counts; do
	log "remote: $w worker(s)"
	for i in $(seq 1 "$w"); do
		java -jar "$jar" worker --queue "$queue" --threads "$worker_threads" > "$results/worker-$w-$i.out" \
			2> "$results/worker-$w-$i.err" &
		pids+=($!)
	done
	for i in $(seq 1 "$w"); do
		until grep -q "Worker consuming" "$results/worker-$w-$i.err"; do sleep 1; done
	done
	java -jar "$jar" score --input "$data" --model "$model" --scoring-date $date --rerun --workers remote \
		--partitions "$partitions" --queue "$queue" > "$results/manager-$w.out" 2> "$results/manager-$w.err"
	measure "remote, $w worker(s) x $worker_threads thread(s)" "$(( w * worker_threads ))" >> "$report"
	stop_workers
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
{
	echo "nightscore remote-partitioning benchmark, $(date '+%Y-%m-%d %H:%M'), commit $(git rev-parse --short HEAD)"
	echo "input: $rows rows, $files file(s); model 300 trees depth 6; $partitions partitions; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "broker messages per remote run: $partitions requests published + $partitions acknowledgements, 0 replies (the manager polls the job repository)"
	column -t -s '|' "$report"
	echo
	echo "dispatch_s: manager step start -> first partition start (cutting, sending, first pickup)"
	echo "tail_s: last partition end -> manager step end (the repository poll, 2 s interval)"
	echo "idle_per_partition_s: (threads x score step wall - sum of partition walls) / partitions: the time a"
	echo "  scoring thread waited per partition (dispatch, pickup, polling and imbalance together)"
} | tee "$results/report.txt"
