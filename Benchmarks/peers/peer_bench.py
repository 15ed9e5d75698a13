#!/usr/bin/env python3
"""peer-bench: time-series peers side by side on one small machine.

Engines (Debian packages): InfluxDB 1.6 (influxd), VictoriaMetrics
(victoria-metrics), and a raw C program on libsqlite3 (the physical-limit
baseline for a one-table SQLite store).  One run measures, per engine, one
engine after the other:

  1. ingest throughput (points/s) on the engine's fastest normal path, clock
     stopped only when the data is durable/queryable;
  2. disk bytes/point (du -sb of the engine's data dir) right after ingest and
     after the engine's own compaction/flush step;
  3. median latency (of --runs runs, after --warmup runs) of the all-series
     daily-mean aggregation over the full range and of a single-series 1-day
     raw read; every answer is checked against the dataset.

Prints a markdown table to stdout and writes every figure to a JSON file.
Stdlib only.  See README.md.
"""
import argparse
import http.client
import itertools
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # leave no __pycache__ in the repo
import gendata  # noqa: E402

DAY_MS = gendata.DAY_MS
ENGINES = ["meterwatch", "influxdb", "victoriametrics", "sqlite"]
COMPACT_WORD = {"influxdb": "cold-shard TSM snapshot", "victoriametrics": "force_merge", "sqlite": "VACUUM",
                "meterwatch": "checkpoint + VACUUM"}
LABEL = {"influxdb": "InfluxDB", "victoriametrics": "VictoriaMetrics", "sqlite": "SQLite (raw C)", "meterwatch": "Meterwatch"}
# The Meterwatch binary (make bench-peers builds it); MW_BIN overrides.
MW_BIN = os.environ.get("MW_BIN", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "release", "meterwatch"))
_children = []          # Popen objects of servers this run started


def log(msg):
    print("[peer-bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ----------------------------------------------------------------- utilities

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def du_sb(path):
    out = subprocess.run(["du", "-sb", path], check=True, capture_output=True, text=True).stdout
    return int(out.split()[0])


def du_alloc(path):
    """Allocated bytes (du -s -B1): differs from du -sb for sparse/preallocated files."""
    out = subprocess.run(["du", "-s", "-B1", path], check=True, capture_output=True, text=True).stdout
    return int(out.split()[0])


def disk(path):
    return {"du_sb": du_sb(path), "allocated": du_alloc(path)}


def dpkg_version(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def proc_status_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def proc_cpu_s(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def children_cpu_s():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def foreign_engine_processes():
    """Other influxd / victoria-metrics processes on this machine (they skew timings)."""
    ours = {p.pid for p in _children}
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in ours:
            continue
        try:
            with open("/proc/%s/comm" % d) as f:
                comm = f.read().strip()
        except OSError:
            continue
        if comm in ("influxd", "victoria-metric", "victoria-metrics"):
            found.append("%s(pid %s)" % (comm, d))
    return found


def summarize(ms_list):
    if not ms_list:
        return {"n": 0}
    s = sorted(ms_list)
    return {"n": len(s), "median_ms": statistics.median(s), "min_ms": s[0], "max_ms": s[-1],
            "p90_ms": s[min(len(s) - 1, int(math.ceil(0.9 * len(s))) - 1)]}


def rel_close(a, b, tol):
    return a is not None and abs(a - b) <= tol * max(1.0, abs(b))


class Server:
    """A server process started by this run; stopped only through its own PID."""

    def __init__(self, name, argv, logpath, env=None):
        self.name = name
        self.logf = open(logpath, "ab")
        self.proc = subprocess.Popen(argv, stdout=self.logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        _children.append(self.proc)
        self.pid = self.proc.pid
        self.started = time.monotonic()

    def alive(self):
        return self.proc.poll() is None

    def wait_ready(self, port, path, ok_codes, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError("%s exited with %s during startup (see log)" % (self.name, self.proc.returncode))
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                c.close()
                if r.status in ok_codes:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError("%s not ready after %.0f s" % (self.name, timeout_s))

    def stop(self, timeout_s=60):
        """SIGTERM to our own PID, SIGKILL to the same PID if it does not exit in time."""
        if self.proc.poll() is None:
            t = time.monotonic()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                log("%s did not stop in %d s: SIGKILL pid %d" % (self.name, timeout_s, self.pid))
                self.proc.kill()
                self.proc.wait(timeout=30)
            took = time.monotonic() - t
        else:
            took = 0.0
        if self.proc in _children:
            _children.remove(self.proc)
        self.logf.close()
        return took


def stop_all_children():
    for p in list(_children):
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=30)
            except Exception:
                p.kill()
        _children.remove(p)


class Http:
    def __init__(self, port, timeout=300):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, body bytes, seconds from send to last byte read)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                t = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                el = time.perf_counter() - t
                return r.status, data, el
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None


def parallel_post(port, path, payload, offsets, writers, deadline, ok_codes=(200, 204)):
    """POST payload[offsets[i]:offsets[i+1]] for every batch i using `writers`
    keep-alive connections. Returns (seconds, batches_sent, error or None)."""
    view = memoryview(payload)
    nb = len(offsets) - 1
    counter = itertools.count()
    sent = [0]
    errors = []
    lock = threading.Lock()

    def worker():
        h = Http(port, timeout=300)
        try:
            while not errors:
                i = next(counter)
                if i >= nb:
                    return
                if time.monotonic() > deadline:
                    with lock:
                        errors.append("ingest deadline reached after %d batches" % sent[0])
                    return
                st, body, _ = h.request("POST", path, body=view[offsets[i]:offsets[i + 1]],
                                        headers={"Content-Type": "text/plain"})
                if st not in ok_codes:
                    with lock:
                        errors.append("batch %d: HTTP %d %s" % (i, st, body[:300].decode("utf-8", "replace")))
                    return
                with lock:
                    sent[0] += 1
        except Exception as e:  # noqa: BLE001
            with lock:
                errors.append("writer: %r" % (e,))
        finally:
            h.close()

    t = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(writers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(max(1.0, deadline - time.monotonic() + 310))
    el = time.perf_counter() - t
    return el, sent[0], (errors[0] if errors else None)


def wait_stable(path, extra_done, timeout_s, interval_s=1.0, stable_polls=3):
    """Poll du -sb of path until extra_done() holds and the size is unchanged over
    `stable_polls` polls (bounded by timeout_s). Returns (seconds until the final
    size was first seen, seconds waited in all, reached)."""
    t = time.monotonic()
    last, same, first_seen = None, 0, 0.0
    while True:
        size = du_sb(path)
        el = time.monotonic() - t
        if size != last:
            same, first_seen = 0, el
        else:
            same += 1
        last = size
        if same >= stable_polls - 1 and extra_done():
            return first_seen, el, True
        if el > timeout_s:
            return first_seen, el, False
        time.sleep(interval_s)


def run_queries(name, one_agg, one_raw, plan, args, res):
    """one_agg() / one_raw(triple) -> (ms, rows, checksum)."""
    total = args.warmup + args.runs
    for kind in ("agg", "raw"):
        runs = []
        t0 = time.monotonic()
        for r in range(total):
            if r > 0 and time.monotonic() - t0 > args.query_budget:
                log("%s: %s query budget of %d s reached after %d runs" % (name, kind, args.query_budget, r))
                break
            if kind == "agg":
                ms, rows, ck = one_agg()
            else:
                ms, rows, ck = one_raw(plan["raw"][r])
            runs.append({"ms": ms, "rows": rows, "checksum": ck})
        record_queries(res, kind, runs, plan, args.warmup)
        log("%s: %s median %.2f ms over %d runs" % (name, kind, res["query"][kind].get("median_ms", float("nan")),
                                                    res["query"][kind]["n"]))


def record_queries(res, kind, runs, plan, warmup):
    """Store runs (warm-up included, flagged) and check every answer."""
    counted = runs[warmup:] if len(runs) > warmup else runs
    q = summarize([r["ms"] for r in counted])
    ok = True
    for i, r in enumerate(runs):
        if kind in ("agg", "agg_scan"):
            good = r["rows"] == plan["agg_rows"] and rel_close(r["checksum"], plan["agg_expected"], 1e-9)
        else:
            exp = plan["raw"][i]
            good = r["rows"] == exp["rows"] and rel_close(r["checksum"], exp["sum"], 1e-12)
        r["ok"] = good
        ok = ok and good
    q["ok"] = ok
    q["warmup_runs"] = min(warmup, len(runs))
    q["runs"] = runs
    res.setdefault("query", {})[kind] = q


# ----------------------------------------------------------------- engines

INFLUX_CONF = """\
reporting-disabled = true
bind-address = "127.0.0.1:{rpc_port}"
[meta]
  dir = "{dir}/meta"
[data]
  dir = "{dir}/data"
  wal-dir = "{dir}/wal"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "{cold}"
  compact-full-write-cold-duration = "{full_cold}"
[coordinator]
[retention]
[shard-precreation]
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:{http_port}"
  log-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
"""


def ingest_record(meta, el, sent, err):
    nb = len(meta["lp_offsets"]) - 1
    pts = meta["points_total"] if sent == nb else sent * meta["batch"]
    rec = {"seconds": round(el, 3), "points": pts, "batches": sent, "points_per_s": round(pts / el) if el else None}
    if err:
        rec["error"] = err
    return rec


def pick_median(res, recs):
    """res['ingest'] = the run with the median points/s; all runs kept in res['ingest_runs']."""
    res["ingest_runs"] = recs
    ranked = sorted(recs, key=lambda r: r["points_per_s"] or 0)
    med = dict(ranked[(len(ranked) - 1) // 2])
    med["runs"] = len(recs)
    med["points_per_s_min"] = ranked[0]["points_per_s"]
    med["points_per_s_max"] = ranked[-1]["points_per_s"]
    res["ingest"] = med


def server_ingest_runs(name, args, res, dirp, start, ingest):
    """Run `ingest` args.ingest_runs times, each on a fresh data dir and a fresh server.
    start() -> (Server, port); ingest(srv, port) -> record.  Returns the last
    (srv, port), still running, whose data the later steps measure."""
    recs = []
    for rep in range(args.ingest_runs):
        shutil.rmtree(dirp, ignore_errors=True)
        os.makedirs(dirp)
        srv, port = start()
        try:
            rec = ingest(srv, port)
        except BaseException:
            srv.stop()
            raise
        recs.append(rec)
        log("%s: ingest run %d/%d: %.2f s, %s points/s" % (name, rep + 1, args.ingest_runs, rec["seconds"],
                                                          fmt_int(rec["points_per_s"])))
        if "error" in rec:
            srv.stop()
            pick_median(res, recs)
            raise RuntimeError("ingest: " + rec["error"])
        if rep < args.ingest_runs - 1:
            srv.stop()
    pick_median(res, recs)
    return srv, port


def influx_engine(ctx, res):
    args, meta, plan = ctx["args"], ctx["meta"], ctx["plan"]
    rd = ctx["rundir"]
    dirp = os.path.join(rd, "influxdb")
    conf = os.path.join(rd, "influxdb.conf")
    logp = os.path.join(rd, "influxdb.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUXDB_")}
    vr = subprocess.run(["influxd", "version"], capture_output=True, text=True)
    res["version"] = vr.stdout.strip().replace(" (git: unknown unknown)", "")
    res["package_version"] = dpkg_version("influxdb")
    res["ingest_path"] = "HTTP POST /write?precision=ms, line protocol, %d points/batch, %d writers" % (
        meta["batch"], args.writers)
    res["config"] = ("cache-snapshot-write-cold-duration=%s, compact-full-write-cold-duration=%s (defaults 10m, 4h); "
                     "otherwise defaults: inmem index, wal-fsync-delay=0s (WAL fsynced before each ack); "
                     "_internal monitor store off" % (args.influx_cold, args.influx_full_cold))
    payload = open(os.path.join(ctx["datadir"], "influx.lp"), "rb").read()

    def start():
        port, rpc = free_port(), free_port()
        with open(conf, "w") as f:
            f.write(INFLUX_CONF.format(dir=dirp, http_port=port, rpc_port=rpc, cold=args.influx_cold,
                                       full_cold=args.influx_full_cold))
        srv = Server("influxd", ["influxd", "run", "-config", conf], logp, env=env)
        res["startup_s"] = round(srv.wait_ready(port, "/ping", (204,), args.startup_timeout), 3)
        return srv, port

    def ingest(srv, port):
        h = Http(port)
        st, body, _ = h.request("POST", "/query?" + urllib.parse.urlencode({"q": "CREATE DATABASE bench"}))
        h.close()
        if st != 200:
            raise RuntimeError("CREATE DATABASE: %d %s" % (st, body[:200]))
        cpu0 = proc_cpu_s(srv.pid)
        el, sent, err = parallel_post(port, "/write?db=bench&precision=ms", payload, meta["lp_offsets"],
                                      args.writers, time.monotonic() + args.ingest_timeout)
        rec = ingest_record(meta, el, sent, err)
        rec["engine_cpu_s"] = round(proc_cpu_s(srv.pid) - cpu0, 2)
        return rec

    srv, port = server_ingest_runs("influxdb", args, res, dirp, start, ingest)
    try:
        del payload
        res["ingest"]["durable_when"] = "every /write answered 204 (WAL fsynced before the ack)"
        # InfluxDB acks after the WAL fsync: measure at once (a settle would let cold
        # shards get snapshotted, which is the compaction step below).
        res["disk_after_ingest"] = dict(disk(dirp), settle_s=0.0)
        res["peak_rss_kb_ingest"] = proc_status_kb(srv.pid, "VmHWM")

        # Compaction: InfluxDB 1.x has no compaction API.  With the short cold durations
        # set above, every shard that receives no write for that long gets its cache
        # snapshotted to TSM (WAL segments removed) and, if it then has more than one
        # TSM generation, a full compaction.  Wait for: WAL empty, exactly one TSM file
        # per shard, no .tmp files, du stable.
        shard_root = os.path.join(dirp, "data", "bench", "autogen")

        def influx_compacted():
            wal_bytes = 0
            for root, _, files in os.walk(os.path.join(dirp, "wal")):
                for fn in files:
                    wal_bytes += os.path.getsize(os.path.join(root, fn))
            if wal_bytes or not os.path.isdir(shard_root):
                return False
            for sh in os.listdir(shard_root):
                files = os.listdir(os.path.join(shard_root, sh))
                if sum(fn.endswith(".tsm") for fn in files) != 1 or any(fn.endswith(".tmp") for fn in files):
                    return False
            return True

        first, waited, reached = wait_stable(dirp, influx_compacted, args.compact_timeout)
        res["compaction"] = {
            "what": "no API in InfluxDB 1.x: each shard with no write for %s gets its cache snapshotted to TSM "
                    "(WAL removed), then a full compaction after %s if it has >1 TSM file; waited for empty WAL, "
                    "one TSM file per shard, du stable" % (args.influx_cold, args.influx_full_cold),
            "seconds": round(first, 2), "wait_s": round(waited, 2), "completed": reached,
            "shards": len(os.listdir(shard_root)) if os.path.isdir(shard_root) else 0,
        }
        res["disk_after_compaction"] = disk(dirp)

        h = Http(port)
        h.request("GET", "/ping")
        res["http_roundtrip_ms"] = summarize([h.request("GET", "/ping")[2] * 1e3 for _ in range(20)])["median_ms"]
        t0 = meta["t0_ms"]
        tend = t0 + meta["days"] * DAY_MS

        def iso(ms):
            return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)

        agg_q = ('SELECT mean("value") FROM "meter" WHERE time >= \'%s\' AND time < \'%s\' '
                 'GROUP BY time(1d), "series"' % (iso(t0), iso(tend)))
        res["queries_text"] = {"agg": agg_q,
                               "raw": 'SELECT "value" FROM "meter" WHERE "series" = \'sNNN\' AND time >= A AND time < A+1d'}

        def q(text):
            st, body, el = h.request("GET", "/query?" + urllib.parse.urlencode({"db": "bench", "q": text, "epoch": "ms"}))
            if st != 200:
                raise RuntimeError("influx query HTTP %d: %s" % (st, body[:300]))
            r = json.loads(body)["results"][0]
            if "error" in r:
                raise RuntimeError("influx query error: %s" % r["error"])
            return el * 1e3, r.get("series", [])

        def one_agg():
            ms, series = q(agg_q)
            vals = [v[1] for s in series for v in s["values"] if v[1] is not None]
            return ms, len(vals), sum(vals)

        def one_raw(t):
            ms, series = q('SELECT "value" FROM "meter" WHERE "series" = \'%s\' AND time >= \'%s\' AND time < \'%s\''
                           % (meta["series_names"][t["series"]], iso(t["start_ms"]), iso(t["end_ms"])))
            vals = [v[1] for s in series for v in s["values"]]
            return ms, len(vals), math.fsum(vals)

        run_queries("influxdb", one_agg, one_raw, plan, args, res)
        h.close()
        res["peak_rss_kb"] = proc_status_kb(srv.pid, "VmHWM")
    finally:
        res["stop_s"] = round(srv.stop(), 3)
    return res


def vm_engine(ctx, res):
    args, meta, plan = ctx["args"], ctx["meta"], ctx["plan"]
    rd = ctx["rundir"]
    dirp = os.path.join(rd, "victoriametrics")
    logp = os.path.join(rd, "victoriametrics.log")
    res.update({"version": "v" + str(dpkg_version("victoria-metrics")).split("+")[0],
                "package_version": dpkg_version("victoria-metrics")})
    res["ingest_path"] = ("HTTP POST /api/v1/import/prometheus (text exposition with ms timestamps), "
                          "%d points/batch, %d writers, then GET /internal/force_flush" % (meta["batch"], args.writers))
    payload = open(os.path.join(ctx["datadir"], "prom.txt"), "rb").read()
    flags_shown = ["-retentionPeriod=100y", "-search.disableCache"]
    res["config"] = " ".join(flags_shown) + " (other flags default; queries also pass nocache=1)"

    def start():
        port = free_port()
        flags = ["-storageDataPath=" + dirp, "-httpListenAddr=127.0.0.1:%d" % port] + flags_shown
        srv = Server("victoria-metrics", ["victoria-metrics"] + flags, logp)
        res["startup_s"] = round(srv.wait_ready(port, "/health", (200,), args.startup_timeout), 3)
        return srv, port

    def ingest(srv, port):
        h = Http(port)
        cpu0 = proc_cpu_s(srv.pid)
        t = time.perf_counter()
        el, sent, err = parallel_post(port, "/api/v1/import/prometheus", payload, meta["prom_offsets"],
                                      args.writers, time.monotonic() + args.ingest_timeout)
        st, body, fl = h.request("GET", "/internal/force_flush")
        el_total = time.perf_counter() - t
        cpu1 = proc_cpu_s(srv.pid)
        h.close()
        if st != 200:
            err = err or "force_flush HTTP %d" % st
        rec = ingest_record(meta, el_total, sent, err)
        rec["engine_cpu_s"] = round(cpu1 - cpu0, 2)
        rec["force_flush_s"] = round(fl, 3)
        return rec

    srv, port = server_ingest_runs("victoriametrics", args, res, dirp, start, ingest)
    try:
        del payload
        h = Http(port)

        def metric_sum(name):
            st, body, _ = h.request("GET", "/metrics")
            tot = 0.0
            for line in body.decode().splitlines():
                if line.startswith(name + "{") or line.startswith(name + " "):
                    tot += float(line.rsplit(" ", 1)[1])
            return tot

        res["ingest"]["durable_when"] = ("all imports answered 204 and /internal/force_flush returned (data searchable; "
                                         "in 1.79 the flushed in-memory parts reach disk a few seconds later: "
                                         "see disk_after_ingest.settle_s)")
        rows = metric_sum("vm_rows_added_to_storage_total")
        if rows != meta["points_total"]:
            res["ingest"]["rows_added_to_storage"] = rows
        # VM 1.79 writes flushed in-memory parts to disk on a ~5 s timer: wait for du to be
        # unchanged for 8 polls 1 s apart before calling the state "after ingest".
        settle, _, _ = wait_stable(dirp, lambda: metric_sum("vm_active_merges") == 0, 120, stable_polls=8)
        res["disk_after_ingest"] = dict(disk(dirp), settle_s=round(settle, 2))
        res["peak_rss_kb_ingest"] = proc_status_kb(srv.pid, "VmHWM")

        st, body, _ = h.request("GET", "/internal/force_merge")
        if st != 200:
            raise RuntimeError("force_merge HTTP %d %s" % (st, body[:200]))
        first, waited, reached = wait_stable(dirp, lambda: metric_sum("vm_active_merges") == 0, args.compact_timeout)
        parts = {}
        st, body, _ = h.request("GET", "/metrics")
        for line in body.decode().splitlines():
            if line.startswith("vm_parts{"):
                parts[line.split('"')[1]] = int(float(line.rsplit(" ", 1)[1]))
        res["compaction"] = {"what": "GET /internal/force_merge (all partitions; final merge is off by default); "
                                     "waited for vm_active_merges=0 and du stable",
                             "seconds": round(first, 2), "wait_s": round(waited, 2), "completed": reached,
                             "parts": parts}
        res["disk_after_compaction"] = disk(dirp)
        res["http_roundtrip_ms"] = summarize([h.request("GET", "/health")[2] * 1e3 for _ in range(20)])["median_ms"]

        t0 = meta["t0_ms"]
        agg_params = {"query": "avg_over_time(meter[1d])", "start": "%.3f" % ((t0 + DAY_MS - 1) / 1000),
                      "end": "%.3f" % ((t0 + meta["days"] * DAY_MS - 1) / 1000), "step": "86400", "nocache": "1"}
        res["queries_text"] = {"agg": "/api/v1/query_range?" + urllib.parse.urlencode(agg_params)
                               + "  (each point t = end of a UTC day - 1 ms covers (t-1d, t] = that day)",
                               "raw": '/api/v1/export?match[]=meter{series="sNNN"}&start=A&end=A+1d-1ms (end inclusive)'}

        def get(path, params):
            st, body, el = h.request("GET", path + "?" + urllib.parse.urlencode(params))
            if st != 200:
                raise RuntimeError("VM HTTP %d: %s" % (st, body[:300]))
            return el * 1e3, body

        def one_agg():
            ms, body = get("/api/v1/query_range", agg_params)
            vals = [float(v[1]) for s in json.loads(body)["data"]["result"] for v in s["values"]]
            return ms, len(vals), sum(vals)

        def one_raw(tr):
            ms, body = get("/api/v1/export", {
                "match[]": 'meter{series="%s"}' % meta["series_names"][tr["series"]],
                "start": "%.3f" % (tr["start_ms"] / 1000), "end": "%.3f" % ((tr["end_ms"] - 1) / 1000)})
            vals = []
            for line in body.splitlines():
                if line.strip():
                    vals.extend(json.loads(line)["values"])
            return ms, len(vals), math.fsum(vals)

        run_queries("victoriametrics", one_agg, one_raw, plan, args, res)
        h.close()
        res["peak_rss_kb"] = proc_status_kb(srv.pid, "VmHWM")
    finally:
        res["stop_s"] = round(srv.stop(), 3)
    return res


def meterwatch_engine(ctx, res):
    """Meterwatch through its public paths: `meterwatch import readings` (CSV: meter,time,value,quantity
    in time order; a meter per pair: power_active in W, energy_import in Wh stored as kWh) and the
    HTTP API of `meterwatch serve` (GET /api/v1/readings for every series' daily figures, GET
    /api/v1/meters/{id}/readings?resolution=raw for one day)."""
    import meterwatch_csv
    args, meta, plan = ctx["args"], ctx["meta"], ctx["plan"]
    rd = ctx["rundir"]
    dirp = os.path.join(rd, "meterwatch")
    exe = os.path.abspath(MW_BIN)
    if not os.access(exe, os.X_OK):
        raise RuntimeError("no %s: build it with `swift build -c release --product meterwatch`" % exe)
    res["version"] = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip() or "meterwatch"
    csv_path = os.path.join(ctx["datadir"], "meterwatch.csv")
    if not os.path.exists(csv_path):
        meterwatch_csv.write(ctx["datadir"])
    res["ingest_path"] = ("`meterwatch import readings` of a %.0f MB CSV (streamed, one transaction, rollups included), "
                          "clock from process start to exit" % (os.path.getsize(csv_path) / 1e6))
    res["config"] = "default store settings (WAL, synchronous=NORMAL, 4 KiB pages)"
    recs = []
    for rep in range(args.ingest_runs):
        shutil.rmtree(dirp, ignore_errors=True)
        os.makedirs(dirp)
        shutil.copy(os.path.join(ctx["datadir"], "meterwatch.yaml"), os.path.join(dirp, "meterwatch.yaml"))
        cpu0 = children_cpu_s()
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "maxrss=%M", exe, "import", "readings", "--config",
                            os.path.join(dirp, "meterwatch.yaml"), csv_path], capture_output=True, text=True,
                           timeout=args.ingest_timeout)
        el = time.perf_counter() - t
        cpu1 = children_cpu_s()
        if r.returncode != 0:
            raise RuntimeError("import failed: " + r.stderr[-500:])
        rss = int([l for l in r.stderr.splitlines() if l.startswith("maxrss=")][-1][7:])
        rec = {"seconds": round(el, 3), "points": meta["points_total"], "batches": None,
               "points_per_s": round(meta["points_total"] / el), "engine_cpu_s": round(cpu1 - cpu0, 2), "peak_rss_kb": rss}
        recs.append(rec)
        log("meterwatch: ingest run %d/%d: %.2f s, %s points/s, peak RSS %d MiB" % (rep + 1, args.ingest_runs, el,
                                                                              fmt_int(rec["points_per_s"]), rss // 1024))
    pick_median(res, recs)
    res["ingest"]["durable_when"] = "the import's transaction committed (process exit)"
    res["peak_rss_kb_ingest"] = max(r["peak_rss_kb"] for r in recs)
    res["disk_after_ingest"] = dict(disk(dirp), settle_s=0.0)
    store = os.path.join(dirp, "meterwatch.sqlite")
    rows = subprocess.run(["sqlite3", store, "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"], capture_output=True,
                          text=True).stdout.splitlines()
    tables = {name: int(size) for name, size in (line.split("|") for line in rows)}
    res["raw_table_bytes"] = sum(int(tables.get(name, 0)) for name in ("chunk", "chunk_series_start", "sample_head"))
    res["rollup_table_bytes"] = int(tables.get("rollup", 0))
    t = time.monotonic()
    subprocess.run(["sqlite3", store, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"], check=True, capture_output=True)
    res["compaction"] = {"what": "wal_checkpoint(TRUNCATE) and VACUUM (sqlite3 CLI)", "seconds": round(time.monotonic() - t, 2),
                         "completed": True}
    res["disk_after_compaction"] = disk(dirp)

    port = free_port()
    srv = Server("meterwatch", [exe, "serve", "--config", os.path.join(dirp, "meterwatch.yaml"), "--no-collect", "--port", str(port)],
                 os.path.join(rd, "meterwatch.log"))
    try:
        res["startup_s"] = round(srv.wait_ready(port, "/healthz", (200,), args.startup_timeout), 3)
        h = Http(port)
        res["http_roundtrip_ms"] = summarize([h.request("GET", "/healthz")[2] * 1e3 for _ in range(20)])["median_ms"]
        t0 = meta["t0_ms"]

        def iso(ms):
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))

        agg_path = "/api/v1/readings?" + urllib.parse.urlencode({
            "category": "electricity", "quantity": "power_active,energy_import", "resolution": "day",
            "from": iso(t0), "to": iso(t0 + meta["days"] * DAY_MS)})
        res["queries_text"] = {"agg": agg_path + "  (power: daily mean in W; energy counter: daily consumption, Wh)",
                               "raw": "/api/v1/meters/mNNN/readings?quantity=Q&resolution=raw&from=A&to=A+1d"}

        def get(path):
            st, body, el = h.request("GET", path)
            if st != 200:
                raise RuntimeError("meterwatch HTTP %d: %s" % (st, body[:300]))
            return el * 1e3, body

        def one_agg():
            ms, body = get(agg_path)
            vals = []
            for series in json.loads(body)["series"]:
                scale = 1000.0 if series["quantity"] == "energy_import" else 1.0
                vals += [p["value"] * scale for p in series["points"] if p["value"] is not None]
            return ms, len(vals), math.fsum(vals)

        def one_raw(tr):
            m, energy = divmod(tr["series"], 2)
            q = "energy_import" if energy else "power_active"
            ms, body = get("/api/v1/meters/m%03d/readings?" % m + urllib.parse.urlencode({
                "quantity": q, "resolution": "raw", "from": iso(tr["start_ms"]), "to": iso(tr["end_ms"])}))
            scale = 1000.0 if energy else 1.0
            vals = [p["value"] * scale for p in json.loads(body)["points"]]
            return ms, len(vals), math.fsum(vals)

        # Meterwatch's daily figure of a counter is the consumption, not the mean of its readings:
        # the check uses that (computed from the dataset in the plan) for the energy series.
        mw_plan = dict(plan, agg_expected=plan["mw_agg_expected"])
        run_queries("meterwatch", one_agg, one_raw, mw_plan, args, res)
        h.close()
        res["peak_rss_kb"] = proc_status_kb(srv.pid, "VmHWM")
    finally:
        res["stop_s"] = round(srv.stop(), 3)
    return res


def sqlite_engine(ctx, res):
    args, meta, plan = ctx["args"], ctx["meta"], ctx["plan"]
    rd = ctx["rundir"]
    exe = os.path.join(rd, "sqlite_baseline")
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, "-O2", "-o", exe, os.path.join(HERE, "sqlite_baseline.c"), "-lsqlite3"], check=True)
    dirp = os.path.join(rd, "sqlite")
    db = os.path.join(dirp, "bench.db")
    res["package_version"] = dpkg_version("libsqlite3-0")
    res["ingest_path"] = ("in-process C, one prepared INSERT, %d rows/transaction, WAL, synchronous=NORMAL, "
                          "WITHOUT ROWID PK(series, ts), final wal_checkpoint(TRUNCATE) inside the clock" % meta["batch"])
    res["config"] = "default page size (4096), cache_size (-2000) and temp_store; no mmap"
    recs = []
    for rep in range(args.ingest_runs):
        shutil.rmtree(dirp, ignore_errors=True)
        os.makedirs(dirp)
        cpu0 = children_cpu_s()
        out = subprocess.run([exe, "ingest", db, os.path.join(ctx["datadir"], "values.f64"), str(meta["series"]),
                              str(meta["points_per_series"]), str(meta["t0_ms"]), str(meta["step_ms"]), meta["order"],
                              str(meta["batch"])], check=True, capture_output=True, text=True,
                             timeout=args.ingest_timeout).stdout
        cpu1 = children_cpu_s()
        ing = json.loads(out)
        rec = {"seconds": round(ing["ingest_s"], 3), "points": ing["rows"], "batches": None,
               "points_per_s": round(ing["rows"] / ing["ingest_s"]),
               "until_last_commit_s": round(ing["until_last_commit_s"], 3),
               "final_checkpoint_s": round(ing["final_checkpoint_s"], 3),
               "engine_cpu_s": round(cpu1 - cpu0, 2), "peak_rss_kb": ing["peak_rss_kb"]}
        recs.append(rec)
        res["version"] = "SQLite " + ing["sqlite_version"]
        log("sqlite: ingest run %d/%d: %.2f s, %s points/s" % (rep + 1, args.ingest_runs, rec["seconds"],
                                                              fmt_int(rec["points_per_s"])))
    pick_median(res, recs)
    res["ingest"]["durable_when"] = "last COMMIT + wal_checkpoint(TRUNCATE) (fsync of the db file)"
    res["peak_rss_kb_ingest"] = recs[-1]["peak_rss_kb"]
    res["disk_after_ingest"] = dict(disk(dirp), settle_s=0.0)

    t0 = meta["t0_ms"]
    tend = t0 + meta["days"] * DAY_MS
    trip = []
    for tr in plan["raw"]:
        trip += [str(tr["series"]), str(tr["start_ms"]), str(tr["end_ms"])]
    out = subprocess.run([exe, "query", db, str(t0), str(tend), str(args.warmup), str(args.runs),
                          str(args.query_budget)] + trip,
                         check=True, capture_output=True, text=True, timeout=3 * args.query_budget + 120).stdout
    qr = json.loads(out)
    res["queries_text"] = {
        "agg": "SELECT series, ts / 86400000 AS day, avg(value) FROM samples WHERE ts >= ?1 AND ts < ?2 "
               "GROUP BY series, day   (plan: SCAN samples + USE TEMP B-TREE FOR GROUP BY)",
        "agg_scan": "SELECT series, ts, value FROM samples WHERE ts >= ?1 AND ts < ?2 (primary-key order), "
                    "daily means computed in C while scanning: no sort",
        "raw": "SELECT ts, value FROM samples WHERE series = ?1 AND ts >= ?2 AND ts < ?3 ORDER BY ts"}
    for kind in ("agg", "agg_scan", "raw"):
        record_queries(res, kind, qr[kind], plan, args.warmup)
        log("sqlite: %s median %.3f ms over %d runs" % (kind, res["query"][kind].get("median_ms", float("nan")),
                                                      res["query"][kind]["n"]))
    res["peak_rss_kb"] = qr["peak_rss_kb"]
    res["http_roundtrip_ms"] = None
    # Compaction: SQLite never compacts by itself; VACUUM is its offline compaction.
    # Queries above ran on the as-ingested file (the state a live store would be in).
    t = time.monotonic()
    r = subprocess.run(["sqlite3", db, "VACUUM"], capture_output=True, text=True) if shutil.which("sqlite3") else None
    if r is not None and r.returncode == 0:
        res["compaction"] = {"what": "VACUUM (sqlite3 CLI) after the queries; queries ran on the as-ingested file",
                             "seconds": round(time.monotonic() - t, 2), "completed": True}
        res["disk_after_compaction"] = disk(dirp)
    else:
        res["compaction"] = {"what": "VACUUM skipped (no sqlite3 CLI)", "completed": False}
    return res


# ----------------------------------------------------------------- report

def fmt_int(x):
    return "{:,}".format(int(round(x))) if x is not None else "–"


def fmt_k(x):
    return "%.0fk" % (x / 1000) if x is not None else "–"


def fmt_ms(q):
    if not q or not q.get("n"):
        return "–"
    m = q["median_ms"]
    s = ("%.3f" if m < 1 else "%.2f" if m < 100 else "%.0f") % m
    return "%s (n=%d)" % (s, q["n"])


def markdown(results, meta):
    cols = [r for r in results]
    head = "| metric | " + " | ".join(LABEL[r["engine"]] for r in cols) + " |"
    sep = "|---|" + "---:|" * len(cols)
    pts = meta["points_total"]

    def row(name, f):
        cells = []
        for r in cols:
            try:
                cells.append(f(r))
            except Exception:  # noqa: BLE001
                cells.append("–")
        return "| %s | %s |" % (name, " | ".join(cells))

    def bpp(key, sub):
        return lambda r: "%.2f" % (r[key][sub] / pts)

    def check(r):
        if "error" in r:
            return "ERROR"
        q = r.get("query", {})
        ok = all(v.get("ok") for v in q.values()) and bool(q) and "error" not in r.get("ingest", {})
        return "ok" if ok else "FAIL"

    def ingest_cell(r):
        i = r["ingest"]
        if i.get("runs", 1) > 1:
            return "%s (%s–%s)" % (fmt_int(i["points_per_s"]), fmt_k(i["points_per_s_min"]), fmt_k(i["points_per_s_max"]))
        return fmt_int(i["points_per_s"])

    lines = [head, sep,
             row("version", lambda r: r.get("version", "?")),
             row("**ingest, points/s** (median of runs; min–max)", ingest_cell),
             row("ingest time of the median run, s", lambda r: "%.2f" % r["ingest"]["seconds"]),
             row("CPU-s used by the engine for that run", lambda r: "%.1f" % r["ingest"]["engine_cpu_s"]),
             row("disk right after ingest, B/point (du -sb)", bpp("disk_after_ingest", "du_sb")),
             row("compaction step, s", lambda r: "%s %.1f%s" % (COMPACT_WORD[r["engine"]], r["compaction"]["seconds"], "" if r["compaction"]["completed"] else " (timed out)")),
             row("**disk after compaction, B/point (du -sb)**", bpp("disk_after_compaction", "du_sb")),
             row("of which raw readings, B/point (Meterwatch: chunks and head)", lambda r: "%.2f" % (r["raw_table_bytes"] / pts)),
             row("of which rollups, B/point (Meterwatch: 15 min…month)", lambda r: "%.2f" % (r["rollup_table_bytes"] / pts)),
             row("same, allocated blocks (du -s -B1)", bpp("disk_after_compaction", "allocated")),
             row("**daily means, all series, full range: median ms**", lambda r: fmt_ms(r["query"]["agg"])),
             row("same, PK-order scan + aggregation in C: median ms", lambda r: fmt_ms(r["query"]["agg_scan"]) if "agg_scan" in r["query"] else "n/a"),
             row("**1 series × 1 day raw (1,440 pts): median ms**", lambda r: fmt_ms(r["query"]["raw"])),
             row("HTTP round-trip floor (ping), ms", lambda r: "%.3f" % r["http_roundtrip_ms"] if r.get("http_roundtrip_ms") else "in-process"),
             row("peak RSS, MiB", lambda r: "%.0f" % (max(r.get("peak_rss_kb") or 0, r.get("peak_rss_kb_ingest") or 0) / 1024)),
             row("answers checked against dataset", check)]
    return "\n".join(lines)


# ----------------------------------------------------------------- main

def build_plan(meta, values, args):
    n, p, days = meta["series"], meta["points_per_series"], meta["days"]
    raw = []
    for r in range(args.warmup + args.runs):
        s = (r * 37 + 11) % n
        d = (r * 7 + 3) % days
        start = meta["t0_ms"] + d * DAY_MS
        lo = s * p + d * gendata.MIN_PER_DAY
        sl = values[lo:lo + gendata.MIN_PER_DAY]
        raw.append({"series": s, "start_ms": start, "end_ms": start + DAY_MS, "rows": len(sl), "sum": math.fsum(sl)})
    # Meterwatch's daily figures: power series, the daily mean; energy counters, the day's consumption
    # (the next midnight reading minus this midnight's; the last day, its last reading minus its first).
    mw = []
    per_day = gendata.MIN_PER_DAY
    for s in range(n):
        base = s * p
        for d in range(days):
            if s % 2 == 0:
                mw.append(math.fsum(values[base + d * per_day:base + (d + 1) * per_day]) / per_day)
            else:
                end = base + min((d + 1) * per_day, p - 1)
                mw.append(values[end] - values[base + d * per_day])
    return {"agg_rows": n * days, "agg_expected": meta["expected_agg_sum_of_daily_means"], "raw": raw,
            "mw_agg_expected": math.fsum(mw)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="quick run: 20 series x 14 days (unless --series/--days given)")
    ap.add_argument("--series", type=int, help="number of series (default 100; --small: 20)")
    ap.add_argument("--days", type=int, help="days of 1-minute samples (default 60; --small: 14)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--batch", type=int, default=10_000, help="points per HTTP batch / per SQLite transaction")
    ap.add_argument("--order", choices=["time", "series"], default="time",
                    help="ingest order: time = every minute all series (live collector, default); series = backfill")
    ap.add_argument("--writers", type=int, default=2, help="concurrent HTTP writer connections (default 2 = cores)")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma list from: " + ",".join(ENGINES))
    ap.add_argument("--ingest-runs", type=int, default=3,
                    help="ingest repetitions per engine, each on a fresh data dir (median reported; default 3)")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query (median reported)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed warm-up runs per query")
    ap.add_argument("--workdir", default=os.environ.get("PEER_BENCH_WORKDIR"),
                    help="work dir (env PEER_BENCH_WORKDIR; default: a new mktemp dir). Datasets are cached here.")
    ap.add_argument("--json", help="JSON output path (default: <run dir>/results.json)")
    ap.add_argument("--keep", action="store_true", help="keep engine data dirs and the dataset")
    ap.add_argument("--startup-timeout", type=int, default=180)
    ap.add_argument("--ingest-timeout", type=int, default=600)
    ap.add_argument("--compact-timeout", type=int, default=300)
    ap.add_argument("--influx-cold", default="10s", help="InfluxDB cache-snapshot-write-cold-duration (default 10s; Influx's own default 10m)")
    ap.add_argument("--influx-full-cold", default="30s", help="InfluxDB compact-full-write-cold-duration (default 30s; Influx's own default 4h)")
    ap.add_argument("--query-budget", type=int, default=150, help="max seconds per query kind per engine")
    args = ap.parse_args()
    args.series = args.series or (20 if args.small else 100)
    args.days = args.days or (14 if args.small else 60)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ENGINES:
            ap.error("unknown engine %s" % e)
    need = {"influxdb": "influxd", "victoriametrics": "victoria-metrics", "sqlite": os.environ.get("CC", "cc"), "meterwatch": "sqlite3"}
    missing = [need[e] for e in engines if not shutil.which(need[e])]
    if missing:
        ap.error("missing %s: run setup.sh (apt-get install influxdb victoria-metrics libsqlite3-dev gcc)" % ", ".join(missing))

    tmp_workdir = args.workdir is None
    workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix="peer-bench-"))
    os.makedirs(workdir, exist_ok=True)
    rundir = os.path.join(workdir, "run-" + time.strftime("%Y%m%dT%H%M%S"))
    os.makedirs(rundir)
    json_path = args.json or os.path.join(rundir, "results.json")
    t_all = time.monotonic()

    def on_signal(signum, _frame):
        stop_all_children()
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    foreign = foreign_engine_processes()
    if foreign:
        log("WARNING: other engine processes are running and will skew timings: " + ", ".join(foreign))
    datadir = os.path.join(workdir, gendata.dataset_dirname(args.series, args.days, args.seed, args.batch, args.order))
    meta = gendata.generate(datadir, args.series, args.days, args.seed, args.batch, args.order, log=log)
    values = gendata.load_values(datadir, meta)
    plan = build_plan(meta, values, args)
    del values
    ctx = {"args": args, "meta": meta, "plan": plan, "rundir": rundir, "datadir": datadir}
    runners = {"influxdb": influx_engine, "victoriametrics": vm_engine, "sqlite": sqlite_engine, "meterwatch": meterwatch_engine}
    results = []
    try:
        for e in engines:
            log("=== %s" % e)
            t = time.monotonic()
            r = {"engine": e}
            try:
                runners[e](ctx, r)
            except Exception as ex:  # noqa: BLE001
                log("%s failed: %r" % (e, ex))
                r["error"] = repr(ex)
            r["wall_s"] = round(time.monotonic() - t, 1)
            results.append(r)
            if not args.keep:
                shutil.rmtree(os.path.join(rundir, e), ignore_errors=True)   # engine data dir
    finally:
        stop_all_children()

    try:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    except OSError:
        cpu = "?"
    fs = subprocess.run(["stat", "-f", "-c", "%T", workdir], capture_output=True, text=True).stdout.strip()
    out = {
        "tool": "peer-bench",
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - (time.monotonic() - t_all))),
        "wall_s": round(time.monotonic() - t_all, 1),
        "machine": {"cpus": os.cpu_count(), "cpu_model": cpu, "kernel": platform.release(),
                    "python": platform.python_version(), "workdir_fs": fs,
                    "mem_total_kb": proc_status_meminfo()},
        "foreign_engine_processes": foreign,
        "params": {k: getattr(args, k) for k in ("series", "days", "seed", "batch", "order", "writers", "runs",
                                                  "warmup", "query_budget", "ingest_timeout", "compact_timeout")},
        "dataset": {k: meta[k] for k in ("series", "days", "seed", "t0_ms", "step_ms", "points_per_series",
                                          "points_total", "expected_agg_sum_of_daily_means", "generate_seconds")},
        "results": results,
    }
    out["dataset"]["series_kinds"] = "even index: power W (0.1 W); odd index: energy counter Wh (0.1 Wh)"
    out["dataset"]["lp_bytes"] = meta["lp_offsets"][-1]
    out["dataset"]["prom_bytes"] = meta["prom_offsets"][-1]
    with open(json_path, "w") as f:
        json.dump(out, f, indent=1)
    if not args.keep and tmp_workdir:
        shutil.rmtree(datadir, ignore_errors=True)

    print("peer-bench: %d series × %d days of 1-min samples = %s points (seed %d, %s order, batch %d, %d HTTP writers); "
          "%d CPUs (%s); median of %d runs after %d warm-up\n" % (
              meta["series"], meta["days"], fmt_int(meta["points_total"]), meta["seed"], meta["order"], meta["batch"],
              args.writers, os.cpu_count(), cpu, args.runs, args.warmup))
    print(markdown(results, meta))
    for r in results:
        if "error" in r:
            print("\n%s: ERROR %s" % (LABEL[r["engine"]], r["error"]))
        elif "error" in r.get("ingest", {}):
            print("\n%s: ingest error %s" % (LABEL[r["engine"]], r["ingest"]["error"]))
    print("\nJSON: %s   (wall %.0f s)" % (json_path, out["wall_s"]))
    return 0 if all("error" not in r for r in results) else 1


def proc_status_meminfo():
    try:
        with open("/proc/meminfo") as f:
            return int(f.readline().split()[1])
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
