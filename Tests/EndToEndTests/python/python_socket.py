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
    from django_checks import Checks

    checks = Checks(args.apikeyctl, args.admin_socket)
    ctl, issue, status = checks.ctl, checks.issue, checks.status

    def until(token, code):
        return checks.until(token, code, seconds=10, step=0.02)

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
