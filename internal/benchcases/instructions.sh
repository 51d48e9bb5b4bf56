#!/usr/bin/env bash
# instructions.sh WASM CASE [N]: machine instructions per request of one
# benchmark case (internal/benchcases), counted by valgrind's callgrind over N
# requests (default 1000): all of them (host included), and those of the
# module's compiled code (callgrind cannot name JIT code: "???"). Deterministic
# to about 1 % where times swing by 25 %: use it to compare two builds.
set -euo pipefail
wasm=$1 case=$2 n=${3:-1000}
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null ||
  { echo "instructions: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/benchcases.test" ./internal/benchcases
export GATEHOUSE_INSTR_WASM=$wasm GATEHOUSE_INSTR_CASE=$case GATEHOUSE_INSTR_CACHE=$work/cache
# Compile the module natively once; valgrind's run then loads its machine code.
GATEHOUSE_INSTR_N=1 "$work/benchcases.test" -test.run '^TestInstructionRun$' >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
GATEHOUSE_INSTR_N=$n GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind \
  --dump-before='*instructionMark*' --callgrind-out-file="$work/out" \
  "$work/benchcases.test" -test.run '^TestInstructionRun$' >"$work/log" 2>&1 ||
  { cat "$work/log" >&2; exit 1; }
# Dump 2 holds the N measured requests (dump 1 the start-up and warm-up).
all=$(grep -E '^(summary|totals):' "$work/out.2" | head -1 | awk '{print $2}')
jit=$(callgrind_annotate --threshold=100 "$work/out.2" 2>/dev/null | grep -F '???' | awk '{gsub(",","",$1); s+=$1} END {print s+0}')
echo "$case: $((all / n)) instructions per request, $((jit / n)) in the module's code ($n requests)"
