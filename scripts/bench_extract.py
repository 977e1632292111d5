#!/usr/bin/env python3
"""Throughput and memory of `kg extract` on news text (docs/benchmarks.md,
"kg extract: text per second").

    python3 scripts/bench_extract.py [--sizes 1,10,50] [--repeat 3] [--kg PATH]

Builds the release binary (`cargo build --release`), writes a corpus of news
text under /tmp: the development articles (`tests/extract/dev/*.txt`) and the
seed article (`../shared/seeds/000_fb5a3e1cd4c60d18.txt`), one after the other,
repeated, each copy separated from the next by a blank line, cut to 1, 10 and
50 MB (10^6 bytes; the cut falls before the last partial word), plus one
10 MB file holding the same text on a single line (newlines replaced by
spaces). The binary is copied into the corpus folder first, so a rebuild of
target/ during the runs cannot change what is timed (`--kg PATH` times another
build instead of building this tree). Each file is read `--repeat` times by

    /usr/bin/time -v kg extract FILE --format json > /dev/null

and the script prints a Markdown table: size, median wall seconds, MB/s (size
over the median), median CPU seconds (user + system), peak RSS (the largest of
the runs) in MiB, and peak RSS over the input's size; a file kg refuses for
its size (over `extract::TEXT_LIMIT`) gets a row saying so. The target: at
least 5 MB of text a second on one core, and memory bounded by the input's
size.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "extract" / "dev"
SEED = ROOT.parent / "shared" / "seeds" / "000_fb5a3e1cd4c60d18.txt"
MB = 1_000_000
MIB = 1 << 20
TARGET_MB_S = 5.0


def unit_text() -> str:
    """One copy: every development article, then the seed, a blank line apart."""
    files = sorted(DEV.glob("*.txt")) + [SEED]
    missing = [str(f) for f in files if not f.is_file()]
    if missing or len(files) < 2:
        sys.exit(f"bench_extract: missing input: {missing or DEV}")
    parts = [f.read_text(encoding="utf-8").strip("\n") for f in files]
    return "\n\n".join(parts)


def corpus(size: int, unit: str) -> bytes:
    """Copies of `unit`, a blank line apart, cut to at most `size` bytes before
    the last partial word (never inside a UTF-8 sequence)."""
    copy = (unit + "\n\n").encode("utf-8")
    data = copy * (size // len(copy) + 1)
    data = data[:size]
    cut = max(data.rfind(b" "), data.rfind(b"\n"))
    return data[:cut].rstrip() + b"\n"


def time_v(kg: Path, path: Path) -> dict | None:
    """One run of `kg extract PATH --format json > /dev/null` under
    `/usr/bin/time -v`: wall and CPU seconds, peak RSS in bytes; None when kg
    refuses the file for its size (`extract::TEXT_LIMIT`)."""
    cmd = ["/usr/bin/time", "-v", str(kg), "extract", str(path), "--format", "json"]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr

    def field(name: str) -> str:
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", err, re.M)
        if not m:
            sys.exit(f"bench_extract: no '{name}' in /usr/bin/time's output:\n{err}")
        return m.group(1).strip()

    status = int(field("Exit status"))
    if status != 0 and "extract reads texts of up to" in err:
        return None
    if status != 0:
        sys.exit(f"bench_extract: kg exited {status} on {path}:\n{err[-2000:]}")
    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) * 1024
    return {"wall": wall, "cpu": cpu, "rss": rss}


def describe() -> str:
    """The commit of this tree, `-dirty` when it has uncommitted changes."""
    p = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                       capture_output=True, text=True)
    return p.stdout.strip() or "?"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,50", help="sizes in MB (10^6 bytes), comma-separated")
    ap.add_argument("--line", type=int, default=10, help="size in MB of the one-line file (0: none)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/kg-bench-extract"))
    ap.add_argument("--kg", type=Path, help="time this kg binary instead of building the tree")
    args = ap.parse_args()

    if not Path("/usr/bin/time").is_file():
        sys.exit("bench_extract: needs GNU time at /usr/bin/time (apt-get install time)")
    if args.kg is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        built = ROOT / "target" / "release" / "kg"
    else:
        built = args.kg
    args.dir.mkdir(parents=True, exist_ok=True)
    kg = args.dir / "kg"
    shutil.copy2(built, kg)
    unit = unit_text()
    cases = []  # (label, path, bytes)
    for s in [int(x) for x in args.sizes.split(",") if x.strip()]:
        data = corpus(s * MB, unit)
        path = args.dir / f"news-{s}mb.txt"
        path.write_bytes(data)
        cases.append((f"{s} MB", path, len(data)))
    if args.line:
        data = corpus(args.line * MB, unit).rstrip(b"\n").replace(b"\n", b" ") + b"\n"
        path = args.dir / f"news-{args.line}mb-one-line.txt"
        path.write_bytes(data)
        cases.append((f"{args.line} MB, one line", path, len(data)))

    origin = f"built from this tree, {describe()}" if args.kg is None else "given"
    print(f"kg: {built} ({origin}; copied to {kg})", file=sys.stderr)
    print(f"copy: {len(unit.encode())} bytes ({len(sorted(DEV.glob('*.txt')))} articles + seed)",
          file=sys.stderr)
    print(f"load average before: {loadavg()}", file=sys.stderr)
    rows = []
    for label, path, size in cases:
        runs = []
        for i in range(args.repeat):
            r = time_v(kg, path)
            if r is None:
                print(f"  {label}: refused, over kg's size limit", file=sys.stderr)
                break
            runs.append(r)
            print(f"  {label} run {i + 1}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
                  f"{r['rss'] / MIB:.0f} MiB", file=sys.stderr)
        if not runs:
            rows.append((label, size, 0, None, None, None))
            continue
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        rss = max(r["rss"] for r in runs)
        rows.append((label, size, len(runs), wall, cpu, rss))
    print(f"load average after: {loadavg()}", file=sys.stderr)

    print("| input | bytes | runs | median wall s | MB/s (wall) | median CPU s | MB/s (CPU) "
          "| peak RSS MiB | RSS / input |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, size, n, wall, cpu, rss in rows:
        if wall is None:
            print(f"| {label} | {size:,} | 0 | refused: over `extract::TEXT_LIMIT` | | | | | |")
            continue
        print(f"| {label} | {size:,} | {n} | {wall:.2f} | {size / MB / wall:.2f} | {cpu:.2f} "
              f"| {size / MB / cpu:.2f} | {rss / MIB:,.0f} | {rss / size:.1f} |")
    print()
    timed = [size / MB / wall for _, size, _, wall, _, _ in rows if wall]
    if not timed:
        sys.exit("bench_extract: kg refused every input")
    worst = min(timed)
    print(f"Target >= {TARGET_MB_S:g} MB/s: slowest input {worst:.2f} MB/s wall "
          f"({'met' if worst >= TARGET_MB_S else 'missed'}, {worst / TARGET_MB_S:.2f}x the target).")


if __name__ == "__main__":
    main()
