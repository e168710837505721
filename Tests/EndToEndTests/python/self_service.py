"""Self-service against a real apikey-http and apikeyserv, as the public and a portal use it:

    python self_service.py --base URL COMMAND [options]

Commands (each prints one JSON object; a failed expectation prints its reason on stderr, exit 1):
  api       the JSON endpoint as the original's: redirects, 403/204, "No data provided.", field
            errors by the original's names, the 200 answer's fields, the key verifying against
            the bridge's JWKS; honeypot, size and media type refused
  form      the form with requests: CSRF cookie and field (403 without), errors beside the
            fields with the values kept, the result page with the key
  limits    (bridge --limit-per-client 3/hour --trust-proxy 127.0.0.1, daemon --limit-per-email
            2/day --limit-overall 4/hour): each limit reached, 429 with Retry-After (JSON) and a
            readable page (form)
  email     (daemon --self-service-delivery email through msmtp): --maildir holds the message;
            its key verifies; the answers carry no key
  browser   headless Chromium (Selenium): load the form, submit it empty, fill it, submit, read
            the key off the page, verify it; screenshots in --out, checked to show the form
"""
import argparse
import base64
import email
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import zlib

import jwt
import requests


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


ORIGINAL_FIELDS = {"id", "contactperson_1_name", "email_1", "contactperson_2_name", "email_2",
                   "organisation", "department", "expires", "sent", "apikey"}


def verify(base, token):
    """The key's subject, verified against the bridge's JWKS as any service would."""
    jwks = requests.get(f"{base}/signingkeys/", timeout=5).json()
    kid = jwt.get_unverified_header(token).get("kid")
    keys = jwt.PyJWKSet.from_dict(jwks)
    key = next(k for k in keys.keys if k.key_id == kid)
    claims = jwt.decode(token, key.key, algorithms=["EdDSA"])
    return claims["sub"]


def post_json(base, body, headers=None, raw=None):
    return requests.post(f"{base}/apikeys/", data=raw if raw is not None else json.dumps(body),
                         headers={"Content-Type": "application/json", **(headers or {})},
                         timeout=30)


def valid(email_1="ann@example.org", **extra):
    return {"contactperson_1_name": "Ann de Vries", "email_1": email_1,
            "organisation": "Gemeente Voorbeeld", "department": "Data",
            "agree_on_personal_data": True, **extra}


def api(args):
    base = args.base
    r = requests.get(f"{base}/", allow_redirects=False, timeout=5)
    expect(r.status_code == 302 and r.headers["Location"] == "/register/", f"/: {r.status_code}")
    r = requests.get(f"{base}/apikeys/", timeout=5)
    expect(r.status_code == 403, f"GET /apikeys/: {r.status_code}")
    r = requests.options(f"{base}/apikeys/", headers={"Origin": "https://portal.example.org",
                                                      "Access-Control-Request-Method": "POST"},
                         timeout=5)
    expect(r.status_code == 204 and r.headers.get("Access-Control-Allow-Origin") == "*",
           f"OPTIONS: {r.status_code} {r.headers}")
    r = post_json(base, None, raw=b"")
    expect(r.status_code == 400 and r.json() == {"message": "No data provided."},
           f"empty: {r.status_code} {r.text}")
    r = post_json(base, {"email_1": "not-an-address", "organisation": ""})
    errors = r.json()
    expect(r.status_code == 400, f"invalid: {r.status_code}")
    expect(set(errors) == {"email_1", "organisation", "agree_on_personal_data"}, f"{errors}")
    expect(all(isinstance(v, list) and v for v in errors.values()), f"{errors}")
    r = post_json(base, valid(name="x" * 201))
    expect(r.status_code == 400 and set(r.json()) == {"name"}, f"long name: {r.status_code} {r.text}")
    r = post_json(base, valid(website="http://spam.example"))
    expect(r.status_code == 400, f"honeypot: {r.status_code}")
    r = post_json(base, valid(organisation="x" * 20000))
    expect(r.status_code == 413, f"large body: {r.status_code}")
    r = requests.post(f"{base}/apikeys/", data="hello", headers={"Content-Type": "text/plain"},
                      timeout=5)
    expect(r.status_code == 415, f"text/plain: {r.status_code}")

    r = post_json(base, valid(name="BBGA dashboard"), headers={"Origin": "https://portal.example.org"})
    expect(r.status_code == 200, f"valid: {r.status_code} {r.text}")
    answer = r.json()
    expect(set(answer) == ORIGINAL_FIELDS, f"fields: {sorted(answer)}")
    expect(r.headers.get("Access-Control-Allow-Origin") == "*", "no CORS on the answer")
    expect(answer["email_1"] == "ann@example.org" and answer["sent"] is False, f"{answer}")
    expect(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", answer["expires"]),
           f"expires: {answer['expires']}")
    subject = verify(base, answer["apikey"])
    expect(subject == str(answer["id"]), f"sub {subject} != id {answer['id']}")
    docs = requests.get(f"{base}/docs/", timeout=5)
    expect(docs.status_code == 200 and "X-Api-Key" in docs.text and "x-api-key" in docs.text,
           "docs")
    redacted = dict(answer, apikey=answer["apikey"][:12] + "…")
    print(json.dumps({"answer": redacted, "errors": errors}, ensure_ascii=False))


def form_token(session, base):
    r = session.get(f"{base}/register/", timeout=5)
    expect(r.status_code == 200, f"GET /register/: {r.status_code}")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
    expect(match and session.cookies.get("csrftoken") == match.group(1), "no CSRF pair")
    return match.group(1)


def form_fields(email_1="form@example.org"):
    return {"contactperson_1_name": "Bea", "email_1": email_1, "organisation": "Org & Co",
            "agree_on_personal_data": "on"}


def form(args):
    base = args.base
    r = requests.post(f"{base}/register/", data=form_fields(), timeout=5)
    expect(r.status_code == 403, f"no CSRF: {r.status_code}")
    session = requests.Session()
    token = form_token(session, base)
    r = session.post(f"{base}/register/", data={**form_fields(), "csrfmiddlewaretoken": "x" * 43},
                     timeout=5)
    expect(r.status_code == 403, f"wrong CSRF: {r.status_code}")
    bad = {**form_fields("bea@"), "csrfmiddlewaretoken": token}
    del bad["agree_on_personal_data"]
    r = session.post(f"{base}/register/", data=bad, timeout=5)
    expect(r.status_code == 400, f"bad form: {r.status_code}")
    expect('id="email_1-error"' in r.text and 'value="bea@"' in r.text, "errors/values")
    expect('value="Org &amp; Co"' in r.text, "organisation not kept")
    # A refused CSRF check gives the form back with what was typed (and a fresh token).
    stale = requests.Session()
    r = stale.post(f"{base}/register/", data=form_fields(), timeout=5)
    expect(r.status_code == 403 and 'value="Org &amp; Co"' in r.text, "typed values lost")
    fresh = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    expect(stale.cookies.get("csrftoken") == fresh, "no fresh CSRF pair")
    # The form as rendered carries a request id; sent twice (Back, then submit), one key.
    page = session.get(f"{base}/register/", timeout=5).text
    request_id = re.search(r'name="request_id" value="([^"]+)"', page).group(1)
    fields = {**form_fields(), "csrfmiddlewaretoken": token, "request_id": request_id}
    r = session.post(f"{base}/register/", data=fields, timeout=30, allow_redirects=False)
    expect(r.status_code == 303, f"good form: {r.status_code} {r.text[:300]}")
    result_url = f"{base}{r.headers['Location']}"
    r = session.get(result_url, timeout=5)
    expect(r.status_code == 200, f"result page: {r.status_code}")
    expect(r.headers.get("Cache-Control") == "no-store", "result page cacheable")
    match = re.search(r'<textarea id="apikey"[^>]*>([^<]+)</textarea>', r.text)
    expect(match, "no key on the result page")
    subject = verify(base, match.group(1).strip())
    # A refresh of the result page shows the same key, and posts nothing.
    again = session.get(result_url, timeout=5)
    expect(match.group(1) in again.text, "a refresh lost the key")
    # Back and submit: the same request id gives the same key.
    r = session.post(f"{base}/register/", data=fields, timeout=30)
    expect(r.status_code == 200, f"resubmission: {r.status_code}")
    resubmitted = re.search(r'<textarea id="apikey"[^>]*>([^<]+)</textarea>', r.text)
    expect(resubmitted and verify(base, resubmitted.group(1).strip()) == subject,
           "a resubmitted form made another key")
    # Another browser cannot open the result.
    other = requests.get(result_url, timeout=5)
    expect(other.status_code == 404 and "apikey" not in other.text, "result open to others")
    print(json.dumps({"subject": subject}))


def limits(args):
    base = args.base

    def ask(client, address, path="/apikeys/"):
        return post_json(base, valid(address), headers={"X-Forwarded-For": client})

    statuses = []
    # The daemon's per-address limit (2/day), whichever client asks.
    for client in ["198.51.100.1", "198.51.100.1", "198.51.100.1"]:
        statuses.append(ask(client, "same@example.org").status_code)
    expect(statuses == [200, 200, 429], f"per e-mail: {statuses}")
    # The daemon refused the third request: it got no key, so the bridge took its count back.
    r = ask("198.51.100.1", "other@example.org")
    expect(r.status_code == 200, f"a request the daemon refused still counted: {r.status_code}")
    r = ask("198.51.100.1", "third@example.org")
    # The bridge's per-client limit (3/hour): three keys given to 198.51.100.1.
    expect(r.status_code == 429 and int(r.headers["Retry-After"]) > 3000,
           f"per client: {r.status_code} {r.headers}")
    per_client = r.json()["message"]
    for n in range(3):
        r = ask("198.51.100.2", f"b{n}@example.org")
        statuses.append(r.status_code)
    # Overall (4/hour): three keys for 198.51.100.1, one for .2, then the limit.
    expect(statuses[3:] == [200, 429, 429], f"overall: {statuses}")
    overall = r.json()["message"]
    retry = r.headers.get("Retry-After")
    # The form says so in a page, with Retry-After too.
    session = requests.Session()
    token = form_token(session, base)
    r = session.post(f"{base}/register/",
                     data={**form_fields("c@example.org"), "csrfmiddlewaretoken": token},
                     headers={"X-Forwarded-For": "198.51.100.3"}, timeout=30)
    expect(r.status_code == 429 and "Retry-After" in r.headers and "<h1>" in r.text,
           f"form 429: {r.status_code}")
    expect("Try again in" in r.text, "the page does not say when")
    print(json.dumps({"statuses": statuses + [r.status_code], "per_client": per_client,
                      "overall": overall, "retry_after": retry}))


def read_maildir(maildir, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        new = os.path.join(maildir, "new")
        names = sorted(os.listdir(new)) if os.path.isdir(new) else []
        if names:
            path = os.path.join(new, names[0])
            with open(path, "rb") as f:
                message = email.message_from_bytes(f.read())
            os.rename(path, os.path.join(maildir, "cur", names[0]))
            return message
        time.sleep(0.1)
    fail(f"no message arrived in {maildir}")


def mail(args):
    base = args.base
    r = post_json(base, valid("mail@example.org"))
    expect(r.status_code == 200, f"JSON: {r.status_code} {r.text}")
    answer = r.json()
    expect(answer["apikey"] is None and answer["sent"] is True, f"{answer}")
    message = read_maildir(args.maildir)
    expect(message["To"] == "mail@example.org", f"To: {message['To']}")
    body = message.get_payload(decode=True).decode()
    token = next(line.strip() for line in body.splitlines() if line.strip().startswith("eyJ"))
    subject = verify(base, token)
    expect(subject == str(answer["id"]), f"sub {subject} != id {answer['id']}")
    session = requests.Session()
    csrf = form_token(session, base)
    r = session.post(f"{base}/register/",
                     data={**form_fields("mail2@example.org"), "csrfmiddlewaretoken": csrf},
                     timeout=30)
    expect(r.status_code == 200 and "mail2@example.org" in r.text, f"form: {r.status_code}")
    expect('id="apikey"' not in r.text, "the e-mailed key is on the page")
    second = read_maildir(args.maildir)
    expect(second["To"] == "mail2@example.org", f"To: {second['To']}")
    print(json.dumps({"to": message["To"], "subject": message["Subject"], "sub": subject}))


def png_colours(path):
    """Distinct colours in an 8-bit RGB(A) PNG (Chromium's screenshots), and its size."""
    data = open(path, "rb").read()
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    pos, idat, width, height, kind = 8, b"", 0, 0, 0
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, kind = struct.unpack(">IIBB", chunk[:10])
            expect(depth == 8 and kind in (2, 6), f"PNG type {kind}/{depth}")
        elif tag == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 4 if kind == 6 else 3
    stride = width * bpp
    previous = bytearray(stride)
    colours = set()
    for row in range(height):
        start = row * (stride + 1)
        filter_type, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if filter_type == 1:
                line[i] = (line[i] + a) & 255
            elif filter_type == 2:
                line[i] = (line[i] + b) & 255
            elif filter_type == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filter_type == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if row % 4 == 0:
            colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp * 2))
        previous = line
    return len(colours), width, height


def wait_for(driver, element_id, seconds=20):
    """The element with this id, once the page that has it is there; a click on submit returns
    before the navigation it starts is done. Fails with the page's text if it never comes."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, seconds).until(
            expected_conditions.presence_of_element_located((By.ID, element_id)))
    except TimeoutException:
        text = driver.find_element(By.TAG_NAME, "body").text[:600]
        raise SystemExit(f"no #{element_id} after {seconds} s at {driver.current_url}: {text!r}")


def start_browser(size, lang):
    """Headless Chromium (Debian's, with its chromedriver, offline) at window `size` ("W,H") and
    language `lang`; returns the driver and its scratch directory (remove it after quit)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"
    # Chromium's own scratch directories go where the test removes them, not into /tmp.
    scratch = tempfile.mkdtemp(prefix="aks-chromium-")
    os.environ["TMPDIR"] = scratch
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={size}", f"--lang={lang}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options,
                              service=Service(executable_path=shutil.which("chromedriver")))
    return driver, scratch


def browser(args):
    from selenium.webdriver.common.by import By

    driver, scratch = start_browser("900,1500", "nl")
    os.makedirs(args.out, exist_ok=True)
    try:
        driver.get(f"{args.base}/")
        expect(driver.current_url.endswith("/register/"), f"at {driver.current_url}")
        form_element = driver.find_element(By.TAG_NAME, "form")
        # Every visible input has a label that names it.
        for element in driver.find_elements(By.CSS_SELECTOR, "form input:not([type=hidden])"):
            name = element.get_attribute("id")
            if name == "website":
                expect(not element.is_displayed() or element.size["width"] <= 1, "honeypot shown")
                continue
            labels = driver.find_elements(By.CSS_SELECTOR, f'label[for="{name}"]')
            expect(labels and labels[0].text.strip(), f"{name} has no label")
        form_path = os.path.join(args.out, "self-service-form.png")
        driver.save_screenshot(form_path)
        form_element.screenshot(os.path.join(args.out, "self-service-form-only.png"))
        colours, width, height = png_colours(os.path.join(args.out, "self-service-form-only.png"))
        expect(colours >= 8 and height > 400, f"the form's screenshot looks empty: {colours} colours {width}x{height}")

        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = wait_for(driver, "email_1-error")
        expect(error.is_displayed(), "no error shown")
        # The title says there are errors, focus is on the summary, and its links lead to the
        # fields.
        expect(driver.title.startswith("Fout:"), f"title {driver.title!r}")
        focused = driver.execute_script("return document.activeElement.id")
        expect(focused == "problems", f"focus on {focused!r}, not the summary")
        driver.find_element(By.CSS_SELECTOR, '#problems a[href="#email_1"]').click()
        expect(driver.execute_script("return location.hash") == "#email_1", "summary link")
        driver.save_screenshot(os.path.join(args.out, "self-service-errors.png"))
        driver.find_element(By.ID, "contactperson_1_name").send_keys("Chris")
        driver.find_element(By.ID, "email_1").send_keys("chris@example.org")
        driver.find_element(By.ID, "organisation").send_keys("Voorbeeld B.V.")
        driver.find_element(By.ID, "agree_on_personal_data").click()
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The click starts a navigation; the result page may not be there yet when it returns.
        key = wait_for(driver, "apikey").get_attribute("value").strip()
        copy = driver.find_element(By.ID, "copy")
        result_path = os.path.join(args.out, "self-service-result.png")
        driver.save_screenshot(result_path)
        subject = verify(args.base, key)
        number = driver.find_element(By.TAG_NAME, "dd").text
        expect(subject == number, f"sub {subject} != shown number {number}")
        colours, _, _ = png_colours(result_path)
        expect(colours >= 8, "the result's screenshot looks empty")
        # A phone's width and a desktop's: nothing scrolls sideways (the key's number fits).
        copy_shown = copy.is_displayed()
        result_url = driver.current_url
        expect("/register/done/" in result_url, f"no redirect after the post: {result_url}")
        for width in [390, 1280]:
            driver.set_window_size(width, 900)
            for url in [result_url, f"{args.base}/register/", f"{args.base}/docs/"]:
                driver.get(url)
                fits = driver.execute_script(
                    "return document.documentElement.scrollWidth <= window.innerWidth")
                expect(fits, f"{url} scrolls sideways at {width} px")
        print(json.dumps({"screenshots": sorted(os.listdir(args.out)), "subject": subject,
                          "copy_button_shown": copy_shown}))
    finally:
        driver.quit()
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--maildir")
    parser.add_argument("--out")
    parser.add_argument("command", choices=["api", "form", "limits", "email", "browser"])
    args = parser.parse_args()
    {"api": api, "form": form, "limits": limits, "email": mail, "browser": browser}[args.command](args)


if __name__ == "__main__":
    main()
