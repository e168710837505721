"""apikeyserv-client's Django middleware (clients/python) against a real daemon and bridge, with
the original's settings plus ours:

    python python_client.py --bridge URL --apikeyctl PATH --admin-socket PATH \
        --bridge-pid PID --bridge-argv JSON

Issues keys with apikeyctl, then checks: a valid key (200, request.api_key_subject); a revoked
key refused within the refresh interval; an expired key refused; a key of a retired signing key
refused once the set changes; the bridge stopped past APIKEY_MAX_STALENESS: 503, and started
again: 200; a token of an unknown kid: one refetch, not one per request; usage reported by key id
to the bridge (--accept-usage-reports). Prints one JSON object.
"""

import argparse
import base64
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

import django
from django.conf import settings


def main():
    parser = argparse.ArgumentParser()
    for name in ["--bridge", "--apikeyctl", "--admin-socket", "--bridge-pid", "--bridge-argv"]:
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    settings.configure(
        ALLOWED_HOSTS=["*"],
        APIKEY_ENDPOINT=f"{args.bridge}/signingkeys/",
        APIKEY_MANDATORY=True,
        APIKEY_ALLOW_EMPTY=False,
        APIKEY_REFRESH_INTERVAL=1,
        APIKEY_MAX_STALENESS=4,
        APIKEY_REFETCH_INTERVAL=30,
        APIKEY_VERIFIER_NAME="django-e2e",
        APIKEY_USAGE_INTERVAL=1,
    )
    django.setup()
    from django.http import HttpResponse

    from apikeyserv_client.django import ApiKeyMiddleware
    from django_checks import Checks

    checks = Checks(args.apikeyctl, args.admin_socket)
    ctl, issue, status, until = checks.ctl, checks.issue, checks.status, checks.until
    factory = checks.factory

    def requests_to_jwks():
        text = urllib.request.urlopen(f"{args.bridge}/metrics", timeout=5).read().decode()
        return sum(float(m) for m in re.findall(
            r'apikey_http_requests_total\{[^}]*route="/signingkeys/"[^}]*\} (\S+)', text))

    result = {}
    key_id, token = issue()
    result["valid"] = list(status(token))
    revoked_id, revoked = issue()
    result["revoked_before"] = status(revoked)[0]
    ctl("keys", "revoke", revoked_id, "--yes")
    result["revoked_refused_after_s"] = until(revoked, 400)
    _, expired = issue("1s")
    time.sleep(2.2)
    result["expired"] = status(expired)[0]

    old_kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
    ctl("signing-key", "rotate", "--publish-ahead", "1s")
    time.sleep(1.5)
    ctl("signing-key", "retire", old_kid, "--yes")
    result["retired_refused_after_s"] = until(token, 400)
    _, fresh = issue()
    result["new_key_valid"] = status(fresh)[0]

    # A token whose kid nobody published: one refetch for many requests (a second middleware
    # that polls only hourly, so every fetch it makes is a refetch).
    from apikeyserv_client import connect

    probe = ApiKeyMiddleware(lambda request: HttpResponse(""), verifier=connect(
        f"{args.bridge}/signingkeys/", refresh_interval=3600, refetch_interval=30))
    header = base64.urlsafe_b64encode(json.dumps({"alg": "EdDSA", "kid": "nobody"}).encode())
    stranger = header.rstrip(b"=").decode() + "." + fresh.split(".", 1)[1]
    time.sleep(1.2)  # the first middleware's own 1 s poll, out of the way
    before = requests_to_jwks()
    statuses = [probe(factory.get("/d", HTTP_X_API_KEY=stranger)).status_code for _ in range(20)]
    result["unknown_kid"] = statuses[-1]
    result["jwks_requests_for_20_unknown"] = requests_to_jwks() - before

    # The bridge away past the staleness limit: 503; back: 200.
    os.kill(int(args.bridge_pid), signal.SIGTERM)
    result["stale_after_s"] = until(fresh, 503, seconds=20)
    bridge = subprocess.Popen(json.loads(args.bridge_argv), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        result["back_after_s"] = until(fresh, 200, seconds=30)
        time.sleep(2.5)  # a usage report goes out
    finally:
        bridge.terminate()
        bridge.wait(timeout=10)
    result["key_id"] = key_id
    print(json.dumps(result))


if __name__ == "__main__":
    main()
