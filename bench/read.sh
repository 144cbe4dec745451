#!/usr/bin/env bash
# Read alone: every row of the input (id and the model's features) through the job's Parquet reader,
# pass after pass on one thread; prints each pass's wall and thread CPU seconds. The first pass is
# a run's reading cold, the later ones warm.
#
#   bench/read.sh [--input PATH] [--model FILE] [--passes P] [--chunk-size C] [--java-opts "OPTS"]
#
# Defaults: the shared benchmark workload (../shared/bench/customers_1m.parquet, model.json), 5
# passes, the job's chunk size. Needs a JDK 17 and Maven (first build only).
set -euo pipefail
cd "$(dirname "$0")/.."
input=../shared/bench/customers_1m.parquet model=../shared/bench/model.json passes=5 chunk="" java_opts=""
while [[ $# -gt 0 ]]; do
	case "$1" in
		--input) input="$2"; shift 2 ;;
		--model) model="$2"; shift 2 ;;
		--passes) passes="$2"; shift 2 ;;
		--chunk-size) chunk="$2"; shift 2 ;;
		--java-opts) java_opts="$2"; shift 2 ;;
		-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
		*) echo "bench/read.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
if [[ ! -f target/test-classes/io/nightscore/bench/ReadBenchmark.class ]]; then
	mvn -o -q test-compile
fi
cp=target/classpath.txt
if [[ ! -f "$cp" || pom.xml -nt "$cp" ]]; then
	mvn -o -q dependency:build-classpath -Dmdep.outputFile="$cp" > /dev/null
fi
echo "read-alone benchmark, $(date '+%Y-%m-%d %H:%M'), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
java $java_opts -cp "target/test-classes:target/classes:$(cat "$cp")" io.nightscore.bench.ReadBenchmark \
	"$input" "$model" "$passes" $chunk
