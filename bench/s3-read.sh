#!/usr/bin/env bash
# Reading from S3 against reading locally: generates N customers as Parquet (cached in bench/work/),
# starts an S3 server on 127.0.0.1 (S3Proxy with its file-system backend, from Maven Central),
# uploads the files, and reads them through nightscore's own reader (resolve + footers + every row
# decoded), alternating local and s3a:// for R rounds after a warm-up of each. Prints rows/s per
# round and the medians; the target is S3 no more than 15 % slower than local.
#
#   bench/s3-read.sh [--rows N] [--files K] [--rounds R] [--job] [fs.s3a.property=value ...]
#
# --job runs the whole job (java -jar target/nightscore.jar score ... --rerun, without
# explanations) on each source instead of the reader alone, in the PostgreSQL schema
# nightscore_s3bench (dropped and recreated; PGHOST / PGPORT / PGUSER / PGDATABASE, default
# localhost:5432 postgres), and compares the job's rows/s.
# Defaults: 1,000,000 rows in 4 files, 5 rounds. Extra arguments are Hadoop properties for the
# S3 reads (e.g. fs.s3a.readahead.range=4M to try another read-ahead). Needs a JDK 17 and Maven.
# Both sides share the machine's cores with the S3 server itself: on a busy machine, compare
# medians of several rounds.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=1000000 files=4 rounds=5 props=() job=()
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rows) rows="$2"; shift 2 ;;
		--files) files="$2"; shift 2 ;;
		--rounds) rounds="$2"; shift 2 ;;
		--job) job=("--job=target/nightscore.jar"); shift ;;
		-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
		*=*) props+=("$1"); shift ;;
		*) echo "bench/s3-read.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
work=bench/work
mkdir -p "$work"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

jar=target/nightscore.jar
if [[ ! -f "$jar" || ! -f target/test-classes/io/nightscore/bench/S3ReadBenchmark.class ]]; then
	log "building"
	mvn -q package -DskipTests
fi
if [[ ! -f target/s3proxy/s3proxy.jar ]]; then
	log "fetching S3Proxy"
	mvn -q dependency:copy@copy-s3proxy
fi
app="$work/app-$(cksum < "$jar" | cut -d' ' -f1)"
if [[ ! -d "$app" ]]; then
	rm -rf "$work"/app-*
	java -Djarmode=tools -jar "$jar" extract --destination "$app" > /dev/null
fi
# the test classpath's S3 client for the uploads (not in the application jar)
cp_file="$work/s3-bench.classpath"
if [[ ! -f "$cp_file" || pom.xml -nt "$cp_file" ]]; then
	mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" > /dev/null
fi

data="$work/s3-data-${rows}rows-${files}files"
if [[ ! -f "$data/.complete" ]]; then
	log "generating $rows customers in $files file(s)"
	rm -rf "$data"
	java -jar "$jar" generate --customers "$rows" --files "$files" --seed 42 --out "$data" >&2
	touch "$data/.complete"
fi
model=sample-data/churn-model.json

if [[ ${#job[@]} -gt 0 ]]; then
	export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
	db="${PGDATABASE:-postgres}"
	psql -q -d "$db" -c "DROP SCHEMA IF EXISTS nightscore_s3bench CASCADE" -c "CREATE SCHEMA nightscore_s3bench"
	export SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db?currentSchema=nightscore_s3bench"
	export SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_DATASOURCE_PASSWORD="${PGPASSWORD:-}"
fi
log "reading $rows rows: local vs s3a:// on 127.0.0.1, $rounds rounds${job:+ of the whole job}"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.nightscore.bench.S3ReadBenchmark \
	"$data" "$model" "$rounds" ${job[@]+"${job[@]}"} ${props[@]+"${props[@]}"}
