#!/usr/bin/env bash
# Load benchmark of the online endpoint (nightscore serve): starts the real jar on 127.0.0.1,
# drives it with wrk (bounded in time and connections) with single-customer requests and with
# batches of 100, and prints requests/s, customers/s, p50 / p95 / p99 latency and errors.
#
#   bench/serve.sh [--model FILE] [--duration SECONDS] [--connections N] [--port N] [--jar PATH]
#
# Defaults: the benchmark model ../shared/bench/model.json when present (else the sample model),
# 15 s per load, 16 connections, port 18181. Needs wrk (Debian: apt-get install wrk) and curl.
# wrk runs on the same machine: on 2 cores it takes CPU from the server, so the figures are a
# floor for what a pod with 2 cores of its own serves.
set -euo pipefail
cd "$(dirname "$0")/.."

model=../shared/bench/model.json duration=15 connections=16 port=18181 jar=target/nightscore.jar
[[ -f "$model" ]] || model=sample-data/churn-model.json
while [[ $# -gt 0 ]]; do
	case "$1" in
		--model) model="$2"; shift 2 ;;
		--duration) duration="$2"; shift 2 ;;
		--connections) connections="$2"; shift 2 ;;
		--port) port="$2"; shift 2 ;;
		--jar) jar="$2"; shift 2 ;;
		-h|--help) sed -n '2,11p' "$0"; exit 0 ;;
		*) echo "bench/serve.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -f "$jar" ]] || mvn -q -DskipTests package
work=bench/work/serve
mkdir -p "$work"

java -jar "$jar" serve --model "$model" --port "$port" --max-batch 1000 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# Request bodies from the model's own feature list: values vary per customer so that trees take
# different paths (a deterministic pseudo-random pattern).
features=$(curl -sf "http://127.0.0.1:$port/v1/model" | sed 's/.*"features":\[\([^]]*\)\].*/\1/' | tr -d '"')
customer() {
	local id=$1 i=0 out="" name
	for name in ${features//,/ }; do
		out+="${out:+,}\"$name\":$(( (id * 7919 + i * 104729) % 1000 )).$(( (id + i) % 10 ))"
		i=$((i + 1))
	done
	printf '{"customer_id":"c%d","features":{%s}}' "$id" "$out"
}
customer 1 >"$work/one.json"
{ printf '['; for id in $(seq 1 100); do [[ $id -gt 1 ]] && printf ','; customer "$id"; done; printf ']'; } >"$work/batch.json"

cat >"$work/post.lua" <<'LUA'
local f = io.open(os.getenv("BODY_FILE"), "r")
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "application/json"
f:close()
function done(summary, latency, requests)
	local errors = summary.errors.connect + summary.errors.read + summary.errors.write
		+ summary.errors.timeout + summary.errors.status
	io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d\n", summary.requests, summary.duration / 1e6,
		latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, errors))
end
LUA

# warm-up (JIT, scorer pool), then the measured loads
BODY_FILE="$work/one.json" wrk -t1 -c"$connections" -d5s -s "$work/post.lua" "http://127.0.0.1:$port/v1/score" >/dev/null
printf '%-22s %10s %14s %9s %9s %9s %7s\n' load "req/s" "customers/s" "p50 ms" "p95 ms" "p99 ms" errors
for load in one batch; do
	size=1; [[ $load == batch ]] && size=100
	read -r _ requests seconds p50 p95 p99 errors < <(BODY_FILE="$work/$load.json" wrk -t1 -c"$connections" \
		-d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port/v1/score" | grep '^RESULT')
	printf '%-22s %10.0f %14.0f %9.2f %9.2f %9.2f %7d\n' "$size customer(s)/request" \
		"$(echo "$requests / $seconds" | bc -l)" "$(echo "$requests * $size / $seconds" | bc -l)" \
		"$p50" "$p95" "$p99" "$errors"
done
