#!/usr/bin/env bash
# The gateway's policy pipeline under BenchmarkDotNet (time and allocations per request) for a route with a cached
# JWT and a per-subject rate limit, against the same limit by address alone. Writes its section of
# docs/benchmarks.md (or $OUT).
#
#   benchmarks/policies/run.sh            # BenchmarkDotNet's default job
#   JOB=short benchmarks/policies/run.sh  # a quick look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
OUT="${OUT:-$repo/docs/benchmarks.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$here/Gantry.Benchmarks.Policies.csproj" -c Release -v q -nologo >/dev/null
(cd "$work" && dotnet "$here/bin/Release/net10.0/Gantry.Benchmarks.Policies.dll" --inProcess ${JOB:+--job "$JOB"} --exporters github >"$work/run.log" 2>&1) \
  || { cat "$work/run.log" >&2; exit 1; }
report=$(find "$work/BenchmarkDotNet.Artifacts/results" -name '*-report-github.md' | head -n1)
if [ -z "$report" ] || grep -q '| *NA *|' "$report"; then
  echo "a benchmark did not run:" >&2; cat "$work/run.log" >&2; exit 1
fi

section="$work/section.md"
{
  echo "<!-- policies-benchmark:start -->"
  echo "## Policy pipeline (BenchmarkDotNet)"
  echo
  echo "Measured on $(date -u +%Y-%m-%d) by \`benchmarks/policies/run.sh\`${JOB:+ (JOB=$JOB)}: one request through a route's policies as the"
  echo "gateway runs them, the request reused so only the policies' work and allocations count. *CachedJwtAndRateLimitBySubject*:"
  echo "an HS256 bearer token validated once and then found in the token cache without copying it, and a per-subject"
  echo "limit; *RateLimitByAddress*: the same limit keyed by the client's address, no authentication. The first two are"
  echo "the framework path (\`CompiledRoutePolicy.AdmitAsync\` on an HttpContext, the RateLimit-* headers set as strings);"
  echo "the *FastPath* rows are the same decisions as the gateway's fast path takes them (\`TryAdmitFromHead\` on the head's"
  echo "values and the connection's client, the RateLimit-* lines written as bytes into the answer)."
  echo
  sed -n '/^| Method/,/^$/p' "$report"
  echo
  echo "The target (issue 12) is no allocation on the cached-JWT and rate-limit path: the fast path allocates nothing"
  echo "(the Allocated column is '-'). The framework path still allocates the \`RateLimit-Remaining\` header's number"
  echo "and, keyed by address, the client's key (\`ip:ADDRESS\`, made once per connection on the fast path); it serves"
  echo "what the fast path leaves to it (bodies, HTTPS, tokens not validated yet, refusals)."
  echo "<!-- policies-benchmark:end -->"
} >"$section"

if grep -q '<!-- policies-benchmark:start -->' "$OUT" 2>/dev/null; then
  awk -v f="$section" '/<!-- policies-benchmark:start -->/ { while ((getline l < f) > 0) print l; skip = 1 } /<!-- policies-benchmark:end -->/ { skip = 0; next } !skip' "$OUT" >"$work/out.md"
  cp "$work/out.md" "$OUT"
else
  { echo; cat "$section"; } >>"$OUT"
fi
echo "wrote the policy pipeline section of $OUT"
