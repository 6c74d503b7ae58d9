#!/usr/bin/env python3
"""Drives the official Huawei Cloud Python SDK (huaweicloudsdkcore with the
CCE v3 client from huaweicloudsdkcce) at a CCE-style service and prints what
the SDK raises for each error; with --expect, also checks it.

    python hwsdk_python.py [--expect default|compat] BASE_URL

Every case is a real SDK call (CceClient.show_cluster / create_cluster /
list_clusters) signed with dummy AK/SK credentials and sent to BASE_URL. Each
case runs twice: with the CCE client's own exception handler
(huaweicloudsdkcce.v3.cce_exception_handler.CceExceptionHandler, which
CceClient.new_builder() installs) and with the core's generic
huaweicloudsdkcore.exceptions.exception_handler.DefaultExceptionHandler (what
a client of a service without its own handler uses).

Cases: 401 (the SDK always signs; a request hook removes the Authorization
header it added, so the request goes out without credentials), 404 (an
unknown cluster), 400 with a detail (a create body whose metadata.name the
service rejects; the SDK serialises a model, so it cannot send broken JSON).
A request hook also sends a known X-Request-Id per case.

--expect MODE checks, for every case and handler, the exception's class,
status_code, error_code, error_msg and request_id (the id the case sent), and
on the wire the status, X-Request-Id, X-Openstack-Request-Id and the JSON
body, against what the cce-errors example service answers with its default
body (MODE default) or with CCE_ERRORS_COMPAT=1 (MODE compat). Each mismatch
prints the expected and the actual value.

Exit status 1 if a case got no exception at all or, with --expect, if any
check failed.
"""

import argparse
import json
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exception_handler import DefaultExceptionHandler
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkcce.v3 import (
    CceClient,
    Cluster,
    ClusterMetadata,
    ClusterSpec,
    ContainerNetwork,
    CreateClusterRequest,
    HostNetwork,
    ListClustersRequest,
    ShowClusterRequest,
)
from huaweicloudsdkcce.v3.cce_exception_handler import CceExceptionHandler

PROJECT = "p1"


def build_client(base, handler, request_id, strip_auth=False):
    """A CceClient on BASE with dummy credentials and the given exception
    handler, sending X-Request-Id: REQUEST_ID."""
    wire = []  # what came back, recorded by the response hook

    def set_headers(**kwargs):
        headers = kwargs["request"].header_params
        if strip_auth:
            for name in list(headers):
                if name.lower() == "authorization":
                    del headers[name]
        headers["X-Request-Id"] = request_id

    def record_response(**kwargs):
        wire.append(kwargs["response"])

    http_handler = HttpHandler().add_response_handler(record_response).add_request_handler(set_headers)

    config = HttpConfig.get_default_config()
    config.retry_times = 0
    builder = (
        CceClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials("DUMMYAK0000000000000", "dummy-sk-0000000000000000000000000000", PROJECT))
        .with_endpoints([base])
        .with_http_handler(http_handler)
    )
    if handler is not None:  # None: keep what new_builder() installed
        builder = builder.with_exception_handler(handler)
    return builder.build(), wire


def bad_create_request():
    return CreateClusterRequest(
        body=Cluster(
            kind="Cluster",
            api_version="v3",
            metadata=ClusterMetadata(name="Bad_Name"),
            spec=ClusterSpec(
                flavor="cce.s1.small",
                host_network=HostNetwork(vpc="vpc-0001", subnet="subnet-0001"),
                container_network=ContainerNetwork(mode="overlay_l2"),
            ),
        )
    )


# (status, title, strip_auth, call)
CASES = [
    (401, "401 no credentials (ListClusters, Authorization removed)", True,
     lambda c: c.list_clusters(ListClustersRequest())),
    (404, "404 unknown cluster (ShowCluster)", False,
     lambda c: c.show_cluster(ShowClusterRequest(cluster_id="does-not-exist"))),
    (400, "400 rejected body (CreateCluster, metadata.name=Bad_Name)", False,
     lambda c: c.create_cluster(bad_create_request())),
]

HANDLERS = [
    ("CceExceptionHandler", None),  # installed by CceClient.new_builder()
    ("DefaultExceptionHandler", DefaultExceptionHandler()),
]

# --- What the example service sends ---

DETAIL = {
    401: "the request has neither an Authorization nor an X-Auth-Token header",
    404: "cluster does-not-exist does not exist in project p1",
    400: "metadata.name must be 1 to 56 lowercase letters, digits and hyphens, "
         "starting with a letter and not ending with a hyphen",
}

# The error bodies, byte for byte, in the default mode.
DEFAULT_BODY = {
    401: '{"errorCode":"CCE.01401001","errorMessage":"Authorization failed.","message":"%s"}' % DETAIL[401],
    404: '{"errorCode":"CCE.01404001","errorMessage":"Resource not found.","message":"%s"}' % DETAIL[404],
    400: '{"errorCode":"CCE.01400001","errorMessage":"Invalid request.","message":"%s"}' % DETAIL[400],
}
# In the compatibility mode (CCE_ERRORS_COMPAT=1).
COMPAT_BODY = {
    401: '{"errorCode":"CCE.01401001","errorMessage":"Authorization failed.",'
         '"error_code":"CCE.01401001","error_msg":"Authorization failed.","message":"%s"}' % DETAIL[401],
    404: '{"errorCode":"CCE.01404001","errorMessage":"Resource not found.",'
         '"error_code":"CCE.01404001","error_msg":"Resource not found.","message":"%s"}' % DETAIL[404],
    400: '{"errorCode":"CCE.01400001","errorMessage":"Invalid request.",'
         '"error_code":"CCE.01400001","error_msg":"Invalid request.","message":"%s"}' % DETAIL[400],
}

CLIENT_REQUEST_EXCEPTION = "huaweicloudsdkcore.exceptions.exceptions.ClientRequestException"

# --- What the SDK shows: (mode, handler, status) -> (class, status_code, error_code, error_msg) ---
# request_id is always the X-Request-Id the case sent.
EXPECT = {
    # The CCE handler reads errorCode/errorMessage and appends the detail.
    ("default", "CceExceptionHandler", 401): (CLIENT_REQUEST_EXCEPTION, 401, "CCE.01401001",
        "Authorization failed., " + DETAIL[401]),
    ("default", "CceExceptionHandler", 404): (CLIENT_REQUEST_EXCEPTION, 404, "CCE.01404001",
        "Resource not found., " + DETAIL[404]),
    ("default", "CceExceptionHandler", 400): (CLIENT_REQUEST_EXCEPTION, 400, "CCE.01400001",
        "Invalid request., " + DETAIL[400]),
    # The generic handler reads only error_code/error_msg: without them it
    # shows the status as the code and the raw body as the message.
    ("default", "DefaultExceptionHandler", 401): (CLIENT_REQUEST_EXCEPTION, 401, "401", DEFAULT_BODY[401]),
    ("default", "DefaultExceptionHandler", 404): (CLIENT_REQUEST_EXCEPTION, 404, "404", DEFAULT_BODY[404]),
    ("default", "DefaultExceptionHandler", 400): (CLIENT_REQUEST_EXCEPTION, 400, "400", DEFAULT_BODY[400]),
    # The compatibility keys change nothing for the CCE handler...
    ("compat", "CceExceptionHandler", 401): (CLIENT_REQUEST_EXCEPTION, 401, "CCE.01401001",
        "Authorization failed., " + DETAIL[401]),
    ("compat", "CceExceptionHandler", 404): (CLIENT_REQUEST_EXCEPTION, 404, "CCE.01404001",
        "Resource not found., " + DETAIL[404]),
    ("compat", "CceExceptionHandler", 400): (CLIENT_REQUEST_EXCEPTION, 400, "CCE.01400001",
        "Invalid request., " + DETAIL[400]),
    # ...and give the generic handler the code and message (not the detail).
    ("compat", "DefaultExceptionHandler", 401): (CLIENT_REQUEST_EXCEPTION, 401, "CCE.01401001",
        "Authorization failed."),
    ("compat", "DefaultExceptionHandler", 404): (CLIENT_REQUEST_EXCEPTION, 404, "CCE.01404001",
        "Resource not found."),
    ("compat", "DefaultExceptionHandler", 400): (CLIENT_REQUEST_EXCEPTION, 400, "CCE.01400001",
        "Invalid request."),
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


def check_case(checks, mode, handler_name, status, request_id, exc, wire):
    cls, status_code, error_code, error_msg = EXPECT[(mode, handler_name, status)]
    failed = checks.failed
    if exc is None:
        checks.eq("exception", cls, None)
    else:
        checks.eq("exception class", cls, f"{type(exc).__module__}.{type(exc).__qualname__}")
        checks.eq("status_code", status_code, getattr(exc, "status_code", None))
        checks.eq("error_code", error_code, getattr(exc, "error_code", None))
        checks.eq("error_msg", error_msg, getattr(exc, "error_msg", None))
        checks.eq("request_id", request_id, getattr(exc, "request_id", None))
    if not wire:
        checks.eq("wire response", "recorded", None)
    else:
        r = wire[-1]
        body = (COMPAT_BODY if mode == "compat" else DEFAULT_BODY)[status]
        checks.eq("wire status", status, r.status_code)
        checks.eq("wire X-Request-Id", request_id, r.headers.get("X-Request-Id"))
        checks.eq("wire X-Openstack-Request-Id", request_id if mode == "compat" else None,
                  r.headers.get("X-Openstack-Request-Id"))
        try:
            actual_body = json.loads(r.text)
        except ValueError:
            actual_body = r.text
        checks.eq("wire body", json.loads(body), actual_body)
    if checks.failed == failed:
        print(f"  checked:     ok ({mode})")


def show_wire(wire):
    if not wire:
        print("  wire:        (no response recorded)")
        return
    r = wire[-1]
    print(
        "  wire:        %s content-type=%r x-request-id=%r x-openstack-request-id=%r body=%r"
        % (
            r.status_code,
            r.headers.get("Content-Type"),
            r.headers.get("X-Request-Id"),
            r.headers.get("X-Openstack-Request-Id"),
            r.text,
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--expect", choices=("default", "compat"),
                        help="check what the SDK shows against the example service's body mode")
    parser.add_argument("base_url")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    missing = 0
    checks = Checks()
    for handler_name, handler in HANDLERS:
        for status, title, strip_auth, call in CASES:
            request_id = f"cce-clients-hwsdk-python-{handler_name}-{status}"
            client, wire = build_client(base, handler, request_id, strip_auth)
            print(f"[python-sdk/{handler_name}] {title}")
            exc = None
            try:
                result = call(client)
            except Exception as raised:  # noqa: BLE001 - the point is to show what is raised
                exc = raised
                cls = type(exc)
                print(f"  raised:      {cls.__module__}.{cls.__qualname__}")
                for attr in ("status_code", "error_code", "error_msg", "request_id"):
                    if hasattr(exc, attr):
                        print(f"  {attr + ':':<12} {getattr(exc, attr)!r}")
                print(f"  str():       {str(exc)!r}")
            else:
                missing += 1
                print(f"  NO EXCEPTION: {result}")
            show_wire(wire)
            if args.expect:
                check_case(checks, args.expect, handler_name, status, request_id, exc, wire)
    if args.expect:
        verdict = "FAILED" if checks.failed else "passed"
        print(f"hwsdk_python.py --expect {args.expect}: {verdict}, "
              f"{checks.count - checks.failed}/{checks.count} checks")
    sys.exit(1 if missing or checks.failed else 0)


if __name__ == "__main__":
    main()
