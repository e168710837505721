"""How long a signing-key change takes to show in the bridge's JWKS: calls GenerateSigningKey and
RetireKey over the admin socket (grpcio) and polls the bridge (HTTP keep-alive) until the change
is visible. Prints the time from sending the RPC to the first response that shows the change.

    python propagation.py ADMIN_SOCKET BRIDGE_URL [ROUNDS]
"""
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import grpc
import requests

admin_socket, url = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
stubs = tempfile.mkdtemp(prefix="aks-prop-")
atexit.register(shutil.rmtree, stubs, ignore_errors=True)
subprocess.run([sys.executable, "-m", "grpc_tools.protoc", f"-I{root}/Protos", f"--python_out={stubs}",
                f"--grpc_python_out={stubs}", "apikeyserv/v1/apikeyserv.proto"], check=True)
sys.path.insert(0, stubs)
from apikeyserv.v1 import apikeyserv_pb2 as pb, apikeyserv_pb2_grpc as rpc  # noqa: E402

admin = rpc.AdminStub(grpc.insecure_channel(f"unix://{admin_socket}"))
session = requests.Session()


def kids():
    return {k["kid"] for k in session.get(url, timeout=5).json()["keys"]}


def wait(condition):
    while not condition(kids()):
        pass


added, retired = [], []
for _ in range(rounds):
    start = time.perf_counter()
    kid = admin.GenerateSigningKey(pb.GenerateSigningKeyRequest(), timeout=10).key.kid
    wait(lambda current: kid in current)
    added.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    admin.RetireKey(pb.RetireKeyRequest(kid=kid), timeout=10)
    wait(lambda current: kid not in current)
    retired.append((time.perf_counter() - start) * 1000)

for name, values in [("new key", added), ("retirement", retired)]:
    values.sort()
    print(f"{name:11s} visible in the bridge after: median {statistics.median(values):.1f} ms, "
          f"max {values[-1]:.1f} ms ({len(values)} rounds, RPC included)")
