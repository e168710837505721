"""Prints {"pem": …, "kid": …} for a new Ed25519 key whose RFC 7638 kid starts with "-h": a kid
that a command-line parser would read as the -h (help) flag."""
import base64
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


while True:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    canonical = '{"crv":"Ed25519","kty":"OKP","x":"%s"}' % b64url(raw)
    kid = b64url(hashlib.sha256(canonical.encode()).digest())
    if kid.startswith("-h"):
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        print(json.dumps({"pem": pem.decode(), "kid": kid}))
        break
