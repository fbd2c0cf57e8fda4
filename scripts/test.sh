#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs them.
# Usage: scripts/test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "test.sh: installing sqlite3 (the file-format oracle)" >&2
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
	else
		sudo apt-get update -qq && sudo apt-get install -y -qq sqlite3 >/dev/null
	fi
fi

go vet ./...
go test -count=1 "$@" ./...
