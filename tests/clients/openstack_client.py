#!/usr/bin/env python3
"""Drives openstacksdk at a CCE-style service and prints what it raises for
each error.

    python openstack_client.py BASE_URL

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
with a detail (create with a metadata.name the service rejects).

Exit status 1 only if a case got no exception at all.
"""

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


def make_proxy(base, with_token):
    """conn.cce: a Connection on a keystoneauth1 session with "cce" as an extra service."""
    if with_token:
        auth = token_endpoint.Token(base, "dummy-token")
    else:
        auth = NoCredential(endpoint=base)
    conn = connection.Connection(
        session=session.Session(auth=auth), cce_endpoint_override=base, cce_api_version="3"
    )
    conn.add_service(service_description.ServiceDescription("cce", supported_versions={"3": CceProxy}))
    return conn.cce


CASES = [
    ("401 no credentials (list clusters, no auth header)", False,
     lambda p: list(Cluster.list(p, project_id=PROJECT))),
    ("404 unknown cluster (fetch)", True,
     lambda p: Cluster.new(project_id=PROJECT, id="does-not-exist").fetch(p)),
    ("400 rejected body (create, metadata.name=Bad_Name)", True,
     lambda p: Cluster.new(
         project_id=PROJECT,
         kind="Cluster",
         api_version="v3",
         metadata={"name": "Bad_Name"},
         spec={"flavor": "cce.s1.small", "hostNetwork": {"vpc": "vpc-0001", "subnet": "subnet-0001"}},
     ).create(p)),
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: openstack_client.py BASE_URL")
    base = sys.argv[1].rstrip("/")
    missing = 0
    for title, with_token, call in CASES:
        print(f"[openstacksdk] {title}")
        try:
            result = call(make_proxy(base, with_token))
        except Exception as exc:  # noqa: BLE001 - the point is to show what is raised
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
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
