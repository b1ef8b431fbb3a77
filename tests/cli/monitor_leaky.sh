# The leaky ISA variant breaks Popek-Goldberg: a kernel that reads STATUS
# sees kernel mode bare, but user mode under the monitor (mfcr STATUS does
# not trap, so the monitor cannot lie).  The strict ISA stays equivalent.
. "$(dirname "$0")/common.inc"
p=programs/demo/whoami.s
for isa in strict leaky; do
    "$SIMMON" run --isa $isa "$p" >"$W/bare.$isa" 2>&1 || die "bare $isa run failed"
    "$SIMMON" run --isa $isa --vm "$p" >"$W/vm.$isa" 2>&1 || die "monitor $isa run failed"
done
grep -q "kernel mode" "$W/bare.strict" || die "bare strict: $(cat "$W/bare.strict")"
cmp -s "$W/bare.strict" "$W/vm.strict" || die "strict ISA: the guest diverged: $(cat "$W/vm.strict")"
grep -q "kernel mode" "$W/bare.leaky" || die "bare leaky: $(cat "$W/bare.leaky")"
grep -q "user mode" "$W/vm.leaky" || die "leaky ISA under the monitor should see user mode: $(cat "$W/vm.leaky")"
exit 0
