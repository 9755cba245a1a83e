#!/usr/bin/env bash
# Wall time and peak RSS of papercat against a bare pulldown-cmark walk and pandoc, on generated
# catalogues of 1, 20 and 100 MB. Prints a Markdown table and ratios on standard output
# (progress goes to standard error).
#
#   crates/bench/bench.sh                 # from the repository root
#   SIZES="1 20" REPEAT=3 crates/bench/bench.sh
#   MIXED=1 SIZES="20 100" EACH_MAX_MB=0 PANDOC_MAX_MB=0 REPEAT=5 crates/bench/bench.sh
#
# Environment:
#   SIZES            catalogue sizes in MB (default "1 20 100")
#   PANDOC_MAX_MB    largest size pandoc is run on (default 20; pandoc needs ~100 MB RSS per MB)
#   EACH_MAX_MB      largest size each export format is also timed on alone (default 20)
#   REPEAT           runs per measurement; the fastest time and the largest RSS are kept (default 1)
#   SEED             generator seed (default 24301)
# export-all is a first export (--fresh); re-export writes over the files of the previous run,
# carrying the spreadsheets' review state over.
#   MIXED            1: catalogues mixing the four entry shapes (`gen-catalogue --mixed`,
#                    issue #3) instead of the corpus's shape
#   WORK             folder for catalogues and outputs (default /tmp/papercat-bench)
#   CARGO_TARGET_DIR cargo target folder (default <repo>/target-bench)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SIZES:-"1 20 100"}
pandoc_max=${PANDOC_MAX_MB:-20}
each_max=${EACH_MAX_MB:-20}
repeat=${REPEAT:-1}
seed=${SEED:-24301}
mixed=${MIXED:-}
work=${WORK:-/tmp/papercat-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target-bench}
bin=$CARGO_TARGET_DIR/release

say() { echo "bench: $*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time"
    apt-get install -y time >&2 || { say "need /usr/bin/time (apt-get install time)"; exit 2; }
fi

say "building release binaries in $CARGO_TARGET_DIR"
(cd "$root" && cargo build --release -q -p papercat-testkit --bins && cargo build --release -q -p papercat)

mkdir -p "$work"
results=$work/results.tsv
: >"$results"

# measure SIZE TOOL CMD... : run CMD (stdout to /dev/null) REPEAT times and append
# "SIZE TOOL SECONDS RSS_KB" to the results: wall time from the clock in nanoseconds (GNU time
# rounds to 10 ms), peak RSS from GNU time. Exit status 1 (the input has errors) counts as a
# run; anything else skips the tool.
measure() {
    local size=$1 tool=$2
    shift 2
    local best="" rss=0 t m status t0 t1
    for ((i = 0; i < repeat; i++)); do
        status=0
        t0=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || status=$?
        t1=$(date +%s%N)
        if ((status > 1)); then
            say "$tool on ${size} MB failed (exit $status), skipped: $(tail -n 2 "$work/stderr.txt" | tr '\n' ' ')"
            return 1
        fi
        t=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')
        m=$(tail -n 1 "$work/time.txt")
        if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
        ((m > rss)) && rss=$m
    done
    say "$tool on ${size} MB: ${best} s, $((rss / 1024)) MB"
    echo "$size $tool $best $rss" >>"$results"
}

# The formats `papercat export --to` accepts, from its help text.
formats=$("$bin/papercat" export --help | awk '/Possible values:/ { on = 1; next } on && /^ *- / { sub(/^ *- /, ""); sub(/:.*/, ""); print; next } on && NF == 0 { exit }')
say "export formats: $(echo $formats)"

for mb in $sizes; do
    if [[ -n $mixed ]]; then
        file=$work/mixed$mb.md
        [[ -s $file ]] || "$bin/gen-catalogue" --size "${mb}MB" --seed "$seed" --mixed -o "$file"
    else
        file=$work/cat$mb.md
        [[ -s $file ]] || "$bin/gen-catalogue" --size "${mb}MB" --seed "$seed" -o "$file"
    fi
    measure "$mb" pulldown "$bin/pulldown-iter" "$file" || true
    measure "$mb" check "$bin/papercat" check "$file" || true
    measure "$mb" parse "$bin/papercat" parse "$file" || true
    rm -rf "$work/out"
    all_ok=1
    # export-all writes every format without reading what is there (--fresh), as a first
    # export does; re-export writes over papercat's own files and so first reads the CSV and
    # XLSX to carry the review state over (issue #16), which costs time and memory of its own.
    measure "$mb" export-all "$bin/papercat" export "$file" --all --out-dir "$work/out" --fresh || all_ok=0
    measure "$mb" re-export "$bin/papercat" export "$file" --all --out-dir "$work/out" || true
    # --all fails as a whole when one format fails: then time the formats one by one.
    if ((!all_ok || mb <= each_max)); then
        for f in $formats; do
            measure "$mb" "--to $f" "$bin/papercat" export "$file" --to "$f" -o "$work/out.$f" || true
        done
    fi
    if ((mb <= pandoc_max)) && command -v pandoc >/dev/null; then
        measure "$mb" pandoc pandoc -f gfm -t json "$file" -o "$work/pandoc.json" || true
    fi
done

# The table and the ratios.
awk -v cores="$(nproc)" -v repeat="$repeat" '
{
    # Tool names may hold one space (`--to csv`).
    if (NF == 5) { $2 = $2 " " $3; $3 = $4; $4 = $5 }
    size[NR] = $1; tool[NR] = $2; t[$1, $2] = $3; m[$1, $2] = $4
    if (!($1 in seen)) { seen[$1] = 1; sizes[++ns] = $1 }
}
function r(a, b) { return (a == "" || b == "" || b == 0) ? "n/a" : sprintf("%.1fx", a / b) }
END {
    for (pass = 1; pass <= 2; pass++) {
        if (pass == 1) {
            printf "| size | tool | wall time (s) | throughput (MB/s) | peak RSS (MB) | RSS / input |\n"
        } else {
            printf "\nEach format alone (`papercat export FILE --to FORMAT -o FILE`, parse included):\n\n"
            printf "| size | format | wall time (s) | throughput (MB/s) | peak RSS (MB) | RSS / input |\n"
        }
        printf "|---:|---|---:|---:|---:|---:|\n"
        for (i = 1; i <= NR; i++) {
            s = size[i]; x = tool[i]
            if ((pass == 1) == (x ~ /^--to /)) continue
            tp = t[s, x] > 0 ? sprintf("%.1f", s / t[s, x]) : "-"
            name = x; sub(/^--to /, "", name)
            printf "| %s MB | %s | %.3f | %s | %.0f | %.1fx |\n", s, name, t[s, x], tp, m[s, x] / 1024, m[s, x] / 1024 / s
        }
    }
    printf "\n| size | check / pulldown | parse / pulldown | export-all / pulldown | pandoc / export-all |\n|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= ns; k++) {
        s = sizes[k]
        printf "| %s MB | %s | %s | %s | %s |\n", s, r(t[s, "check"], t[s, "pulldown"]), r(t[s, "parse"], t[s, "pulldown"]), r(t[s, "export-all"], t[s, "pulldown"]), r(t[s, "pandoc"], t[s, "export-all"])
    }
    if ((100, "parse") in t && (20, "parse") in t) {
        printf "\nGrowth from 20 MB to 100 MB (5x the input): "
        sep = ""
        split("pulldown check parse export-all", names, " ")
        for (j = 1; j <= 4; j++) {
            n = names[j]
            if ((100, n) in t && (20, n) in t) {
                printf "%s%s time %s, RSS %s", sep, n, r(t[100, n], t[20, n]), r(m[100, n], m[20, n]); sep = "; "
            }
        }
        printf ".\n"
    }
    printf "\n(%s cores, best of %s run(s) each; wall time includes process start and file reading;\n", cores, repeat
    printf "RSS = peak resident set size from GNU time; MB = 10^6 bytes.)\n"
}' "$results"
