"""Checks what a gRPC client no one here wrote, Python's grpcio with
grpcio-status, reads from the errors of the gRPC example service
(cce-errors/examples/grpc_service.rs): the status code, the message, the
google.rpc.Status details (ErrorInfo reason, domain and metadata, RetryInfo
delay, LocalizedMessage) and the x-request-id metadata.

    grpc_check.py HOST:PORT

The stubs are generated from cce-errors/examples/grpc/cluster.proto at run
time with grpcio-tools (which ships its own protoc). Installed with the
pinned versions of grpc_requirements.txt by tests/clients/ci.sh, into their
own virtualenv.

It prints what the client shows for each error, one MISMATCH line per
check that fails, and ends with
"grpc_check.py HOST:PORT: passed|FAILED, N/M checks"; the exit status is
non-zero when a check failed.
"""

import importlib
import os
import re
import sys
import tempfile

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, "..", "..", "cce-errors", "examples", "grpc")
DOMAIN = "cce.example.com"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

checks = 0
failures = 0


def check(what, actual, expected):
    global checks, failures
    checks += 1
    if actual != expected:
        failures += 1
        print(f"  MISMATCH {what}: expected {expected!r}, got {actual!r}")


def check_true(what, ok, actual):
    global checks, failures
    checks += 1
    if not ok:
        failures += 1
        print(f"  MISMATCH {what}: got {actual!r}")


def stubs():
    """cluster_pb2 and cluster_pb2_grpc, generated into a temporary directory."""
    out = tempfile.mkdtemp(prefix="cce-grpc-stubs-")
    proto = os.path.join(PROTO_DIR, "cluster.proto")
    code = protoc.main(
        ["grpc_tools.protoc", f"-I{PROTO_DIR}", f"--python_out={out}", f"--grpc_python_out={out}", proto]
    )
    if code != 0:
        sys.exit(f"protoc failed on {proto}")
    sys.path.insert(0, out)
    return importlib.import_module("cluster_pb2"), importlib.import_module("cluster_pb2_grpc")


def read_error(call):
    """What grpcio and grpcio-status show of a failed call."""
    status = rpc_status.from_call(call)
    info, retry, localized = None, None, None
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
        elif detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            localized = error_details_pb2.LocalizedMessage()
            detail.Unpack(localized)
    metadata = dict(call.trailing_metadata() or ()) | dict(call.initial_metadata() or ())
    return {
        "code": call.code(),
        "message": call.details(),
        "reason": info.reason if info else None,
        "domain": info.domain if info else None,
        "metadata": dict(info.metadata) if info else None,
        "retry_delay": retry.retry_delay.ToTimedelta().total_seconds() if retry else None,
        "localized": (localized.locale, localized.message) if localized else None,
        "request_id": metadata.get("x-request-id"),
        "cce_code": metadata.get("x-cce-error-code"),
    }


def show(title, error):
    print(f"{title} -> {error['code'].name}")
    print(f"  details():        {error['message']}")
    print(f"  ErrorInfo:        reason={error['reason']} domain={error['domain']} metadata={error['metadata']}")
    if error["retry_delay"] is not None:
        print(f"  RetryInfo:        retry_delay={error['retry_delay']:g}s")
    print(f"  LocalizedMessage: {error['localized']}")
    print(f"  x-request-id:     {error['request_id']}")


def fails(title, rpc, request, metadata):
    try:
        rpc(request, metadata=metadata, timeout=10)
    except grpc.RpcError as call:
        error = read_error(call)
        show(title, error)
        return error
    global checks, failures
    checks += 1
    failures += 1
    print(f"{title}\n  MISMATCH: the call succeeded")
    return None


def expect(title, error, code, reason, message, metadata, request_id=None, detail=None):
    if error is None:
        return
    check(f"{title}: status code", error["code"], code)
    check(f"{title}: ErrorInfo.reason", error["reason"], reason)
    check(f"{title}: ErrorInfo.domain", error["domain"], DOMAIN)
    check(f"{title}: ErrorInfo.metadata", error["metadata"], metadata)
    check(f"{title}: LocalizedMessage", error["localized"], ("en-US", message))
    expected = f"{message} [{reason}]" + (f": {detail}" if detail else "")
    check(f"{title}: details()", error["message"], expected)
    check(f"{title}: x-cce-error-code", error["cce_code"], reason)
    if request_id is None:
        check_true(f"{title}: a new x-request-id", UUID.match(error["request_id"] or ""), error["request_id"])
    else:
        check(f"{title}: x-request-id", error["request_id"], request_id)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    target = sys.argv[1]
    pb, pb_grpc = stubs()
    channel = grpc.insecure_channel(target)
    grpc.channel_ready_future(channel).result(timeout=10)
    clusters = pb_grpc.ClustersStub(channel)
    token = ("x-auth-token", "t")

    title = "GetCluster without credentials"
    error = fails(title, clusters.GetCluster, pb.GetClusterRequest(project_id="p1", cluster_id="c-1"), [])
    expect(
        title, error, grpc.StatusCode.UNAUTHENTICATED, "CCE.01401001", "Authorization failed.", {},
        detail="the request has neither an Authorization nor an X-Auth-Token header",
    )

    title = "GetCluster of an unknown cluster, x-request-id req-42"
    error = fails(
        title, clusters.GetCluster, pb.GetClusterRequest(project_id="p1", cluster_id="unknown"),
        [token, ("x-request-id", "req-42")],
    )
    expect(
        title, error, grpc.StatusCode.NOT_FOUND, "CCE.01404001", "Resource not found.",
        {"project_id": "p1", "cluster_id": "unknown"}, request_id="req-42",
        detail="cluster unknown does not exist in project p1",
    )

    title = "CreateCluster without a name"
    error = fails(
        title, clusters.CreateCluster,
        pb.CreateClusterRequest(project_id="p1", flavor="cce.s1.small", vpc="vpc-01", subnet="subnet-7f3a"),
        [token],
    )
    expect(
        title, error, grpc.StatusCode.INVALID_ARGUMENT, "CCE.01400001", "Invalid request.",
        {"0": "name is required"}, detail="name is required",
    )

    name = f"demo-{os.getpid()}"
    created = clusters.CreateCluster(
        pb.CreateClusterRequest(project_id="p1", name=name, flavor="cce.s1.small", vpc="vpc-01", subnet="subnet-7f3a"),
        metadata=[token],
        timeout=10,
    )
    print(f"CreateCluster {name} -> OK, uid {created.uid}, phase {created.phase}")
    check("CreateCluster: phase", created.phase, "Creating")

    title = f"CreateCluster {name} again"
    error = fails(
        title, clusters.CreateCluster,
        pb.CreateClusterRequest(project_id="p1", name=name, flavor="cce.s1.small", vpc="vpc-01", subnet="subnet-7f3a"),
        [token],
    )
    expect(
        title, error, grpc.StatusCode.ALREADY_EXISTS, "CCE.01409001", "The resource already exists.",
        {"project_id": "p1", "name": name}, detail=f"project p1 already has a cluster named {name}",
    )

    title = "DeleteCluster of the cluster being created"
    error = fails(
        title, clusters.DeleteCluster, pb.DeleteClusterRequest(project_id="p1", cluster_id=created.uid), [token]
    )
    expect(
        title, error, grpc.StatusCode.RESOURCE_EXHAUSTED, "CCE.01429002", "Resource locked by other requests.",
        {"cluster_id": created.uid},
        detail=f"cluster {created.uid} is still being created; delete it when it is Available",
    )
    if error is not None:
        delay = error["retry_delay"]
        check_true("RetryInfo.retry_delay: whole seconds, 1 to 10", delay in {float(s) for s in range(1, 11)}, delay)

    title = "GetCluster of a cluster id of 10,000 characters"
    long_id = "c" * 10_000
    try:
        clusters.GetCluster(pb.GetClusterRequest(project_id="p1", cluster_id=long_id), metadata=[token], timeout=10)
        check_true(f"{title}: an error", False, "OK")
    except grpc.RpcError as call:
        error = read_error(call)
        print(f"{title} -> {error['code'].name}, details() of {len(error['message'])} characters")
        check(f"{title}: status code", error["code"], grpc.StatusCode.NOT_FOUND)
        check(f"{title}: ErrorInfo.reason", error["reason"], "CCE.01404001")
        check_true(f"{title}: a detail cut to 1 KiB", error["message"].endswith("\u2026") and len(error["message"].encode()) < 1100, error["message"][-40:])

    title = "an unknown method, an x-request-id of 200 characters"
    unknown = channel.unary_unary(
        "/cce.cluster.v1.Clusters/ListClusters",
        request_serializer=lambda message: message,
        response_deserializer=lambda data: data,
    )
    error = fails(title, unknown, b"", [token, ("x-request-id", "r" * 200)])
    expect(title, error, grpc.StatusCode.UNIMPLEMENTED, "CCE.01500001", "Internal error.", {})

    channel.close()
    verdict = "passed" if failures == 0 else "FAILED"
    print(f"grpc_check.py {target}: {verdict}, {checks - failures}/{checks} checks")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
