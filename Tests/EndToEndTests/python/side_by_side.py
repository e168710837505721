"""The original's middleware (datadiensten-apikeyclient 0.7.7) and apikeyserv-client's, side
by side on the same requests against the same bridge, with the same settings:

    python side_by_side.py --bridge URL --valid TOKEN --expired TOKEN --revoked TOKEN

Prints one JSON object: for each case, the status and subject each middleware gives, and whether
they agree. The cases where they may differ are the original's unsafe behaviours (docs/python-client.md).
"""

import argparse
import json

import django
from django.conf import settings


def main():
    parser = argparse.ArgumentParser()
    for name in ["--bridge", "--valid", "--expired", "--revoked"]:
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    settings.configure(
        ALLOWED_HOSTS=["*"], APIKEY_ENDPOINT=f"{args.bridge}/signingkeys/",
        APIKEY_MANDATORY=True, APIKEY_ALLOW_EMPTY=True,
        APIKEY_ALLOW_PATH_PREFIX_WHITELIST=["/open"])
    django.setup()
    from apikeyclient import ApiKeyMiddleware as Original
    from django.http import HttpResponse
    from django.test import RequestFactory

    from apikeyserv_client.django import ApiKeyMiddleware as Ours

    def view(request):
        return HttpResponse(json.dumps([getattr(request, "api_key_subject", None),
                                        request.GET.urlencode()]))

    original, ours = Original(view), Ours(view)
    factory = RequestFactory()
    bad_signature = args.valid[:-4] + ("AAAA" if not args.valid.endswith("AAAA") else "BBBB")
    cases = {
        "header": lambda: factory.get("/d", HTTP_X_API_KEY=args.valid),
        "query": lambda: factory.get("/d", {"x-api-key": args.valid, "page": "2"}),
        "missing": lambda: factory.get("/d"),
        "empty allowed": lambda: factory.get("/d", HTTP_X_API_KEY=""),
        "garbage": lambda: factory.get("/d", HTTP_X_API_KEY="not-a-token"),
        "bad signature": lambda: factory.get("/d", HTTP_X_API_KEY=bad_signature),
        "whitelisted path": lambda: factory.get("/open/x"),
        "expired": lambda: factory.get("/d", HTTP_X_API_KEY=args.expired),
        "revoked": lambda: factory.get("/d", HTTP_X_API_KEY=args.revoked),
        "Mozilla user agent, no key": lambda: factory.get("/d", HTTP_USER_AGENT="Mozilla/5.0"),
    }
    result = {}
    for name, make in cases.items():
        answers = []
        for middleware in (original, ours):
            response = middleware(make())
            answers.append([response.status_code, response.content.decode()])
        result[name] = {"original": answers[0], "ours": answers[1],
                        "same": answers[0] == answers[1]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
