#!/bin/sh
# deps.sh - make sure the Debian packages simmon needs are installed.
# As root: installs what is missing with apt-get.  Otherwise: prints the
# exact apt-get line and fails.  Used by `make demo`, `make test`, .ci/run.
PKGS="build-essential clang libclang-rt-14-dev libcmocka-dev libncurses-dev libreadline-dev graphviz tmux binutils"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "simmon: installing missing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null && apt-get install -y -qq $missing </dev/null >/dev/null || {
        echo "simmon: apt-get failed; install these by hand:$missing" >&2; exit 1; }
else
    echo "simmon: missing Debian packages. Run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
