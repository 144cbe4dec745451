#!/usr/bin/env bash
# Predict alone: XGBoost4J (nthread=1) against the compiled forest on one core, on rows held in
# memory, rounds alternating engine by engine; prints rows/s per core for each, their ratio and the
# largest |difference| between their scores over all rows.
#
#   bench/predict.sh [--input PATH] [--model FILE] [--rounds R] [--chunk-size C] [--java-opts "OPTS"]
#
# Defaults: the shared benchmark workload (../shared/bench/customers_1m.parquet, model.json), 5
# rounds, chunks of 10,000 rows. Needs a JDK 17 and Maven (first build only).
set -euo pipefail
cd "$(dirname "$0")/.."
input=/work/shared/bench/customers_1m.parquet model=/work/shared/bench/model.json rounds=5 chunk=10000 java_opts=""
while [[ $# -gt 0 ]]; do
	case "$1" in
		--input) input="$2"; shift 2 ;;
		--model) model="$2"; shift 2 ;;
		--rounds) rounds="$2"; shift 2 ;;
		--chunk-size) chunk="$2"; shift 2 ;;
		--java-opts) java_opts="$2"; shift 2 ;;
		-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
		*) echo "bench/predict.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
if [[ ! -f target/classes/io/nightscore/scoring/compiled/CompiledForest.class \
		|| ! -f target/test-classes/io/nightscore/bench/PredictBenchmark.class ]]; then
	mvn -o -q test-compile
fi
cp=target/classpath.txt
if [[ ! -f "$cp" || pom.xml -nt "$cp" ]]; then
	mvn -o -q dependency:build-classpath -Dmdep.outputFile="$cp" > /dev/null
fi
echo "predict-alone benchmark, $(date '+%Y-%m-%d %H:%M'), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
java $java_opts -Xmx2g -cp "target/test-classes:target/classes:$(cat "$cp")" io.nightscore.bench.PredictBenchmark \
	"$input" "$model" "$rounds" "$chunk"
