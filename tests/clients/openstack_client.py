#!/usr/bin/env python3
"""Drives openstacksdk at a CCE-style service and prints what it raises for
each error; with --expect, also checks it.

    python openstack_client.py [--expect default|compat] BASE_URL

openstacksdk has no CCE service, so this declares the cluster API the way
openstacksdk declares every service's resources (an openstack.resource.Resource
subclass) and calls it through the proxy of an openstack.connection.Connection
that has "cce" as an extra service (ServiceDescription) with its endpoint
overridden to BASE_URL. Resource.fetch/create/list turn an error response into an exception
with openstack.exceptions.raise_from_response, the same function every
openstacksdk service and the openstack CLI's SDK-based commands go through.

Authentication: keystoneauth1's token_endpoint.Token plugin (endpoint BASE_URL,
a dummy token sent as X-Auth-Token, which the service accepts); the 401 case
uses keystoneauth1's noauth.NoAuth plugin with get_headers returning no
header (NoAuth on its own sends "X-Auth-Token: notused").

Cases: 401 (list without credentials), 404 (fetch an unknown cluster), 400
with a detail (create with a metadata.name the service rejects). The session
sends a known X-Request-Id per case (keystoneauth1's additional_headers).

--expect MODE checks, for every case, the exception's class, status_code,
request_id (openstacksdk reads only X-Openstack-Request-Id: None with the
default body, the id the case sent with the compatibility one), details (the
body's "message"), message, source and str(), and on the wire the status,
X-Request-Id, X-Openstack-Request-Id and the JSON body, against what the
cce-errors example service answers with its default body (MODE default) or
with CCE_ERRORS_COMPAT=1 (MODE compat). openstacksdk shows no error code.
Each mismatch prints the expected and the actual value.

Exit status 1 if a case got no exception at all or, with --expect, if any
check failed.
"""

import argparse
import json
import sys

from keystoneauth1 import noauth, session, token_endpoint
from openstack import connection, proxy, resource, service_description


class Cluster(resource.Resource):
    """The cluster resource of the example API (a subset of CCE v3)."""

    base_path = "/api/v3/projects/%(project_id)s/clusters"
    allow_create = True
    allow_fetch = True
    allow_list = True
    allow_delete = True
    resources_key = "items"

    project_id = resource.URI("project_id")
    kind = resource.Body("kind")
    api_version = resource.Body("apiVersion")
    metadata = resource.Body("metadata", type=dict)
    spec = resource.Body("spec", type=dict)


PROJECT = "p1"


class NoCredential(noauth.NoAuth):
    """keystoneauth1's NoAuth without its placeholder X-Auth-Token header."""

    def get_headers(self, session, **kwargs):
        return {}


class CceProxy(proxy.Proxy):
    """openstacksdk's service proxy for the extra service type "cce".

    The service has no OpenStack version document, so the proxy skips
    version discovery, as openstacksdk's own object-store proxy does.
    """

    skip_discovery = True


def make_proxy(base, with_token, request_id):
    """conn.cce: a Connection on a keystoneauth1 session with "cce" as an
    extra service, sending X-Request-Id: REQUEST_ID."""
    if with_token:
        auth = token_endpoint.Token(base, "dummy-token")
    else:
        auth = NoCredential(endpoint=base)
    conn = connection.Connection(
        session=session.Session(auth=auth, additional_headers={"X-Request-Id": request_id}),
        cce_endpoint_override=base,
        cce_api_version="3",
    )
    conn.add_service(service_description.ServiceDescription("cce", supported_versions={"3": CceProxy}))
    return conn.cce


# (status, title, with_token, call)
CASES = [
    (401, "401 no credentials (list clusters, no auth header)", False,
     lambda p: list(Cluster.list(p, project_id=PROJECT))),
    (404, "404 unknown cluster (fetch)", True,
     lambda p: Cluster.new(project_id=PROJECT, id="does-not-exist").fetch(p)),
    (400, "400 rejected body (create, metadata.name=Bad_Name)", True,
     lambda p: Cluster.new(
         project_id=PROJECT,
         kind="Cluster",
         api_version="v3",
         metadata={"name": "Bad_Name"},
         spec={"flavor": "cce.s1.small", "hostNetwork": {"vpc": "vpc-0001", "subnet": "subnet-0001"}},
     ).create(p)),
]


# --- What the example service sends ---

DETAIL = {
    401: "the request has neither an Authorization nor an X-Auth-Token header",
    404: "cluster does-not-exist does not exist in project p1",
    400: "metadata.name must be 1 to 56 lowercase letters, digits and hyphens, "
         "starting with a letter and not ending with a hyphen",
}
CODE = {
    401: ("CCE.01401001", "Authorization failed."),
    404: ("CCE.01404001", "Resource not found."),
    400: ("CCE.01400001", "Invalid request."),
}


def wire_body(mode, status):
    """The error body as JSON: the default keys, plus the compatibility keys."""
    code, message = CODE[status]
    body = {"errorCode": code, "errorMessage": message, "message": DETAIL[status]}
    if mode == "compat":
        body.update(error_code=code, error_msg=message)
    return body


# --- What openstacksdk shows: status -> (class, message, path in the URL) ---
# The same in both modes except request_id; details is the body's "message"
# and source "Client" in both.
EXPECT = {
    401: ("openstack.exceptions.HttpException", "HttpException: 401",
          "/api/v3/projects/p1/clusters"),
    404: ("openstack.exceptions.NotFoundException", "NotFoundException: 404",
          "/api/v3/projects/p1/clusters/does-not-exist"),
    400: ("openstack.exceptions.BadRequestException", "BadRequestException: 400",
          "/api/v3/projects/p1/clusters"),
}


class Checks:
    """Counts checks and prints each mismatch (values and types must match)."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def eq(self, what, expected, actual):
        self.count += 1
        if type(expected) is not type(actual) or expected != actual:
            self.failed += 1
            print(f"  MISMATCH {what}:\n    expected {expected!r}\n    actual   {actual!r}")


def check_case(checks, mode, base, status, request_id, exc):
    cls, message, path = EXPECT[status]
    # openstacksdk takes the request id from X-Openstack-Request-Id only.
    shown_request_id = request_id if mode == "compat" else None
    failed = checks.failed
    if exc is None:
        checks.eq("exception", cls, None)
    else:
        checks.eq("exception class", cls, f"{type(exc).__module__}.{type(exc).__qualname__}")
        checks.eq("status_code", status, getattr(exc, "status_code", None))
        checks.eq("request_id", shown_request_id, getattr(exc, "request_id", None))
        checks.eq("details", DETAIL[status], getattr(exc, "details", None))
        checks.eq("message", message, getattr(exc, "message", None))
        checks.eq("source", "Client", getattr(exc, "source", None))
        checks.eq("str()", f"{message}: Client Error for url: {base}{path}, {DETAIL[status]}", str(exc))
        r = getattr(exc, "response", None)
        if r is None:
            checks.eq("wire response", "recorded", None)
        else:
            checks.eq("wire status", status, r.status_code)
            checks.eq("wire X-Request-Id", request_id, r.headers.get("X-Request-Id"))
            checks.eq("wire X-Openstack-Request-Id", shown_request_id, r.headers.get("X-Openstack-Request-Id"))
            try:
                actual_body = json.loads(r.text)
            except ValueError:
                actual_body = r.text
            checks.eq("wire body", wire_body(mode, status), actual_body)
    if checks.failed == failed:
        print(f"  checked:     ok ({mode})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--expect", choices=("default", "compat"),
                        help="check what openstacksdk shows against the example service's body mode")
    parser.add_argument("base_url")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    missing = 0
    checks = Checks()
    for status, title, with_token, call in CASES:
        request_id = f"cce-clients-openstacksdk-{status}"
        print(f"[openstacksdk] {title}")
        exc = None
        try:
            result = call(make_proxy(base, with_token, request_id))
        except Exception as raised:  # noqa: BLE001 - the point is to show what is raised
            exc = raised
            cls = type(exc)
            print(f"  raised:      {cls.__module__}.{cls.__qualname__}")
            for attr in ("status_code", "request_id", "details", "message", "source"):
                if hasattr(exc, attr):
                    print(f"  {attr + ':':<12} {getattr(exc, attr)!r}")
            response = getattr(exc, "response", None)
            if response is not None:
                print(
                    "  wire:        %s content-type=%r x-request-id=%r x-openstack-request-id=%r body=%r"
                    % (
                        response.status_code,
                        response.headers.get("Content-Type"),
                        response.headers.get("X-Request-Id"),
                        response.headers.get("X-Openstack-Request-Id"),
                        response.text,
                    )
                )
            print(f"  str():       {str(exc)!r}")
        else:
            missing += 1
            print(f"  NO EXCEPTION: {result!r}")
        if args.expect:
            check_case(checks, args.expect, base, status, request_id, exc)
    if args.expect:
        verdict = "FAILED" if checks.failed else "passed"
        print(f"openstack_client.py --expect {args.expect}: {verdict}, "
              f"{checks.count - checks.failed}/{checks.count} checks")
    sys.exit(1 if missing or checks.failed else 0)


if __name__ == "__main__":
    main()
