#!/usr/bin/env python3
"""Measures a server start (docs/benchmarks.md "Server start with N tickets"): exec of
`loopdesk serve --data DIR` → the "listening on" line and → the "analytics: N tickets loaded"
line, with the process's CPU time (utime+stime from /proc/PID/stat) and RSS at each point;
then SIGINT (clean shutdown, which writes the fact snapshot) and the time to exit.

usage: start_measure.py BIN DATA_DIR [--no-stop]"""
import os, re, signal, subprocess, sys, threading, time

bin_, data = sys.argv[1], sys.argv[2]
tck = os.sysconf("SC_CLK_TCK")


def cpu_rss(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    cpu = (int(parts[11]) + int(parts[12])) / tck
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    return cpu, rss


t0 = time.monotonic()
p = subprocess.Popen([bin_, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
res, lines = {}, []
done = threading.Event()


def reader():
    for line in p.stdout:
        lines.append(line.rstrip())
        now = time.monotonic() - t0
        if "listening on" in line and "listen" not in res:
            res["listen"] = (now, *cpu_rss(p.pid))
        if "analytics:" in line and "loaded" in line:
            res["ready"] = (now, *cpu_rss(p.pid))
            done.set()
        if "cannot load analytics" in line:
            done.set()
    done.set()


threading.Thread(target=reader, daemon=True).start()
done.wait(900)
for k in ("listen", "ready"):
    if k in res:
        w, c, r = res[k]
        print(f"{k:7s} wall {w:7.2f} s  cpu {c:6.2f} s  rss {r} MB")
for l in lines:
    if "analytics" in l:
        print("   ", l[-160:])
if "--no-stop" not in sys.argv:
    time.sleep(1)
    ts = time.monotonic()
    p.send_signal(signal.SIGINT)
    p.wait(600)
    time.sleep(0.2)
    print(f"shutdown {time.monotonic() - ts:.2f} s, exit {p.returncode}")
    for l in lines:
        if "snapshot" in l:
            print("   ", l[-160:])
else:
    p.kill()
