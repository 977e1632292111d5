#!/usr/bin/env python3
"""Memory and time of REPL edits on a big graph (docs/benchmarks.md, "Edits").

usage: scripts/bench_edits.py KG [--relations N] [--edits N] [--repeat N] [--old KG2]

Generates (once) a seeded scale-free graph of N relations with the benchmark
harness's generator (../shared/bench/gen.py, in a venv of its own under
target/bench-edits), writes a REPL script of EDITS edits (add entity, add
relation, alias, remove relation, merge, undo, in turn), and runs

  baseline: KG --graph G.tsv < lookup.kg   (load, one name lookup, stats)
  edits:    KG --graph G.tsv < edits.kg    (load, the edits, stats)

under /usr/bin/time -v, REPEAT times each, printing the median peak RSS and
wall time of each and the ratio edits/baseline. --old runs a second binary on
the same scripts (e.g. a build of an earlier commit), capped at 30 edits.
The last two rows type the same lines into the interactive REPL through a
pseudo-terminal (line editing and Tab completion on), one line per prompt,
and read the peak RSS from /proc/PID/status (VmHWM) before quitting.
"""
import argparse
import os
import pty
import select
import time
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench-edits")
HARNESS = os.path.join(ROOT, "..", "shared", "bench")


def venv_python():
    py = os.path.join(WORK, ".venv", "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", os.path.join(WORK, ".venv")], check=True)
        pins = open(os.path.join(HARNESS, "requirements.txt")).read().split()
        numpy = [p for p in pins if p.startswith("numpy")] or ["numpy"]
        subprocess.run([py, "-m", "pip", "install", "-q", *numpy], check=True)
    return py


def graph(relations):
    tsv = os.path.join(WORK, f"kg_{relations}.tsv")
    if not os.path.exists(tsv):
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import gen;"
            f"gen.SIZES['M'] = {relations}; sys.argv = ['gen.py', 'M', sys.argv[2]]; gen.main()"
        )
        subprocess.run([venv_python(), "-c", code, HARNESS, WORK], check=True,
                       stdout=subprocess.DEVNULL)
        os.replace(os.path.join(WORK, "kg_M.tsv"), tsv)
    return tsv


def scripts(tsv, edits):
    names = []
    with open(tsv) as f:
        for i, line in enumerate(f):
            if i % 997 == 0:
                names.append(line.split("\t")[0])
            if len(names) >= 1200:
                break
    names = list(dict.fromkeys(names))

    def q(s):
        return '"' + s + '"'

    lines = []
    for i in range(edits):
        a = names[(i * 7) % len(names)]
        step = i % 5
        if step == 0:
            lines.append(f'add entity "New Thing {i}"')
        elif step == 1:
            lines.append(f'add relation "New Thing {i - 1}" composer {q(a)}')
        elif step == 2:
            lines.append(f'alias "New Thing {i - 2}" "Thing number {i}"')
        elif step == 3:
            b = names[((i - 2) * 7) % len(names)]
            lines.append(f'remove relation "New Thing {i - 3}" composer {q(b)}')
        elif i % 10 == 4:
            lines.append("undo")
        else:
            lines.append(f'merge "New Thing {i - 4}" {q(names[(i * 13 + 5) % len(names)])}')
    paths = {}
    for name, body in [
        ("lookup", [f"show {names[0].lower()}"]),
        ("edits", lines),
        ("edits30", lines[:30]),
    ]:
        paths[name] = os.path.join(WORK, f"{name}.kg")
        with open(paths[name], "w") as f:
            f.write("\n".join(body + ["stats"]) + "\n")
    return paths


def run(kg, tsv, script, allow_errors=False):
    with open(script) as stdin:
        p = subprocess.run(["/usr/bin/time", "-v", kg, "--graph", tsv], stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    errors = [l for l in p.stderr.splitlines() if l.startswith("kg: error")]
    if (p.returncode != 0 or errors) and not allow_errors:
        sys.exit(f"{kg} < {script}: exit {p.returncode}\n" + "\n".join(errors[:5]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", p.stderr).group(1)
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    return rss / 1024, seconds


def typed(kg, tsv, script):
    """Types each line of `script` at the REPL's prompt; (peak RSS MiB, seconds)."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["KG_HISTORY"] = os.devnull
        os.execv(kg, [kg, "--graph", tsv])
    buf = b""

    typed_line = False

    def until_prompt():
        nonlocal buf
        # The prompt after the answer: past the newline that Enter echoes
        # (rustyline redraws the prompt as it echoes the typed line).
        while b"kg> " not in buf[buf.rfind(b"\n") + 1:] or (typed_line and b"\n" not in buf):
            r, _, _ = select.select([fd], [], [], 120)
            if not r:
                sys.exit(f"{kg}: no prompt within 120 s; last output: {buf[-300:]!r}")
            buf += os.read(fd, 1 << 16)
        if b"kg: error" in buf:
            sys.exit(f"{kg}: an edit failed: {buf[-500:]!r}")
        buf = b""

    until_prompt()
    typed_line = True
    for line in open(script).read().splitlines():
        os.write(fd, line.encode() + b"\r")
        until_prompt()
    with open(f"/proc/{pid}/status") as f:
        hwm = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))
    # Quitting with unsaved edits asks first.
    os.write(fd, b"quit\r")
    time.sleep(0.5)
    os.write(fd, b"y\r")
    try:
        while os.read(fd, 1 << 16):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return hwm / 1024, time.monotonic() - start


def median_of(kg, tsv, script, repeat, how=run):
    runs = [how(kg, tsv, script) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kg")
    ap.add_argument("--relations", type=int, default=1_500_000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    tsv = graph(args.relations)
    paths = scripts(tsv, args.edits)
    rows = []
    base = median_of(args.kg, tsv, paths["lookup"], args.repeat)
    rows.append(("kg, load + one lookup", base))
    rows.append((f"kg, load + {args.edits} edits", median_of(args.kg, tsv, paths["edits"], args.repeat)))
    rows.append(("kg, load + 30 edits", median_of(args.kg, tsv, paths["edits30"], args.repeat)))
    tty_base = median_of(args.kg, tsv, paths["lookup"], args.repeat, typed)
    rows.append(("kg REPL on a terminal, load + one lookup", tty_base))
    rows.append((f"kg REPL on a terminal, load + {args.edits} edits",
                 median_of(args.kg, tsv, paths["edits"], args.repeat, typed)))
    if args.old:
        # The old build refuses relation types a triple file brought in; those
        # edits fail there, after copying the graph all the same.
        rss, secs = run(args.old, tsv, paths["edits30"], allow_errors=True)
        rows.append(("old build, load + 30 edits", (rss, secs)))
    print(f"{args.relations:,} relations, median of {args.repeat} runs\n")
    print("| run | peak RSS | ratio to load + lookup (same front) | wall time |")
    print("|---|---|---|---|")
    for name, (rss, secs) in rows:
        ref = tty_base[0] if "terminal" in name else base[0]
        print(f"| {name} | {rss:,.0f} MiB | {rss / ref:.3f} | {secs:.2f} s |")


if __name__ == "__main__":
    main()
