#!/usr/bin/env bash
# Whole-command benchmarks: how long each everyday command takes, start to
# exit, on a diary of generated entries, and how much memory it peaks at.
#
#   bench/run.sh [-n ENTRIES] [-r RUNS] [-d FOLDER]
#
# It builds peerdiary and bench/gendiary, makes a diary of ENTRIES entries
# (default 10000) in FOLDER (default a new temporary folder; an existing
# FOLDER/d of the same size is used again), then times each command RUNS
# times (default 5) with hyperfine if it is installed, otherwise with
# /usr/bin/time, and measures each one's peak memory (maximum resident set
# size) with /usr/bin/time -v. The unlock alone (key export: open, scrypt,
# nothing else) is measured too, and subtracted in the "after unlock"
# column: scrypt costs about a second and 256 MiB whatever the diary's size.
#
# Run it from the repository. Output is a Markdown table on standard output;
# progress goes to standard error. See BENCHMARKS.md.
set -euo pipefail

n=10000
runs=5
work=""
while getopts "n:r:d:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) runs=$OPTARG ;;
	d) work=$OPTARG ;;
	*)
		sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
		exit 2
		;;
	esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z $work ]]; then
	work=$(mktemp -d /tmp/peerdiary-bench.XXXXXX)
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
log() { echo "bench: $*" >&2; }

log "building into $work"
(cd "$repo" && go build -o "$work/peerdiary" ./cmd/peerdiary && go build -o "$work/gendiary" ./bench/gendiary)

pass="$work/pass"
printf 'a long and private benchmark passphrase\n' >"$pass"
chmod 600 "$pass"
export PEERDIARY_PASSPHRASE_FILE="$pass"
export PEERDIARY_DIR="$work/d"
pd="$work/peerdiary"

if [[ -f $work/d.entries && $(cat "$work/d.entries") == "$n" ]]; then
	log "using the diary of $n entries already in $work/d"
else
	rm -rf "$work/d" "$work/d.entries"
	log "making a diary of $n entries (one process, one key)"
	"$work/gendiary" -diary "$work/d" -n "$n"
	echo "$n" >"$work/d.entries"
fi
# Warm the page cache and make sure the entry index is current, as for a
# diary in daily use.
"$pd" list -n 1 >/dev/null
"$pd" list -n 1 >/dev/null

# The commands, in the order they run; write comes last because it adds an
# entry each time.
names=(
	"unlock only (key export)"
	"list -n 10"
	"list --tag outreach"
	"list --search 'naloxone shelter'"
	"list --json"
	"verify"
	"write (a short note)"
)
cmds=(
	"$pd key export >/dev/null"
	"$pd list -n 10 >/dev/null"
	"$pd list --tag outreach >/dev/null"
	"$pd list --search 'naloxone shelter' >/dev/null"
	"$pd list --json >/dev/null"
	"$pd verify >/dev/null 2>&1"
	"printf 'A short note after the shift.\\n' | $pd write >/dev/null"
)

# median of numbers on standard input
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# seconds CMD: median wall-clock seconds of RUNS runs.
seconds() {
	if command -v hyperfine >/dev/null; then
		hyperfine --runs "$runs" --warmup 1 --export-csv "$work/h.csv" --style none "$1" >/dev/null 2>&1
		# command,mean,stddev,median,user,system,min,max
		awk -F, 'NR==2 {print $4}' "$work/h.csv"
	else
		for _ in $(seq "$runs"); do
			/usr/bin/time -f '%e' -o "$work/t.txt" bash -c "$1"
			cat "$work/t.txt"
		done | median
	fi
}

# peak CMD: the largest maximum resident set size of three runs, in KiB.
peak() {
	for _ in 1 2 3; do
		/usr/bin/time -v -o "$work/v.txt" bash -c "$1"
		awk -F': ' '/Maximum resident set size/ {print $2}' "$work/v.txt"
	done | sort -n | tail -1
}

echo "| command | median (s) | after unlock (s) | peak RSS (MiB) | RSS − 256 MiB |"
echo "| --- | --- | --- | --- | --- |"
unlock=""
for i in "${!cmds[@]}"; do
	log "timing: ${names[$i]}"
	s=$(seconds "${cmds[$i]}")
	kib=$(peak "${cmds[$i]}")
	[[ -z $unlock ]] && unlock=$s
	awk -v name="${names[$i]}" -v s="$s" -v u="$unlock" -v kib="$kib" 'BEGIN {
		mib = kib / 1024
		printf "| %s | %.3f | %.3f | %.0f | %.0f |\n", name, s, s - u, mib, mib - 256
	}'
done
log "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "diary: $n entries in $work/d ($(du -sh "$work/d" | cut -f1))"
