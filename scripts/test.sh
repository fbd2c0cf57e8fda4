#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs them.
# Usage: scripts/test.sh [extra go test flags]
#
# Needs: sqlite3 (the file-format oracle), MariaDB (the shell's .dump test
# loads a dump into a private server), tmux (the shell's terminal tests).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
	missing+=(mariadb-server mariadb-client)
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "test.sh: installing ${missing[*]}" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

go vet ./...
# The sqllogictest subset (slt) and the crash tests take minutes on two cores.
go test -count=1 -timeout 20m "$@" ./...
# The GORM acceptance test: its own module (compat/gorm), so GORM and the
# MySQL dialector stay out of walrus's go.mod; needs the module proxy.
(cd compat/gorm && go vet ./... && go test -count=1 -timeout 10m "$@" ./...)
# The race detector on the concurrency and locking tests (not on the whole
# suite, which it would slow down tenfold).
go test -count=1 -race -timeout 10m \
	-run 'ManyReadersOneWriter|TxLock|Busy|Concurren|LocksExclude|Cancel|Memory' \
	. ./internal/vfs ./pager
