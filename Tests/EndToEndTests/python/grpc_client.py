"""A real gRPC client of apikeyserv, in Python (grpcio + stubs generated from Protos/ with
grpc_tools), plus PyJWT for verification. Driven by the Swift end-to-end tests:

    python grpc_client.py --stubs DIR --public SOCK --admin SOCK COMMAND [ARGS]

Each command prints one JSON object on stdout and exits 0; on a failed expectation it prints the
reason on stderr and exits 1.
"""
import argparse
import json
import os
import sys
import threading
import time


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def generate_stubs(stubs_dir, protos_dir):
    from grpc_tools import protoc
    import grpc_tools

    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    os.makedirs(stubs_dir, exist_ok=True)
    # grpc.health.v1 comes from the grpcio-health-checking package (generating it here would
    # shadow the grpc package itself).
    for proto in ["apikeyserv/v1/apikeyserv.proto"]:
        code = protoc.main(["protoc", f"-I{protos_dir}", f"-I{include}", f"--python_out={stubs_dir}",
                            f"--grpc_python_out={stubs_dir}", proto])
        if code != 0:
            fail(f"protoc failed on {proto}")


def setup():
    """Reads the common options, generates the stubs once, and returns (options, ctx): the
    modules and one channel to each socket."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--protos", required=True)
    parser.add_argument("--public", required=True)
    parser.add_argument("--admin", required=True)
    parser.add_argument("command")
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if not os.path.exists(os.path.join(options.stubs, "apikeyserv", "v1", "apikeyserv_pb2.py")):
        generate_stubs(options.stubs, options.protos)
    sys.path.insert(0, options.stubs)

    import grpc
    from apikeyserv.v1 import apikeyserv_pb2 as pb, apikeyserv_pb2_grpc as rpc
    from grpc.health.v1 import health_pb2, health_pb2_grpc

    public = grpc.insecure_channel(f"unix://{options.public}")
    admin = grpc.insecure_channel(f"unix://{options.admin}")
    return options, dict(pb=pb, rpc=rpc, grpc=grpc, public=public, admin=admin,
                         health_pb2=health_pb2, health_rpc=health_pb2_grpc,
                         public_path=options.public, admin_path=options.admin)


def main():
    options, ctx = setup()
    commands = {
        "issue-verify": issue_verify,
        "verify-token": verify_token,
        "watch-retire": watch_retire,
        "admin-on-public": admin_on_public,
        "health": health,
        "bad-inputs": bad_inputs,
        "idempotent": idempotent,
    }
    if options.command not in commands:
        fail(f"unknown command {options.command}")
    print(json.dumps(commands[options.command](ctx, *options.args)))


def jwks_verify(ctx, token):
    """Verifies `token` as a third party would: JWKS from ListPublicKeys, PyJWT, kid selects."""
    import jwt

    key_set = ctx["rpc"].PublicKeysStub(ctx["public"]).ListPublicKeys(ctx["pb"].ListPublicKeysRequest(), timeout=10)
    jwks = jwt.PyJWKSet.from_json(key_set.jwks_json)
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwks[kid]
    claims = jwt.decode(token, key.key, algorithms=["EdDSA"])
    # The original client's way: no kid, try every key, ignore exp.
    original_way = None
    for candidate in json.loads(key_set.jwks_json)["keys"]:
        try:
            original_way = jwt.decode(token, jwt.PyJWK(candidate).key, algorithms=["EdDSA"],
                                      options={"verify_exp": False})["sub"]
            break
        except jwt.InvalidSignatureError:
            continue
    return claims, original_way, key_set


def issue_verify(ctx, email="py@example.com"):
    pb = ctx["pb"]
    response = ctx["rpc"].AdminStub(ctx["admin"]).IssueKey(
        pb.IssueKeyRequest(email=email, organisation="Python BV", contact_name="Pý Thon"), timeout=10)
    claims, original_way, key_set = jwks_verify(ctx, response.token)
    if claims["sub"] != str(response.key.id):
        fail(f"sub {claims['sub']} != id {response.key.id}")
    return {"id": str(response.key.id), "sub": claims["sub"], "original_client_sub": original_way,
            "kid": response.kid, "exp": claims.get("exp"), "revision": key_set.revision,
            "token": response.token}


def verify_token(ctx, token):
    claims, original_way, _ = jwks_verify(ctx, token)
    return {"sub": claims["sub"], "original_client_sub": original_way}


def watch_retire(ctx, kid):
    pb, rpc = ctx["pb"], ctx["rpc"]
    stream = rpc.PublicKeysStub(ctx["public"]).WatchPublicKeys(pb.WatchPublicKeysRequest(), timeout=30)
    first = next(stream)
    if kid not in [k.kid for k in first.keys]:
        fail(f"{kid} not in the first set")
    received = {}

    def read_next():
        update = next(stream)
        received["at"] = time.monotonic()
        received["set"] = update

    reader = threading.Thread(target=read_next)
    reader.start()
    started = time.monotonic()
    retired = rpc.AdminStub(ctx["admin"]).RetireKey(pb.RetireKeyRequest(kid=kid), timeout=10)
    reader.join(timeout=5)
    stream.cancel()
    if "set" not in received:
        fail("no update on WatchPublicKeys within 5 s of RetireKey")
    update = received["set"]
    return {"first_revision": first.revision, "retire_revision": retired.revision,
            "update_revision": update.revision, "kids_after": [k.kid for k in update.keys],
            "jwks_after": update.jwks_json, "ms": round((received["at"] - started) * 1000, 1)}


def admin_on_public(ctx):
    pb, rpc, grpc = ctx["pb"], ctx["rpc"], ctx["grpc"]
    try:
        rpc.AdminStub(ctx["public"]).ListSigningKeys(pb.ListSigningKeysRequest(), timeout=10)
        return {"code": "OK"}
    except grpc.RpcError as error:
        return {"code": error.code().name}


def health(ctx):
    h, hrpc, grpc = ctx["health_pb2"], ctx["health_rpc"], ctx["grpc"]
    result = {}
    for socket_name in ["public", "admin"]:
        stub = hrpc.HealthStub(ctx[socket_name])
        for service in ["", "apikeyserv.v1.PublicKeys", "apikeyserv.v1.Admin"]:
            try:
                status = stub.Check(h.HealthCheckRequest(service=service), timeout=10).status
                result[f"{socket_name}:{service}"] = h.HealthCheckResponse.ServingStatus.Name(status)
            except grpc.RpcError as error:
                result[f"{socket_name}:{service}"] = error.code().name
    return result


def count_keys(ctx):
    pb = ctx["pb"]
    return len(ctx["rpc"].AdminStub(ctx["admin"]).ListKeys(pb.ListKeysRequest(page_size=1000), timeout=10).keys)


def bad_inputs(ctx):
    pb, rpc, grpc = ctx["pb"], ctx["rpc"], ctx["grpc"]
    from google.protobuf.timestamp_pb2 import Timestamp

    stub = rpc.AdminStub(ctx["admin"])
    past = Timestamp(seconds=int(time.time()) - 3600)
    long_text = "x" * 257
    cases = [
        ("IssueKey", pb.IssueKeyRequest(organisation="O"), "email"),
        ("IssueKey", pb.IssueKeyRequest(email="not-an-address", organisation="O"), "email"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com"), "organisation"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com", organisation=long_text), "organisation"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com", organisation="O", department=long_text), "department"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com", organisation="O", email_2="x@"), "email_2"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com", organisation="O", expires_at=past), "expires_at"),
        ("IssueKey", pb.IssueKeyRequest(email="a@example.com", organisation="O", contact_name="a\x00b"), "contact_name"),
        ("AddSigningKey", pb.AddSigningKeyRequest(private_key_pem="not a pem"), "private_key_pem"),
        ("AddSigningKey", pb.AddSigningKeyRequest(private_key_pem=
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIGbMFcGCSqGSIb3DQEFDTBK\n-----END ENCRYPTED PRIVATE KEY-----\n"),
         "private_key_pem"),
        ("AddSigningKey", pb.AddSigningKeyRequest(private_key_pem=
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIKhwxdZgwxiGhuRou8dtcpeVM8B7at5yZci1kEyvt0tB\n-----END PRIVATE KEY-----\n"),
         "private_key_pem"),
        ("AddSigningKey", pb.AddSigningKeyRequest(private_key_pem=
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAp4/WS5RZTBVvlX5AEYg+hezyFOKfPSft6hlFxYcvZG\n-----END PRIVATE KEY-----\ntrailing garbage\n"),
         "private_key_pem"),
        ("ListKeys", pb.ListKeysRequest(page_token="garbage"), "page_token"),
        ("ListKeys", pb.ListKeysRequest(page_size=5000), "page_size"),
        ("GetKey", pb.GetKeyRequest(id=0), "id"),
        ("GetKey", pb.GetKeyRequest(id=2**64 - 1), "id"),
    ]
    keys_before = count_keys(ctx)
    signing_before = len(stub.ListSigningKeys(pb.ListSigningKeysRequest(), timeout=10).keys)
    results = []
    for method, request, field in cases:
        try:
            getattr(stub, method)(request, timeout=10)
            results.append({"method": method, "field": field, "code": "OK", "message": ""})
        except grpc.RpcError as error:
            results.append({"method": method, "field": field, "code": error.code().name,
                            "message": error.details()})
    return {"results": results,
            "keys_unchanged": count_keys(ctx) == keys_before,
            "signing_keys_unchanged":
                len(stub.ListSigningKeys(pb.ListSigningKeysRequest(), timeout=10).keys) == signing_before}


def idempotent(ctx):
    pb = ctx["pb"]
    stub = ctx["rpc"].AdminStub(ctx["admin"])
    request = pb.IssueKeyRequest(email="same@example.com", organisation="O", request_id="order-17")
    before = count_keys(ctx)
    audit_before = len(stub.ListAuditEntries(pb.ListAuditEntriesRequest(page_size=1000), timeout=10).entries)
    first = stub.IssueKey(request, timeout=10)
    time.sleep(1.1)  # a new token would carry a later iat
    second = stub.IssueKey(request, timeout=10)
    audit_after = len(stub.ListAuditEntries(pb.ListAuditEntriesRequest(page_size=1000), timeout=10).entries)
    return {"same_id": first.key.id == second.key.id, "second_replayed": second.replayed,
            "same_token": first.token == second.token, "audit_rows": audit_after - audit_before,
            "added": count_keys(ctx) - before}


if __name__ == "__main__":
    main()
