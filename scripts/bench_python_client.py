"""One-core verification rate of apikeyserv-client's Verifier against PyJWT's own ``jwt.decode``
with the right key (the least any Python verifier does), best of alternating rounds. Used by
bench.py (phase ``python``); prints one JSON object."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "clients", "python", "src"))

import jwt  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from apikeyserv_client import LocalKeySet, Verifier  # noqa: E402


def main():
    count, rounds = int(sys.argv[1]), int(sys.argv[2])
    private = Ed25519PrivateKey.generate()
    jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key()))
    jwk.update(kid="k1", alg="EdDSA", use="sig")
    keys = [dict(jwk, kid=f"k{n}") for n in range(2, 5)] + [jwk]  # the right one among four
    token = jwt.encode({"sub": "1234567890", "iat": int(time.time()),
                        "exp": int(time.time()) + 86400}, private, algorithm="EdDSA",
                       headers={"kid": "k1"})
    verifier = Verifier(LocalKeySet({"keys": keys}), max_staleness=float("inf"))
    public = private.public_key()
    assert verifier.verify(token) == "1234567890"

    def rate(check):
        start = time.perf_counter()
        for _ in range(count):
            check(token)
        return count / (time.perf_counter() - start)

    ours, pyjwt = 0.0, 0.0
    for _ in range(rounds):
        pyjwt = max(pyjwt, rate(lambda t: jwt.decode(t, public, algorithms=["EdDSA"])))
        ours = max(ours, rate(verifier.verify))
    print(json.dumps({"Verifier.verify": ours, "jwt.decode": pyjwt}))


if __name__ == "__main__":
    main()
