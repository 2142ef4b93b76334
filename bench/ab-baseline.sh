#!/usr/bin/env bash
# A/B of the engine at a git revision (the baseline) against the working tree (the candidate), in
# one JVM: builds the baseline's engine and codecs jars in a temporary worktree, builds this tree's
# benchmarks.jar, and runs its `ab` command. Usage: bench/ab-baseline.sh REV [ab options...]
set -euo pipefail
rev=${1:?usage: bench/ab-baseline.sh REV [ab options]}
shift
top=$(git rev-parse --show-toplevel)
out="$top/bench/target/ab-baseline/$(git rev-parse --short "$rev")"
if [ ! -f "$out/engine.jar" ]; then
  tmp=$(mktemp -d)
  cleanup() { git -C "$top" worktree remove --force "$tmp/src" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
  trap cleanup EXIT
  git -C "$top" worktree add --detach "$tmp/src" "$rev" >/dev/null
  (cd "$tmp/src" && mvn -B -ntp -q -pl engine -am package -DskipTests)
  mkdir -p "$out"
  cp "$tmp/src"/engine/target/tophash-engine-*.jar "$out/engine.jar"
  cp "$tmp/src"/codecs/target/tophash-codecs-*.jar "$out/codecs.jar"
  # Removed now: the exec below replaces this shell, so an EXIT trap would never run.
  cleanup
  trap - EXIT
fi
(cd "$top" && mvn -B -ntp -q -pl bench -am package -DskipTests)
exec java -jar "$top/bench/target/benchmarks.jar" ab --baseline "$out/engine.jar,$out/codecs.jar" "$@"
