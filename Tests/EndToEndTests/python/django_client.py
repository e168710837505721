"""The original's client, unchanged: `datadiensten-apikeyclient`'s Django middleware, configured
as its users do (APIKEY_ENDPOINT at the bridge, APIKEY_MANDATORY=True), checking tokens.

    python django_client.py ENDPOINT VALID_TOKEN RETIRED_TOKEN

Prints one JSON object: the HTTP status the middleware gives each case, and the subject it
passes on for the valid token. Also verifies the valid token with PyJWT's PyJWKSet by kid.
"""
import json
import sys

import django
from django.conf import settings


def main():
    endpoint, valid, retired = sys.argv[1:4]
    settings.configure(
        APIKEY_ENDPOINT=endpoint,
        APIKEY_MANDATORY=True,
        APIKEY_ALLOW_EMPTY=False,
        ALLOWED_HOSTS=["*"],
    )
    django.setup()
    from django.http import HttpResponse
    from django.test import RequestFactory
    from apikeyclient import ApiKeyMiddleware

    middleware = ApiKeyMiddleware(lambda request: HttpResponse(getattr(request, "api_key_subject", "")))
    factory = RequestFactory()

    def status(token, via="header"):
        if via == "query":
            request = factory.get("/data", {"x-api-key": token})
        elif token is None:
            request = factory.get("/data")
        else:
            request = factory.get("/data", HTTP_X_API_KEY=token)
        response = middleware(request)
        return response.status_code, response.content.decode()

    header, tail, signature = valid.split(".")
    tampered = ".".join([header, tail, ("A" if signature[0] != "A" else "B") + signature[1:]])
    result = {
        "valid": status(valid),
        "valid_query": status(valid, via="query"),
        "tampered": status(tampered),
        "retired": status(retired),
        "missing": status(None),
    }

    import jwt
    import requests

    jwks = requests.get(endpoint, timeout=5).json()
    key_set = jwt.PyJWKSet.from_dict(jwks)
    kid = jwt.get_unverified_header(valid)["kid"]
    result["pyjwt_sub"] = jwt.decode(valid, key_set[kid].key, algorithms=["EdDSA"])["sub"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
