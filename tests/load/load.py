#!/usr/bin/env python3
"""Load test of the axum example service (cluster_service).

Started by tests/load/run.sh, which installs oha and builds the service
first. Standard library only. See tests/load/README.md for what it measures
and how to read the summary.

Per run (two identical runs by default), all at once for --duration seconds:
  * one oha process per request kind (good and error kinds), each on its own
    connections, each storing every response (status, latency, body length)
    in a SQLite file (--db-url);
  * a body checker: Python threads with http.client that send every kind and
    validate every response they get (status, Content-Type, CCE body).
After the run, every error response oha got is matched against the bodies
the checker validated (same kind, same status, same body length); one that
matches none counts as not a CCE body. The clusters the run created are
deleted, and the service's RSS is read from /proc/PID/status.
"""

import argparse
import collections
import gzip
import http.client
import json
import math
import os
import random
import re
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
AUTH = {"X-Auth-Token": "load-test-token"}
# The example service compresses (tower-http's CompressionLayer inside
# CceLayer) when asked to. oha records only the length of each body as
# sent, which the checker vouches for by validating a body of the same
# kind, status and length: oha asks for no compression (by default it asks
# for it: its 405 bodies measured 103 bytes, 119 uncompressed; and a
# compressed length changes with every byte of a detail), and so do half of
# the checker's requests. The other half ask for
# what python-requests (the official Python SDK) asks for, and their bodies
# are validated once decompressed.
IDENTITY = "identity"
GZIP = "gzip"
JSON_CT = "application/json"
CREATING_FOR = 10.0  # seconds a new cluster is `Creating` (examples/common/mod.rs)
BODY_LIMIT = 64 * 1024  # the service's body limit
BUSY_SEGMENT = 7.0  # the 429 kind re-targets a fresh cluster this often
NIL_UID = "00000000-0000-4000-8000-000000000000"


def cluster_body(name):
    return json.dumps(
        {
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": {"name": name},
            "spec": {
                "flavor": "cce.s1.small",
                "hostNetwork": {"vpc": "vpc-load", "subnet": "subnet-load"},
            },
        },
        separators=(",", ":"),
    ).encode()


MALFORMED = b'{"kind": "Cluster", "apiVersion": "v3", "metadata": '
OVERSIZED = b'{"kind":"Cluster","pad":"' + b"x" * (BODY_LIMIT + 4096) + b'"}'


class Kind:
    """One request shape: what oha sends in one process, and the checker too."""

    def __init__(self, name, good, expect, method, path, headers=None,
                 body=None, content_type=None, what=""):
        self.name = name
        self.good = good
        self.expect = expect
        self.method = method
        self.path = path  # may contain {seed} / {busy}; create uses a regex
        self.headers = headers or {}
        self.body = body
        self.content_type = content_type
        self.what = what


def kinds(run_tag):
    auth = dict(AUTH)
    return [
        Kind("list", True, 200, "GET", "/api/v3/projects/load-seed/clusters", auth,
             what="GET list of a project"),
        Kind("show", True, 200, "GET", "/api/v3/projects/load-seed/clusters/{seed}", auth,
             what="GET an existing cluster"),
        Kind("create", True, 201, "POST",
             "/api/v3/projects/lc" + run_tag + "[a-z0-9]{20}/clusters", auth,
             body=cluster_body("load-cluster"), content_type=JSON_CT,
             what="POST create, a new project per request (name unique), rate-capped"),
        Kind("openapi", True, 200, "GET", "/openapi.json", {},
             what="GET /openapi.json"),
        Kind("no_credentials", False, 401, "GET", "/api/v3/projects/load-seed/clusters", {},
             what="GET list without X-Auth-Token/Authorization"),
        Kind("unknown_cluster", False, 404, "GET",
             "/api/v3/projects/load-seed/clusters/" + NIL_UID, auth,
             what="GET a cluster that does not exist"),
        Kind("malformed_body", False, 400, "POST", "/api/v3/projects/load-bad/clusters", auth,
             body=MALFORMED, content_type=JSON_CT, what="POST truncated JSON"),
        Kind("wrong_content_type", False, 400, "POST", "/api/v3/projects/load-bad/clusters",
             auth, body=cluster_body("ct"), content_type="text/plain",
             what="POST with Content-Type text/plain"),
        Kind("duplicate_name", False, 409, "POST", "/api/v3/projects/load-dup/clusters", auth,
             body=cluster_body("taken"), content_type=JSON_CT,
             what="POST a name the project already has"),
        Kind("delete_creating", False, 429, "DELETE",
             "/api/v3/projects/load-busy/clusters/{busy}", auth,
             what="DELETE a cluster still Creating (fresh one every %gs)" % BUSY_SEGMENT),
        Kind("unmatched_route", False, 404, "GET", "/api/v3/no/such/route", auth,
             what="GET a path no route matches"),
        Kind("wrong_method", False, 405, "PUT", "/api/v3/projects/load-seed/clusters", auth,
             what="PUT on a GET/POST route"),
        Kind("oversized_body", False, 413, "POST", "/api/v3/projects/load-big/clusters", auth,
             body=OVERSIZED, content_type=JSON_CT,
             what="POST %d bytes (> 64 KiB)" % len(OVERSIZED)),
    ]


# ---------------------------------------------------------------- helpers

def log(*args):
    print("[load %s]" % time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def proc_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out


def cpu_seconds(pid):
    """User + system CPU time of a process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def fmt_ms(seconds):
    if seconds != seconds:  # NaN
        return "-"
    return "%.3f" % (seconds * 1000.0)


def mime(content_type):
    return (content_type or "").split(";")[0].strip().lower()


class Client:
    """One keep-alive connection; reconnects after the server closes it."""

    def __init__(self, port, timeout=15.0):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, headers=None, body=None):
        """Returns (status, headers dict lower-cased, body bytes, seconds)."""
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection closed by the server before this
                # request was sent is retried once on a new connection; a
                # second failure is reported.
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            hdrs = {k.lower(): v for k, v in resp.getheaders()}
            if resp.will_close:
                self.close()
            return resp.status, hdrs, data, elapsed
        raise RuntimeError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def json_object(data):
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def create_cluster(client, project, name):
    status, _, data, _ = client.request(
        "POST", "/api/v3/projects/%s/clusters" % project,
        dict(AUTH, **{"Content-Type": JSON_CT}), cluster_body(name))
    if status != 201:
        raise RuntimeError("create %s/%s: HTTP %d %r" % (project, name, status, data[:300]))
    return json.loads(data)["metadata"]["uid"]


# ---------------------------------------------------------------- the service

class Service:
    def __init__(self, binary, rust_log, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "wb")
        env = dict(os.environ, RUST_LOG=rust_log)
        env.pop("CCE_ERRORS_COMPAT", None)
        self.proc = subprocess.Popen(
            [binary, HOST + ":0"], stdout=subprocess.PIPE, stderr=self.log_file, env=env)
        line = self.proc.stdout.readline().decode(errors="replace").strip()
        m = re.search(r"listening on http://([0-9.]+):(\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError("service did not say where it listens: %r" % line)
        self.port = int(m.group(2))
        # Keep draining stdout so that the service never blocks on it.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("service does not accept connections")
                time.sleep(0.05)
        self.pid = self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()
        return self.proc.returncode


# ---------------------------------------------------------------- oha

def oha_command(args, kind, port, path, db, out, duration, rate, body_file):
    cmd = [args.oha, "--no-tui", "--no-color", "-z", "%gs" % duration, "-w",
           "-c", str(args.concurrency), "--worker-threads", "1",
           "-t", "%gs" % args.request_timeout,
           "--output-format", "json", "-o", out, "--db-url", db,
           "-m", kind.method]
    if rate:
        cmd += ["-q", str(rate)]
    for k, v in kind.headers.items():
        cmd += ["-H", "%s: %s" % (k, v)]
    cmd += ["-H", "Accept-Encoding: %s" % IDENTITY]
    if kind.content_type:
        cmd += ["-T", kind.content_type]
    if body_file:
        cmd += ["-D", body_file]
    url = "http://%s:%d%s" % (HOST, port, path)
    if "[" in path:
        cmd += ["--rand-regex-url"]
    cmd.append(url)
    return cmd


def run_oha(cmd, duration, errors):
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=duration + 120)
        if p.returncode != 0:
            errors.append("oha exited %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[-500:]))
    except subprocess.TimeoutExpired:
        errors.append("oha did not stop within its duration + 120 s: %s" % " ".join(cmd[:6]))


# ---------------------------------------------------------------- the checker

class Checker:
    """Sends every kind from several threads and validates every response."""

    def __init__(self, port, kinds_, seed_uid, run_tag, rounds, threads, duration):
        self.port = port
        self.kinds = kinds_
        self.seed_uid = seed_uid
        self.run_tag = run_tag
        self.rounds = rounds
        self.threads = threads
        self.duration = duration
        self.lock = threading.Lock()
        self.busy = None  # (uid, created monotonic)
        self.busy_client = Client(port)
        self.requests = 0
        self.by_kind = collections.Counter()
        self.statuses = collections.defaultdict(collections.Counter)
        self.error_responses = 0
        self.not_cce = 0
        self.not_cce_samples = []
        self.unexpected = collections.Counter()
        self.unexpected_samples = []
        self.server_errors = 0
        self.transport_errors = collections.Counter()
        self.missing_request_id = 0
        self.header_problems = collections.Counter()
        self.valid_lengths = collections.defaultdict(set)  # (kind, status) -> lengths
        self.created_projects = set()
        self.setup_requests = 0

    def busy_uid(self):
        with self.lock:
            if self.busy is None or time.monotonic() - self.busy[1] > CREATING_FOR - 4:
                name = "chk-%s-%d" % (self.run_tag, int(time.monotonic() * 1000))
                uid = create_cluster(self.busy_client, "load-busy", name)
                self.setup_requests += 1
                self.busy = (uid, time.monotonic())
            return self.busy[0]

    def check(self, kind, status, headers, wire):
        """`wire` is the body as sent (compressed or not): its length is what
        oha's responses are matched on; `data`, decoded, is validated."""
        problems = []
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding == "gzip":
            try:
                data = gzip.decompress(wire)
            except (OSError, EOFError) as e:
                data = b""
                problems.append("gzip body that does not decode: %s" % e)
        elif encoding == "identity":
            data = wire
        else:
            data = b""
            problems.append("content-encoding %r, not asked for" % encoding)
        with self.lock:
            self.requests += 1
            self.by_kind[kind.name] += 1
            self.statuses[kind.name][status] += 1
            if status >= 500:
                self.server_errors += 1
            if status != kind.expect:
                self.unexpected[kind.name] += 1
                if len(self.unexpected_samples) < 5:
                    self.unexpected_samples.append(
                        (kind.name, kind.expect, status, data[:300]))
            if "x-request-id" not in headers:
                self.missing_request_id += 1
            # The headers the error kinds promise.
            if status == 429 and not headers.get("retry-after", "").isdigit():
                self.header_problems["429 without a Retry-After in seconds"] += 1
            if status == 405 and "allow" not in headers:
                self.header_problems["405 without Allow"] += 1
        if status >= 400:
            if mime(headers.get("content-type")) != JSON_CT:
                problems.append("content-type %r" % headers.get("content-type"))
            body = json_object(data)
            if body is None:
                problems.append("not a JSON object")
            else:
                if not isinstance(body.get("errorCode"), str) or not body["errorCode"]:
                    problems.append("errorCode missing or not a string")
                if not isinstance(body.get("errorMessage"), str):
                    problems.append("errorMessage missing or not a string")
            with self.lock:
                self.error_responses += 1
                if problems:
                    self.not_cce += 1
                    if len(self.not_cce_samples) < 5:
                        self.not_cce_samples.append((kind.name, status, problems, data[:300]))
                elif encoding == "identity":
                    self.valid_lengths[(kind.name, status)].add(len(wire))
        else:
            if kind.name != "delete" and json_object(data) is None:
                with self.lock:
                    self.unexpected[kind.name + " (2xx body not JSON)"] += 1

    def worker(self, index):
        client = Client(self.port)
        rng = random.Random(index)
        per_round = self.duration / max(1, self.rounds)
        start = time.monotonic()
        for r in range(self.rounds):
            order = list(self.kinds)
            rng.shuffle(order)
            for kind in order:
                headers = dict(kind.headers)
                headers["Accept-Encoding"] = GZIP if r % 2 else IDENTITY
                body = kind.body
                if kind.content_type:
                    headers["Content-Type"] = kind.content_type
                if kind.name == "create":
                    project = "load-check-" + self.run_tag
                    path = "/api/v3/projects/%s/clusters" % project
                    body = cluster_body("chk-%d-%d" % (index, r))
                    with self.lock:
                        self.created_projects.add(project)
                elif kind.name == "delete_creating":
                    path = kind.path.replace("{busy}", self.busy_uid())
                else:
                    path = kind.path.replace("{seed}", self.seed_uid)
                try:
                    status, hdrs, data, _ = client.request(kind.method, path, headers, body)
                except (OSError, http.client.HTTPException) as e:
                    with self.lock:
                        self.requests += 1
                        self.transport_errors["%s: %s" % (kind.name, type(e).__name__)] += 1
                    client.close()
                    continue
                self.check(kind, status, hdrs, data)
            # Spread the rounds over the run.
            ahead = start + (r + 1) * per_round - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
        client.close()

    def run(self):
        ts = [threading.Thread(target=self.worker, args=(i,)) for i in range(self.threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.busy_client.close()


# ---------------------------------------------------------------- one run

class RunResult:
    pass


def write_body(outdir, kind):
    if kind.body is None:
        return None
    path = os.path.join(outdir, "body-%s.bin" % kind.name)
    with open(path, "wb") as f:
        f.write(kind.body)
    return path


def one_run(args, service, seed_uid, number, outdir):
    run_tag = "r%d" % number
    ks = kinds(run_tag)
    if args.kinds:
        ks = [k for k in ks if k.name in args.kinds]
    rundir = os.path.join(outdir, "run%d" % number)
    os.makedirs(rundir, exist_ok=True)
    res = RunResult()
    res.number = number
    res.loadavg_start = loadavg()
    oha_errors = []
    threads = []
    dbs = collections.defaultdict(list)
    jsons = collections.defaultdict(list)
    busy_projects = set()
    setup_client = Client(service.port)
    res.setup_requests = 0
    per_kind_rate = args.max_rps
    t0 = time.monotonic()

    def busy_driver(kind, body_file):
        # Deletes must hit a cluster that is still Creating, which lasts
        # CREATING_FOR seconds; so this kind runs in segments, each on a
        # cluster made just before it.
        end = t0 + args.duration
        seg = 0
        while True:
            left = end - time.monotonic()
            if left < 0.5:
                break
            length = min(BUSY_SEGMENT, left)
            uid = create_cluster(setup_client, "load-busy", "busy-%s-%d" % (run_tag, seg))
            res.setup_requests += 1
            db = os.path.join(rundir, "%s.%d.db" % (kind.name, seg))
            out = os.path.join(rundir, "%s.%d.json" % (kind.name, seg))
            dbs[kind.name].append(db)
            jsons[kind.name].append(out)
            run_oha(oha_command(args, kind, service.port, kind.path.replace("{busy}", uid), db, out,
                                length, per_kind_rate, body_file), length, oha_errors)
            seg += 1

    for kind in ks:
        body_file = write_body(rundir, kind)
        if kind.name == "delete_creating":
            threads.append(threading.Thread(target=busy_driver, args=(kind, body_file)))
            continue
        db = os.path.join(rundir, kind.name + ".db")
        out = os.path.join(rundir, kind.name + ".json")
        dbs[kind.name].append(db)
        jsons[kind.name].append(out)
        rate = min(args.create_rate, per_kind_rate or args.create_rate) if kind.name == "create" else per_kind_rate
        cmd = oha_command(args, kind, service.port, kind.path.replace("{seed}", seed_uid), db, out,
                          args.duration, rate, body_file)
        threads.append(threading.Thread(target=run_oha, args=(cmd, args.duration, oha_errors)))

    checker = Checker(service.port, ks, seed_uid, run_tag, args.check_rounds,
                      args.check_threads, args.duration)
    threads.append(threading.Thread(target=checker.run))

    # Sample RSS during the run.
    peak = {"VmRSS": 0}
    sampling = threading.Event()

    def sampler():
        while not sampling.is_set():
            try:
                st = proc_status(service.pid)
                peak["VmRSS"] = max(peak["VmRSS"], st["VmRSS"])
            except OSError:
                break
            sampling.wait(0.25)

    st = threading.Thread(target=sampler, daemon=True)
    st.start()
    log("run %d: %d oha kinds x %d connections for %gs, checker %d threads x %d rounds; load average %s"
        % (number, len(ks), args.concurrency, args.duration, args.check_threads,
           args.check_rounds, res.loadavg_start))
    cpu0 = cpu_seconds(service.pid)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sampling.set()
    res.drive_seconds = time.monotonic() - t0
    res.service_cpu = cpu_seconds(service.pid) - cpu0 if service.alive() else float("nan")
    res.loadavg_end = loadavg()
    res.peak_rss = peak["VmRSS"]
    res.oha_errors = oha_errors
    res.checker = checker
    res.alive_after_drive = service.alive()

    # ---- what oha saw
    res.kinds = ks
    res.per_kind = {}
    good_lat, err_lat = [], []
    res.oha_responses = 0
    res.oha_transport = collections.Counter()
    res.oha_error_responses = 0
    res.oha_unverified = 0
    res.oha_unverified_detail = collections.Counter()
    res.oha_5xx = 0
    res.oha_unexpected = collections.Counter()
    create_projects = set()
    for kind in ks:
        lat = []
        statuses = collections.Counter()
        lengths = collections.Counter()
        for db in dbs[kind.name]:
            if not os.path.exists(db):
                oha_errors.append("no database from oha for %s" % kind.name)
                continue
            con = sqlite3.connect(db)
            for status, duration, length, url in con.execute(
                    "SELECT status, duration, len_bytes, CASE WHEN status = 201 THEN url END FROM oha"):
                lat.append(duration)
                statuses[status] += 1
                if status >= 400:
                    lengths[(status, length)] += 1
                if url is not None and kind.name == "create":
                    m = re.search(r"/projects/([^/]+)/clusters", url)
                    if m:
                        create_projects.add(m.group(1))
            con.close()
        for out in jsons[kind.name]:
            try:
                with open(out) as f:
                    summary = json.load(f)
                for err, n in (summary.get("errorDistribution") or {}).items():
                    res.oha_transport["%s: %s" % (kind.name, err)] += n
            except (OSError, ValueError) as e:
                oha_errors.append("no JSON output from oha for %s: %s" % (kind.name, e))
        lat.sort()
        n = len(lat)
        res.oha_responses += n
        for status, count in statuses.items():
            if status >= 500:
                res.oha_5xx += count
            if status != kind.expect:
                res.oha_unexpected["%s got %d" % (kind.name, status)] += count
        for (status, length), count in lengths.items():
            res.oha_error_responses += count
            if length not in checker.valid_lengths.get((kind.name, status), ()):
                res.oha_unverified += count
                res.oha_unverified_detail["%s %d len %d" % (kind.name, status, length)] += count
        (good_lat if kind.good else err_lat).extend(lat)
        res.per_kind[kind.name] = {
            "n": n,
            "rps": n / args.duration if args.duration else 0.0,
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "statuses": dict(statuses),
        }
    good_lat.sort()
    err_lat.sort()
    res.good = (len(good_lat), percentile(good_lat, 50), percentile(good_lat, 99))
    res.err = (len(err_lat), percentile(err_lat, 50), percentile(err_lat, 99))

    # ---- clean up what the run created, so that the store is as before
    created = create_projects | checker.created_projects | {"load-busy"}
    wait = t0 + args.duration + CREATING_FOR + 0.5 - time.monotonic()
    if wait > 0 and any(k.name in ("create", "delete_creating") for k in ks):
        log("run %d: waiting %.1fs until the run's clusters are Available, to delete them" % (number, wait))
        time.sleep(wait)
    res.cleanup_requests, res.cleanup_failures, res.left = cleanup(service.port, created, args)
    res.created_clusters = res.per_kind.get("create", {"statuses": {}})["statuses"].get(201, 0)
    time.sleep(1.0)  # let the service settle before reading its memory
    res.alive = service.alive()
    res.rss_after = proc_status(service.pid) if res.alive else None
    res.setup_requests += checker.setup_requests
    setup_client.close()
    return res


def cleanup(port, projects, args):
    """Deletes every cluster in the given projects; returns (requests, failures, left)."""
    projects = sorted(projects)
    lock = threading.Lock()
    stats = {"requests": 0, "failures": [], "left": 0}

    def work(chunk):
        client = Client(port)
        for project in chunk:
            for attempt in range(3):
                status, _, data, _ = client.request(
                    "GET", "/api/v3/projects/%s/clusters" % project, AUTH)
                with lock:
                    stats["requests"] += 1
                items = json.loads(data).get("items", []) if status == 200 else []
                if not items:
                    break
                for item in items:
                    uid = item["metadata"]["uid"]
                    status, _, data, _ = client.request(
                        "DELETE", "/api/v3/projects/%s/clusters/%s" % (project, uid), AUTH)
                    with lock:
                        stats["requests"] += 1
                        if status != 200:
                            stats["failures"].append((project, uid, status, data[:200]))
                if attempt == 1:
                    time.sleep(CREATING_FOR)  # something was still Creating
            else:
                with lock:
                    stats["left"] += 1
        client.close()

    n = max(1, min(args.check_threads, len(projects)))
    ts = [threading.Thread(target=work, args=(projects[i::n],)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    # Whatever is left after the retries:
    client = Client(port)
    left = 0
    for project in projects:
        status, _, data, _ = client.request("GET", "/api/v3/projects/%s/clusters" % project, AUTH)
        stats["requests"] += 1
        left += len(json.loads(data).get("items", [])) if status == 200 else 0
    client.close()
    return stats["requests"], stats["failures"], left


# ---------------------------------------------------------------- report

def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oha", required=True, help="path of the oha binary")
    ap.add_argument("--service", required=True, help="path of the built cluster_service example")
    ap.add_argument("--duration", type=float, default=12.0, help="seconds each run drives the service (default 12)")
    ap.add_argument("--concurrency", type=int, default=4, help="connections per oha process, one process per kind (default 4)")
    ap.add_argument("--max-rps", type=int, default=10000,
                    help="per-kind request-rate cap given to oha (-q); bounds the request count to kinds x cap x duration; 0 = no cap (default 10000)")
    ap.add_argument("--create-rate", type=int, default=100,
                    help="rate of oha's create requests per second (default 100; the store keeps every cluster until the run's cleanup)")
    ap.add_argument("--check-threads", type=int, default=4, help="body-checker threads (default 4)")
    ap.add_argument("--check-rounds", type=int, default=100,
                    help="rounds of every kind per checker thread and run (default 100)")
    ap.add_argument("--runs", type=int, default=2, help="identical runs; memory growth is judged on the last (default 2, at least 2)")
    ap.add_argument("--rss-noise-kib", type=int, default=1024,
                    help="RSS growth over the last run still counted as noise, KiB (default 1024)")
    ap.add_argument("--request-timeout", type=float, default=10.0, help="oha's per-request timeout, s (default 10)")
    ap.add_argument("--rust-log", default="warn", help="RUST_LOG for the service (default warn)")
    ap.add_argument("--outdir", required=True, help="where oha's files and the service log go")
    ap.add_argument("--install-note", default="", help="how oha came to be there (printed)")
    ap.add_argument("--build-note", default="", help="how long the build took (printed)")
    ap.add_argument("--kinds", default="",
                    help="comma-separated subset of kinds to send, for diagnosis (default: all: %s)"
                    % ",".join(k.name for k in kinds("r0")))
    args = ap.parse_args()
    known = [k.name for k in kinds("r0")]
    args.kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in args.kinds if k not in known]
    if unknown:
        ap.error("unknown kinds %s; known: %s" % (unknown, ",".join(known)))
    if args.runs < 2:
        ap.error("--runs must be at least 2")
    if args.duration <= 0 or args.duration > 600:
        ap.error("--duration must be in (0, 600]")
    os.makedirs(args.outdir, exist_ok=True)
    started = time.monotonic()
    load_start = loadavg()

    service = Service(args.service, args.rust_log, os.path.join(args.outdir, "service.log"))
    log("service pid %d on %s:%d" % (service.pid, HOST, service.port))
    results = []
    try:
        client = Client(service.port)
        seed_uid = create_cluster(client, "load-seed", "seed")
        create_cluster(client, "load-dup", "taken")
        client.close()
        time.sleep(1.0)
        rss_before = proc_status(service.pid)
        for number in range(1, args.runs + 1):
            r = one_run(args, service, seed_uid, number, args.outdir)
            results.append(r)
            log("run %d: driven %.1fs; RSS after %s KiB" % (number, r.drive_seconds,
                                                         r.rss_after and r.rss_after["VmRSS"]))
            if not r.alive:
                break
    finally:
        rc = service.stop()
    elapsed = time.monotonic() - started

    with open(os.path.join(args.outdir, "service.log"), "rb") as f:
        service_log = f.read().decode(errors="replace")
    log_lines = service_log.splitlines()
    warn_lines = [l for l in log_lines if " WARN " in l or " ERROR " in l]
    panics = [l for l in log_lines if "panicked" in l]

    # ---------------- summary
    out = []
    p = out.append
    p("")
    p("=" * 78)
    p("cce-errors load test: axum example service (cluster_service)")
    p("=" * 78)
    p("generator       : %s" % (subprocess.run([args.oha, "--version"], capture_output=True, text=True).stdout.strip()))
    if args.install_note:
        p("install         : %s" % args.install_note)
    if args.build_note:
        p("build           : %s" % args.build_note)
    p("machine         : %d cores; load average at start %s, at end %s" % (os.cpu_count(), load_start, loadavg()))
    p("settings        : %d runs x %gs; %d kinds, one oha process each, %d connections each, cap %s req/s per kind, creates %d/s; checker %d threads x %d rounds"
      % (args.runs, args.duration, len(results[0].kinds) if results else 0, args.concurrency,
         args.max_rps or "none", args.create_rate, args.check_threads, args.check_rounds))
    failures = []
    for r in results:
        c = r.checker
        p("")
        p("-- run %d (load average %s -> %s, driven %.1fs) --" % (r.number, r.loadavg_start, r.loadavg_end, r.drive_seconds))
        rows = []
        for kind in r.kinds:
            k = r.per_kind[kind.name]
            sts = " ".join("%d:%d" % (s, n) for s, n in sorted(k["statuses"].items()))
            rows.append([kind.name, "good" if kind.good else "error", kind.expect, k["n"], "%.0f" % k["rps"],
                         fmt_ms(k["p50"]), fmt_ms(k["p99"]), sts, c.by_kind.get(kind.name, 0)])
        p(table(rows, ["kind", "class", "want", "oha resp", "req/s", "p50 ms", "p99 ms", "statuses (oha)", "checked"]))
        total = r.oha_responses + sum(r.oha_transport.values()) + c.requests + r.setup_requests + r.cleanup_requests
        r.total = total
        err_total = r.oha_error_responses + c.error_responses
        not_cce = r.oha_unverified + c.not_cce
        r.not_cce_share = (not_cce / err_total) if err_total else float("nan")
        r.fivexx = r.oha_5xx + c.server_errors
        p("")
        p("requests total            : %d (oha %d responses + %d transport errors; checker %d; setup %d; cleanup %d)"
          % (total, r.oha_responses, sum(r.oha_transport.values()), c.requests, r.setup_requests, r.cleanup_requests))
        p("error responses           : %d (oha %d, checker %d)" % (err_total, r.oha_error_responses, c.error_responses))
        p("  not CCE bodies          : %d = %.4f%% [target 0] (checker: %d of %d bodies failed validation; oha: %d of %d had no validated body of the same kind, status and length)"
          % (not_cce, 100.0 * r.not_cce_share if err_total else 0.0, c.not_cce, c.error_responses,
             r.oha_unverified, r.oha_error_responses))
        for s in c.not_cce_samples:
            p("    checker sample: %s HTTP %d %s %r" % s)
        for d, n in r.oha_unverified_detail.most_common(5):
            p("    oha unverified: %s x%d" % (d, n))
        p("5xx responses             : %d [target 0; the mix has no deliberate 5xx]" % r.fivexx)
        unexpected = sum(r.oha_unexpected.values()) + sum(c.unexpected.values())
        p("unexpected statuses       : %d [target 0] %s" % (unexpected, dict(list(r.oha_unexpected.items())[:5]) or ""))
        for s in c.unexpected_samples:
            p("    checker sample: %s wanted %d got %d %r" % s)
        transport = sum(r.oha_transport.values()) + sum(c.transport_errors.values())
        p("transport errors          : %d [target 0] %s" % (transport, dict(list((r.oha_transport + c.transport_errors).items())[:5]) or ""))
        p("missing X-Request-Id      : %d of %d checked responses" % (c.missing_request_id, c.requests - sum(c.transport_errors.values())))
        p("header problems           : %d [target 0: 429 has Retry-After, 405 has Allow] %s"
          % (sum(c.header_problems.values()), dict(c.header_problems) or ""))
        if c.missing_request_id:
            failures.append("run %d: %d responses without X-Request-Id" % (r.number, c.missing_request_id))
        if c.header_problems:
            failures.append("run %d: %d responses without the headers their status promises" % (r.number, sum(c.header_problems.values())))
        p("latency (oha, all kinds)  : good p50 %s ms p99 %s ms (%d resp) | error p50 %s ms p99 %s ms (%d resp)"
          % (fmt_ms(r.good[1]), fmt_ms(r.good[2]), r.good[0], fmt_ms(r.err[1]), fmt_ms(r.err[2]), r.err[0]))
        p("clusters created/deleted  : %d by oha + checker's; cleanup %d requests, %d failed, %d left"
          % (r.created_clusters, r.cleanup_requests, len(r.cleanup_failures), r.left))
        for f_ in r.cleanup_failures[:3]:
            p("    cleanup failure: %r" % (f_,))
        p("service CPU while driven  : %.1f s of %.1f s wall (%.0f%% of one core; 2 cores shared with oha and the checker)"
          % (r.service_cpu, r.drive_seconds, 100.0 * r.service_cpu / r.drive_seconds))
        p("service RSS               : peak during run %d KiB; after run (idle, cleaned up) %s KiB"
          % (r.peak_rss, r.rss_after and r.rss_after["VmRSS"]))
        if r.oha_errors:
            for e in r.oha_errors[:5]:
                p("  oha problem: %s" % e)
        if not_cce:
            failures.append("run %d: %d error responses were not CCE bodies" % (r.number, not_cce))
        if r.fivexx:
            failures.append("run %d: %d 5xx responses" % (r.number, r.fivexx))
        if unexpected:
            failures.append("run %d: %d responses with an unexpected status" % (r.number, unexpected))
        if transport:
            failures.append("run %d: %d transport errors" % (r.number, transport))
        if r.oha_errors:
            failures.append("run %d: oha problems" % r.number)
        if r.cleanup_failures or r.left:
            failures.append("run %d: cleanup left clusters" % r.number)
        if not r.alive:
            failures.append("run %d: the service died" % r.number)

    p("")
    p("-- memory (VmRSS of the service, /proc/PID/status) --")
    rows = [["before (started, fixtures made, idle)", rss_before["VmRSS"], "", rss_before["Threads"]]]
    prev = rss_before["VmRSS"]
    for r in results:
        if r.rss_after:
            rows.append(["after run %d (idle, cleaned up)" % r.number, r.rss_after["VmRSS"],
                         "%+d" % (r.rss_after["VmRSS"] - prev), r.rss_after["Threads"]])
            prev = r.rss_after["VmRSS"]
    p(table(rows, ["when", "RSS KiB", "change KiB", "threads"]))
    if len(results) >= 2 and results[-1].rss_after and results[-2].rss_after:
        growth = results[-1].rss_after["VmRSS"] - results[-2].rss_after["VmRSS"]
        reqs = results[-1].total
        p("growth over the last run  : %+d KiB over %d requests (%.2f bytes/request) [target <= %d KiB]"
          % (growth, reqs, growth * 1024.0 / max(1, reqs), args.rss_noise_kib))
        if growth > args.rss_noise_kib:
            failures.append("RSS grew %d KiB over the last run (noise allowance %d KiB)" % (growth, args.rss_noise_kib))
    else:
        failures.append("no memory figure for two runs")
    p("")
    p("service log (RUST_LOG=%s): %d lines, %d WARN/ERROR, %d panics; exit status after SIGTERM %s"
      % (args.rust_log, len(log_lines), len(warn_lines), len(panics), rc))
    for l in warn_lines[:5]:
        p("    " + l[:200])
    if panics:
        failures.append("the service logged %d panics" % len(panics))

    p("")
    p("-- summary --")
    rows = []
    for r in results:
        rows.append(["run %d" % r.number, r.total, "%.4f%%" % (100.0 * r.not_cce_share), r.fivexx,
                     "%s / %s" % (fmt_ms(r.good[1]), fmt_ms(r.good[2])),
                     "%s / %s" % (fmt_ms(r.err[1]), fmt_ms(r.err[2])),
                     r.rss_after and r.rss_after["VmRSS"]])
    p(table(rows, ["run", "requests", "not-CCE errors", "5xx", "good p50/p99 ms", "error p50/p99 ms", "RSS after KiB"]))
    p("targets: not-CCE share 0, 5xx 0, RSS growth over the last run <= %d KiB" % args.rss_noise_kib)
    p("wall time of the load test: %.1fs; files in %s" % (elapsed, args.outdir))
    if failures:
        p("RESULT: FAIL")
        for f_ in failures:
            p("  - " + f_)
    else:
        p("RESULT: PASS")
    print("\n".join(out), flush=True)
    with open(os.path.join(args.outdir, "summary.txt"), "w") as f:
        f.write("\n".join(out) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
