"""What python_client.py and python_socket.py share: apikeyctl against the daemon, keys issued
with it, and apikeyserv-client's Django middleware asked about a token (after django.setup())."""

import json
import subprocess
import sys
import time


class Checks:
    """apikeyctl on `admin_socket`, and the middleware the settings describe."""

    def __init__(self, apikeyctl, admin_socket):
        from django.http import HttpResponse
        from django.test import RequestFactory

        from apikeyserv_client.django import ApiKeyMiddleware

        self.apikeyctl, self.admin_socket = apikeyctl, admin_socket
        self.factory = RequestFactory()
        self.middleware = ApiKeyMiddleware(
            lambda request: HttpResponse(getattr(request, "api_key_subject", "")))

    def ctl(self, *arguments):
        """apikeyctl's stdout; exits naming the command when it fails."""
        out = subprocess.run([self.apikeyctl, "--socket", self.admin_socket, *arguments],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            sys.exit(f"apikeyctl {arguments}: {out.stderr}")
        return out.stdout

    def issue(self, expires="30d"):
        """A new key's id and token."""
        answer = json.loads(self.ctl("issue", "--email", "py@example.org", "--organisation",
                                     "Py", "--expires", expires, "--json"))
        return answer["key"]["id"], answer["token"]

    def status(self, token, middleware=None):
        """The middleware's status and body for a request with `token`."""
        response = (middleware or self.middleware)(
            self.factory.get("/data", HTTP_X_API_KEY=token))
        return response.status_code, response.content.decode()

    def until(self, token, code, seconds=15, step=0.05):
        """Seconds until `token` gets `code`; None when it did not within `seconds`."""
        start = time.time()
        while time.time() - start < seconds:
            if self.status(token)[0] == code:
                return round(time.time() - start, 3)
            time.sleep(step)
        return None
