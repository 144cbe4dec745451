#!/usr/bin/env bash
# nightscore's start-up benchmark: how long the real jar takes to answer, per command, as the median
# (and min / max) of R runs, against the start-up budgets:
#
#   --help, a usage error .................... <= 1 s
#   runs on an empty schema .................. <= 2 s
#   a missing input / a missing model ........ <= 2 s
#   score's fixed cost (wall minus job time) . <= 1.5 s   (sample-data: 40,000 rows, --rerun)
#
#   bench/startup.sh [--runs R] [--java PATH] [--java-opts "OPTS"] [--jar PATH] [--schema NAME] [--extracted] [--cds] [--aot] [--late-c2]
#
# Defaults: 5 runs, no JVM options, target/nightscore.jar, schema nightscore_startup (dropped and
# recreated: use a name of your own on a shared server). --extracted runs the jar as the README's
# launcher does, extracted first (java -Djarmode=tools -jar ... extract: plain jars on the class
# path, as in the image, instead of the fat jar's nested-jar class loader); --cds (implies
# --extracted) also trains what the JVM maps at start in the unmeasured warm-up run and runs every
# measured command with it: on Java 17-24 a class-data sharing archive (-XX:ArchiveClassesAtExit,
# then -XX:SharedArchiveFile), on Java 25+ an AOT cache (-XX:AOTCacheOutput, then -XX:AOTCache:
# classes loaded and linked, and the training run's method profiles). --java runs another JVM
# (default: java on the PATH), e.g. --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java. --aot starts
# every command with -Dspring.aot.enabled=true: the batch commands' Spring context as prepared at build
# time (io.nightscore.AheadOfTimeContext). --late-c2 lets C2 compile a method only after ten times
# the usual calls (-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000
# -XX:Tier4CompileThreshold=150000), as the image does. The README's launcher is --cds --aot --late-c2.
# PostgreSQL from PGHOST / PGPORT / PGDATABASE / PGUSER / PGPASSWORD (default localhost:5432,
# postgres). Needs psql and a JDK 17 or later.
# Wall times are the process's (fork to exit); on a busy machine repeat and compare medians, and
# look at the CPU column (user + system seconds), which the machine's load affects much less.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 java=java java_opts="" jar=target/nightscore.jar schema=nightscore_startup extracted="" cds="" aot="" late_c2=""
while [[ $# -gt 0 ]]; do
	case "$1" in
		--runs) runs="$2"; shift 2 ;;
		--java) java="$2"; shift 2 ;;
		--java-opts) java_opts="$2"; shift 2 ;;
		--jar) jar="$2"; shift 2 ;;
		--schema) schema="$2"; shift 2 ;;
		--extracted) extracted=1; shift ;;
		--cds) extracted=1 cds=1; shift ;;
		--aot) aot=1; shift ;;
		--late-c2) late_c2=1; shift ;;
		-h|--help) sed -n '2,29p' "$0"; exit 0 ;;
		*) echo "bench/startup.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
[[ -f $jar ]] || { echo "bench/startup.sh: $jar missing: run mvn -DskipTests package" >&2; exit 2; }
export PGOPTIONS="${PGOPTIONS:---client-min-messages=warning}" PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGDATABASE="${PGDATABASE:-postgres}" PGUSER="${PGUSER:-postgres}"
url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$schema"
empty="${schema}_empty"
work=$(mktemp -d)
trap 'rm -rf "$work"; psql -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "DROP SCHEMA IF EXISTS $empty CASCADE" >/dev/null 2>&1 || true' EXIT
layout="fat jar"
if [[ -n $extracted ]]; then
	"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
	jar="$work/app/$(basename "$jar")" layout="extracted"
fi
psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" \
	-c "DROP SCHEMA IF EXISTS $empty CASCADE" -c "CREATE SCHEMA $empty" >/dev/null

# time_ms ENV-URL EXPECTED-EXIT ARGS...: one run's wall time in ms (its CPU time, user + system, is
# appended to $work/cpu-<case>); its output in $work/out and $work/err
time_ms() {
	local db="$1" expected="$2"; shift 2
	local start end status=0
	start=$(date +%s%N)
	# shellcheck disable=SC2086
	SPRING_DATASOURCE_URL="$db" /usr/bin/time -f '%U %S' -o "$work/time" "$java" $java_opts -jar "$jar" "$@" \
		>"$work/out" 2>"$work/err" || status=$?
	end=$(date +%s%N)
	if [[ $status != "$expected" ]]; then
		echo "bench/startup.sh: '$*' exited $status, expected $expected:" >&2
		cat "$work/err" >&2
		exit 1
	fi
	tail -n 1 "$work/time" | awk '{printf "%d ", ($1 + $2) * 1000}' >>"$work/cpu-$case"
	echo $(( (end - start) / 1000000 ))
}

# job_ms: the last run's own time, its job execution's end minus start in the job repository (in ms,
# as bench/run.sh takes it; score's "completed ... in X s" line rounds to a tenth of a second)
job_ms() {
	psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT round(extract(epoch FROM end_time - start_time) * 1000)::bigint
		FROM $schema.batch_job_execution ORDER BY job_execution_id DESC LIMIT 1"
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "%6.2f %6.2f %6.2f", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }

declare -A samples budget
budget[help]=1.0 budget[usage]=1.0 budget[runs]=2.0 budget[missing-input]=2.0 budget[missing-model]=2.0 budget[score-fixed]=1.5
model=sample-data/churn-model.json input=sample-data/customers
# the first score migrates the schema (and with --cds trains the archive); not measured
[[ -n $late_c2 ]] && java_opts="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000${java_opts:+ $java_opts}"
[[ -n $aot ]] && java_opts="-Dspring.aot.enabled=true${java_opts:+ $java_opts}"
case=warm-up shown_opts="$java_opts"
feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [[ -n $cds && $feature -ge 25 ]]; then
	measured_opts="$java_opts"
	java_opts="$measured_opts -XX:AOTCacheOutput=$work/app/nightscore.aot"
	time_ms "$url" 0 score --input "$input" --model "$model" --scoring-date 2026-01-04 >/dev/null
	java_opts="$measured_opts -XX:AOTCache=$work/app/nightscore.aot -Xlog:aot=off,cds=off"
	layout="extracted + AOT cache"
elif [[ -n $cds ]]; then
	measured_opts="$java_opts"
	java_opts="$measured_opts -XX:ArchiveClassesAtExit=$work/app/nightscore.jsa"
	time_ms "$url" 0 score --input "$input" --model "$model" --scoring-date 2026-01-04 >/dev/null
	java_opts="$measured_opts -XX:SharedArchiveFile=$work/app/nightscore.jsa -Xlog:cds=off,cds+dynamic=off"
	layout="extracted + CDS"
else
	time_ms "$url" 0 score --input "$input" --model "$model" --scoring-date 2026-01-04 >/dev/null
fi
[[ -n $aot ]] && layout="$layout + Spring AOT"
[[ -n $late_c2 ]] && layout="$layout + late C2"
for ((i = 1; i <= runs; i++)); do
	case=help; samples[$case]+="$(time_ms "$url" 0 --help) "
	case=usage; samples[$case]+="$(time_ms "$url" 2 score --input "$input" --model "$model" --chunk-size 0) "
	case=runs; samples[$case]+="$(time_ms "jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$empty" 0 runs) "
	case=missing-input; samples[$case]+="$(time_ms "$url" 4 score --input "$work/no-such-dir" --model "$model" --scoring-date 2026-01-05) "
	case=missing-model; samples[$case]+="$(time_ms "$url" 2 score --input "$input" --model "$work/no-such-model.json" --scoring-date 2026-01-05) "
	case=score-fixed; wall=$(time_ms "$url" 0 score --input "$input" --model "$model" --scoring-date 2026-01-04 --rerun)
	samples[$case]+="$(( wall - $(job_ms) )) "
done

printf '%-15s %6s %6s %6s  %-7s %-5s %10s  (%d runs, seconds, %s%s)\n' CASE MIN MEDIAN MAX BUDGET "" "CPU MEDIAN" "$runs" \
	"$layout, Java $feature" "${shown_opts:+, JVM options: $shown_opts}"
for case in help usage runs missing-input missing-model score-fixed; do
	line=$(tr ' ' '\n' <<<"${samples[$case]}" | grep . | stats)
	median=$(awk '{print $2}' <<<"$line")
	verdict=$(awk -v m="$median" -v b="${budget[$case]}" 'BEGIN {print (m <= b) ? "ok" : "OVER"}')
	cpu=$(tr ' ' '\n' <"$work/cpu-$case" | grep . | stats | awk '{print $2}')
	printf '%-15s %s  <= %-4s %-5s %10s\n' "$case" "$line" "${budget[$case]}" "$verdict" "$cpu"
done
echo "CPU: the process's user + system seconds (for score-fixed: of the whole run, job included);"
echo "on a busy machine wall time grows with the load, CPU time much less."
