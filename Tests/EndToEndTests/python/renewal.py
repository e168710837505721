"""Expiry reminders and renewal links, as an owner meets them: the mails in the sink, the link
in a browser-like session, the new token in the original's Django middleware.

    python renewal.py mails --maildir DIR
    python renewal.py renew --base BRIDGE_URL --link URL [--delivery page|email]

mails   one JSON object per message the sink holds: envelope recipients (X-RcptTo), subject,
        the MIME types of its parts, the plain text, the HTML, and the renewal link in each
renew   GET the link (a page with the key's number and the new expiry), POST it with its CSRF
        pair, follow the redirect, read the token off the page (page delivery); check it with
        `datadiensten-apikeyclient`'s ApiKeyMiddleware configured at the bridge and with PyJWT;
        then use the link again, a changed link and a POST without the CSRF pair. Prints the
        statuses, the token's sub and exp, and what the middleware said.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import re
import sys

import requests


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def mails(args):
    new = os.path.join(args.maildir, "new")
    names = sorted(os.listdir(new), key=lambda n: os.stat(os.path.join(new, n)).st_mtime) \
        if os.path.isdir(new) else []
    out = []
    for name in names:
        with open(os.path.join(new, name), "rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        text = text.get_content() if text else ""
        html = html.get_content() if html else ""
        links = re.findall(r"https?://\S+/renew/[A-Za-z0-9_-]+", text)
        out.append({
            "rcpt": sorted(a.strip() for a in str(message.get("X-RcptTo", "")).split(",") if a.strip()),
            "to": str(message.get("To", "")),
            "subject": str(message.get("Subject", "")),
            "types": [part.get_content_type() for part in message.walk()],
            "text": text, "html": html,
            "link": links[0] if links else None,
            "html_link": (re.findall(r'href="(https?://[^"]+/renew/[^"]+)"', html) or [None])[0],
        })
    print(json.dumps(out))


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def original_middleware(base, token):
    """The status and subject the original's middleware gives a request with `token`."""
    import django
    from django.conf import settings
    settings.configure(APIKEY_ENDPOINT=f"{base}/signingkeys/", APIKEY_MANDATORY=True,
                       APIKEY_ALLOW_EMPTY=False, ALLOWED_HOSTS=["*"])
    django.setup()
    from django.http import HttpResponse
    from django.test import RequestFactory
    from apikeyclient import ApiKeyMiddleware
    middleware = ApiKeyMiddleware(
        lambda request: HttpResponse(getattr(request, "api_key_subject", "")))
    response = middleware(RequestFactory().get("/data", HTTP_X_API_KEY=token))
    return response.status_code, response.content.decode()


def renew(args):
    path = "/renew/" + args.link.rsplit("/renew/", 1)[1]
    base = args.base
    session = requests.Session()
    page = session.get(base + path, timeout=10)
    result = {"get": page.status_code, "page_shows_new_expiry": "Na verlengen" in page.text}
    token_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not token_field:
        fail(f"no form on the renewal page: {page.status_code} {page.text[:500]}")
    result["post_without_csrf"] = requests.post(base + path, data={}, timeout=10).status_code
    done = session.post(base + path, data={"csrfmiddlewaretoken": token_field.group(1)},
                        timeout=30)
    result["post"] = done.status_code
    result["done_url"] = done.url.replace(base, "")
    token = re.search(r'<textarea id="apikey"[^>]*>([^<]+)</textarea>', done.text)
    result["renewed_shown"] = "verlengd" in done.text
    old = re.search(r"the old one works until ([0-9-]+)", done.text)
    result["old_works_until"] = old.group(1) if old else None
    if token:
        token = token.group(1).strip()
        c = claims(token)
        result["sub"], result["exp"] = c["sub"], c["exp"]
        result["middleware"] = list(original_middleware(base, token))
    again = session.post(base + path, data={"csrfmiddlewaretoken": token_field.group(1)},
                         timeout=30)
    result["second_use"] = again.status_code
    result["second_use_says"] = re.sub(r"<[^>]+>", " ", again.text).split("This link cannot be used:")[-1][:200]
    value = path.rsplit("/", 1)[1]
    changed = value[:10] + ("B" if value[10] != "B" else "C") + value[11:]
    result["changed"] = requests.get(f"{base}/renew/{changed}", timeout=10).status_code
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["mails", "renew"])
    parser.add_argument("--maildir")
    parser.add_argument("--base")
    parser.add_argument("--link")
    args = parser.parse_args()
    {"mails": mails, "renew": renew}[args.command](args)


if __name__ == "__main__":
    main()
