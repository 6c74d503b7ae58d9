#!/usr/bin/env python3
"""Drives the official Huawei Cloud Python SDK (huaweicloudsdkcore with the
CCE v3 client from huaweicloudsdkcce) at a CCE-style service and prints what
the SDK raises for each error.

    python hwsdk_python.py BASE_URL

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

Exit status 1 only if a case got no exception at all.
"""

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


def build_client(base, handler, strip_auth=False):
    """A CceClient on BASE with dummy credentials and the given exception handler."""
    wire = []  # what came back, recorded by the response hook

    def drop_authorization(**kwargs):
        headers = kwargs["request"].header_params
        for name in list(headers):
            if name.lower() == "authorization":
                del headers[name]

    def record_response(**kwargs):
        wire.append(kwargs["response"])

    http_handler = HttpHandler().add_response_handler(record_response)
    if strip_auth:
        http_handler.add_request_handler(drop_authorization)

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


CASES = [
    ("401 no credentials (ListClusters, Authorization removed)", True,
     lambda c: c.list_clusters(ListClustersRequest())),
    ("404 unknown cluster (ShowCluster)", False,
     lambda c: c.show_cluster(ShowClusterRequest(cluster_id="does-not-exist"))),
    ("400 rejected body (CreateCluster, metadata.name=Bad_Name)", False,
     lambda c: c.create_cluster(bad_create_request())),
]

HANDLERS = [
    ("CceExceptionHandler", None),  # installed by CceClient.new_builder()
    ("DefaultExceptionHandler", DefaultExceptionHandler()),
]


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
    if len(sys.argv) != 2:
        sys.exit("usage: hwsdk_python.py BASE_URL")
    base = sys.argv[1].rstrip("/")
    missing = 0
    for handler_name, handler in HANDLERS:
        for title, strip_auth, call in CASES:
            client, wire = build_client(base, handler, strip_auth)
            print(f"[python-sdk/{handler_name}] {title}")
            try:
                result = call(client)
            except Exception as exc:  # noqa: BLE001 - the point is to show what is raised
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
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
