# --exit-log writes one JSON object per exit, with the fields the issue
# names; the count matches the statistics; two runs give identical logs.
. "$(dirname "$0")/common.inc"
p=tests/isa/traps.s
"$SIMMON" run --vm "$p" --exit-log "$W/a.jsonl" --stats >/dev/null 2>"$W/st" || die "run failed"
"$SIMMON" run --vm "$p" --exit-log "$W/b.jsonl" >/dev/null 2>&1 || die "run failed"
cmp -s "$W/a.jsonl" "$W/b.jsonl" || die "two exit logs differ"
lines=$(wc -l <"$W/a.jsonl")
exits=$(awk '/^exits by reason/ { on = 1; next } on && /^  [a-z_]+ / && $2 ~ /^[0-9]+$/ { s += $2 } END { print s }' "$W/st")
[ "$lines" -gt 10 ] || die "only $lines exits logged"
[ "$lines" = "$exits" ] || die "$lines log lines but $exits exits counted"
for k in cycle guest pc mode reason insn action cost; do
    grep -q "\"$k\":" "$W/a.jsonl" || die "no field $k"
done
grep -q '"reason":"priv".*"action":"emulate mtcr"' "$W/a.jsonl" || die "no emulated mtcr"
grep -q '"reason":"syscall".*"action":"reflect SYSCALL"' "$W/a.jsonl" || die "no reflected syscall"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$W/a.jsonl" || die "not valid JSON"
fi
exit 0
