#!/usr/bin/env python3
"""A stand-in for the example cluster service, for driving the client scripts
at error bodies the real service does not send (yet).

    python3 compat_server.py [--mode MODE] [HOST:PORT]

It answers the same routes as examples/cluster_service.rs with the same
statuses and details (401 without Authorization/X-Auth-Token, 404 for any
cluster id, 400 for a create body it rejects), but the error body depends on
MODE:

  compat     the planned opt-in body: errorCode, errorMessage, message (when
             there is a detail), error_code and error_msg with the same values
             as errorCode/errorMessage, application/json, X-Request-Id and
             X-Openstack-Request-Id equal (the default mode)
  default    the crate's default body (errorCode, errorMessage, message) and
             X-Request-Id only, as the real service sends it
  textplain  the default body labelled text/plain
  empty      no body (Content-Length: 0, no content type)
  html       an HTML page labelled text/html, like a gateway's error page
  array      a JSON array holding the default body, application/json
  null       the JSON literal null, application/json

Every error carries X-Request-Id: the request's own when it is sane (1 to 128
visible ASCII characters), as the example echoes it, otherwise a new UUID. In
modes compat and default the client scripts' --expect checks pass against it
as they do against the example.

Standard library only; it prints one line when it listens (on stdout) and one
per request (on stderr).
"""

import argparse
import json
import re
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("compat", "default", "textplain", "empty", "html", "array", "null")

CLUSTERS = re.compile(r"^/api/v3/projects/([^/]+)/clusters/?$")
CLUSTER = re.compile(r"^/api/v3/projects/([^/]+)/clusters/([^/]+)/?$")
NAME = re.compile(r"^[a-z]([a-z0-9-]{0,55})$")

# (status, code, message) for the errors the example answers with.
UNAUTHORIZED = (401, "CCE.01401001", "Authorization failed.")
NOT_FOUND = (404, "CCE.01404001", "Resource not found.")
INVALID = (400, "CCE.01400001", "Invalid request.")
CONTENT_TYPE = (400, "CCE.01400006", "Content type not supported.")


def create_detail(raw):
    """The detail the example gives for a create body, or None if it is fine."""
    try:
        value = json.loads(raw)
    except ValueError as err:
        return f"the body is not valid JSON (line {err.lineno}, column {err.colno})"
    if not isinstance(value, dict):
        return "the body must be a JSON object"
    if value.get("kind") != "Cluster":
        return 'kind must be "Cluster"'
    if value.get("apiVersion") != "v3":
        return 'apiVersion must be "v3"'
    name = (value.get("metadata") or {}).get("name")
    if not isinstance(name, str) or not NAME.match(name) or name.endswith("-"):
        return (
            "metadata.name must be 1 to 56 lowercase letters, digits and hyphens, "
            "starting with a letter and not ending with a hyphen"
        )
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "cce-compat-emulator"
    protocol_version = "HTTP/1.1"
    mode = "compat"

    def log_message(self, fmt, *args):
        sys.stderr.write("compat_server: " + (fmt % args) + "\n")

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, content_type, body, extra_headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in extra_headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, error, detail):
        status, code, message = error
        # The client's X-Request-Id when it is sane (1 to 128 visible ASCII
        # characters), as the example echoes it; otherwise a new UUID.
        sent = self.headers.get_all("X-Request-Id") or []
        sane = len(sent) == 1 and 1 <= len(sent[0]) <= 128 and all(33 <= ord(c) <= 126 for c in sent[0])
        request_id = sent[0] if sane else str(uuid.uuid4())
        headers = [("X-Request-Id", request_id)]
        body = {"errorCode": code, "errorMessage": message}
        if detail:
            body["message"] = detail
        mode = self.mode
        if mode == "compat":
            body["error_code"] = code
            body["error_msg"] = message
            headers.append(("X-Openstack-Request-Id", request_id))
            self._send(status, "application/json", json.dumps(body, separators=(",", ":")).encode(), headers)
        elif mode == "default":
            self._send(status, "application/json", json.dumps(body, separators=(",", ":")).encode(), headers)
        elif mode == "textplain":
            self._send(status, "text/plain; charset=utf-8", json.dumps(body, separators=(",", ":")).encode(), headers)
        elif mode == "empty":
            self._send(status, None, b"", headers)
        elif mode == "html":
            page = (
                "<html>\n<head><title>%d %s</title></head>\n<body>\n"
                "<center><h1>%d %s</h1></center>\n<hr><center>gateway</center>\n"
                "</body>\n</html>\n" % (status, self.responses[status][0], status, self.responses[status][0])
            )
            self._send(status, "text/html", page.encode(), headers)
        elif mode == "array":
            self._send(status, "application/json", json.dumps([body], separators=(",", ":")).encode(), headers)
        elif mode == "null":
            self._send(status, "application/json", b"null", headers)
        else:  # pragma: no cover - argparse restricts the modes
            raise ValueError(mode)

    def _authenticated(self):
        return "Authorization" in self.headers or "X-Auth-Token" in self.headers

    def _route(self, method):
        body = self._read_body()
        path = self.path.split("?", 1)[0]
        many = CLUSTERS.match(path)
        one = CLUSTER.match(path)
        if not many and not one:
            self._send(404, "text/plain", b"no such route\n")
            return
        if not self._authenticated():
            self._error(
                UNAUTHORIZED, "the request has neither an Authorization nor an X-Auth-Token header"
            )
            return
        if one and method in ("GET", "DELETE"):
            project, cluster = one.groups()
            self._error(NOT_FOUND, f"cluster {cluster} does not exist in project {project}")
            return
        if many and method == "GET":
            self._send(200, "application/json", b'{"kind":"ClusterList","apiVersion":"v3","items":[]}')
            return
        if many and method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                self._error(CONTENT_TYPE, "send the body with Content-Type: application/json")
                return
            detail = create_detail(body)
            if detail:
                self._error(INVALID, detail)
                return
            self._send(201, "application/json", body)
            return
        self._send(405, "text/plain", b"method not allowed\n")

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=MODES, default="compat")
    parser.add_argument("address", nargs="?", default="127.0.0.1:18081")
    args = parser.parse_args()
    host, _, port = args.address.rpartition(":")
    Handler.mode = args.mode
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), Handler)
    print(f"compat emulator ({args.mode}) listening on http://{host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
