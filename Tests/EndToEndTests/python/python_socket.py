"""apikeyserv-client's Django middleware with APIKEY_SOCKET: the key set pushed by the daemon
over its public socket (WatchPublicKeys through grpcio), nothing polled:

    python python_socket.py --socket PUBLIC_SOCKET --apikeyctl PATH --admin-socket PATH

Checks a valid key (200 and its subject), a revocation (400, and how soon), a retired signing
key (400) beside a key of the new one (200); usage reported to ReportUsage on the socket.
Prints one JSON object.
"""

import argparse
import base64
import json
import subprocess
import sys
import time

import django
from django.conf import settings


def main():
    parser = argparse.ArgumentParser()
    for name in ["--socket", "--apikeyctl", "--admin-socket"]:
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    settings.configure(ALLOWED_HOSTS=["*"], APIKEY_SOCKET=args.socket, APIKEY_MANDATORY=True,
                       APIKEY_MAX_STALENESS=5, APIKEY_VERIFIER_NAME="django-socket",
                       APIKEY_USAGE_INTERVAL=1)
    django.setup()
    from django.http import HttpResponse
    from django.test import RequestFactory

    from apikeyserv_client.django import ApiKeyMiddleware

    def ctl(*arguments):
        out = subprocess.run([args.apikeyctl, "--socket", args.admin_socket, *arguments],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            sys.exit(f"apikeyctl {arguments}: {out.stderr}")
        return out.stdout

    def issue():
        answer = json.loads(ctl("issue", "--email", "s@example.org", "--organisation", "S",
                                "--json"))
        return answer["key"]["id"], answer["token"]

    middleware = ApiKeyMiddleware(
        lambda request: HttpResponse(getattr(request, "api_key_subject", "")))
    factory = RequestFactory()

    def status(token):
        response = middleware(factory.get("/data", HTTP_X_API_KEY=token))
        return response.status_code, response.content.decode()

    def until(token, code, seconds=10):
        start = time.time()
        while time.time() - start < seconds:
            if status(token)[0] == code:
                return round(time.time() - start, 3)
            time.sleep(0.02)
        return None

    result = {}
    key_id, token = issue()
    result["key_id"] = key_id
    result["valid"] = list(status(token))
    revoked_id, revoked = issue()
    ctl("keys", "revoke", revoked_id, "--yes")
    result["revoked_refused_after_s"] = until(revoked, 400)
    old_kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
    ctl("signing-key", "rotate", "--publish-ahead", "1s")
    time.sleep(1.5)
    ctl("signing-key", "retire", old_kid, "--yes")
    result["retired_refused_after_s"] = until(token, 400)
    result["new_key"] = status(issue()[1])[0]
    time.sleep(2.5)  # a usage report goes to ReportUsage
    print(json.dumps(result))


if __name__ == "__main__":
    main()
