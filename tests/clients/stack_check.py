#!/usr/bin/env python3
"""Real Python clients against a production-like stack: Python's `requests`
(as the official Python SDK uses it) and the standard library's `urllib`.

    stack_check.py stack BASE_URL     the stack server (tests/src/bin/stack_server.rs):
                                      compression inside the CCE layer, an endless
                                      event stream answered 503, a JSON body that
                                      stalls, an upload limit of 64 KiB
    stack_check.py example BASE_URL   the example cluster service: a 64 MiB upload

Each check prints `ok` or `MISMATCH` with what was expected and what came;
the script ends with `stack_check.py MODE BASE_URL: passed|FAILED, N/M checks` and
exits 1 if a check failed. tests/clients/ci.sh runs it with the clients'
virtualenv (which has `requests`).
"""

import gzip
import json
import sys
import time
import urllib.error
import urllib.request
import zlib

import requests

UPLOAD = 64 * 1024 * 1024
# The head of an error response must not wait for an endless body: the layer
# waits 250 ms at most; this leaves room for a loaded machine.
PROMPT = 2.0

checks = []


def check(name, expected, actual):
    ok = expected == actual
    checks.append(ok)
    if ok:
        print(f"ok        {name}: {actual!r}")
    else:
        print(f"MISMATCH  {name}: expected {expected!r}, got {actual!r}")


def cce(code, message, detail=None):
    body = {"errorCode": code, "errorMessage": message}
    if detail is not None:
        body["message"] = detail
    return body


def urllib_get(url, encoding=None):
    """(status, headers, decoded JSON body) with urllib; errors are responses too."""
    request = urllib.request.Request(url)
    if encoding:
        request.add_header("Accept-Encoding", encoding)
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    raw = response.read()
    coding = response.headers.get("Content-Encoding")
    if coding == "gzip":
        raw = gzip.decompress(raw)
    elif coding == "deflate":
        raw = zlib.decompress(raw)
    return response.status, response.headers, coding, json.loads(raw)


def timed(call):
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def stack(base):
    detail = cce("CCE.01400002", "Subnet not found in the VPC.",
                 "subnet subnet-7f3a is not in VPC vpc-01")
    # requests asks for gzip and deflate by default, as the Python SDK does.
    response = requests.get(base + "/detail", timeout=10)
    check("requests /detail: status", 400, response.status_code)
    check("requests /detail: compressed on the wire", "gzip",
          response.headers.get("Content-Encoding"))
    check("requests /detail: body", detail, response.json())
    check("requests /detail: X-Cce-Error-Code", "CCE.01400002",
          response.headers.get("X-Cce-Error-Code"))
    check("requests /detail: the handler's header", "kept",
          response.headers.get("X-Handler"))
    check("requests /detail: one request id", 1,
          len(response.raw.headers.getlist("X-Request-Id")))
    for encoding in ["gzip", "deflate", None]:
        status, headers, coding, body = urllib_get(base + "/detail", encoding)
        check(f"urllib /detail ({encoding}): status", 400, status)
        check(f"urllib /detail ({encoding}): encoding", encoding, coding)
        check(f"urllib /detail ({encoding}): body", detail, body)
    response = requests.get(base + "/locked", timeout=10)
    check("requests /locked: Retry-After", "7", response.headers.get("Retry-After"))
    check("requests /locked: code", "CCE.01429002", response.json()["errorCode"])

    unavailable = cce("CCE.01500001", "Internal error.", "The service is temporarily unavailable.")
    for name, call in [
        ("requests", lambda: requests.get(base + "/sse-503", timeout=10)),
        ("urllib", lambda: urllib_get(base + "/sse-503")),
    ]:
        took, result = timed(call)
        if name == "requests":
            status, body = result.status_code, result.json()
        else:
            status, _, _, body = result
        check(f"{name} /sse-503 (endless events): status", 503, status)
        check(f"{name} /sse-503: body", unavailable, body)
        check(f"{name} /sse-503: answered within {PROMPT} s", True, took < PROMPT)
    for name, call in [
        ("requests", lambda: requests.get(base + "/slow-502", timeout=10)),
        ("urllib", lambda: urllib_get(base + "/slow-502")),
    ]:
        took, result = timed(call)
        if name == "requests":
            status, body = result.status_code, result.json()
        else:
            status, _, _, body = result
        check(f"{name} /slow-502 (a JSON body that stalls): status", 502, status)
        check(f"{name} /slow-502: body", cce("CCE.01500001", "Internal error."), body)
        check(f"{name} /slow-502: answered within {PROMPT} s", True, took < PROMPT)

    too_large = cce("CCE.01400001", "Invalid request.", "The request body is too large.")
    upload(base + "/upload", too_large, {"Content-Type": "application/octet-stream"})


def upload(url, expected, headers):
    """A 64 MiB body, sent whole before the response is read."""
    body = b"u" * UPLOAD
    try:
        response = requests.post(url, data=body, headers=headers, timeout=60)
        check("requests 64 MiB upload: status", 413, response.status_code)
        check("requests 64 MiB upload: body", expected, response.json())
    except requests.RequestException as error:
        check("requests 64 MiB upload: an answer", "a 413 response", repr(error))
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        urllib.request.urlopen(request, timeout=60)
        check("urllib 64 MiB upload: an error status", "HTTPError 413", "a success")
    except urllib.error.HTTPError as error:
        check("urllib 64 MiB upload: status", 413, error.status)
        check("urllib 64 MiB upload: body", expected, json.loads(error.read()))
    except OSError as error:
        check("urllib 64 MiB upload: an answer", "HTTPError 413", repr(error))


def example(base):
    too_large = cce("CCE.01400001", "Invalid request.", "The request body is too large.")
    upload(base + "/api/v3/projects/p1/clusters", too_large,
           {"Content-Type": "application/json", "X-Auth-Token": "t"})


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("stack", "example"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    mode, base = sys.argv[1], sys.argv[2].rstrip("/")
    (stack if mode == "stack" else example)(base)
    passed = all(checks)
    print(f"stack_check.py {mode} {base}: {'passed' if passed else 'FAILED'}, "
          f"{sum(checks)}/{len(checks)} checks")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
