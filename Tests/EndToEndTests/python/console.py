"""The admin console (`apikeyctl console`) against a real daemon and bridge, in headless Chromium:

    python console.py --url ENTRY_URL --bridge BRIDGE_URL COMMAND [options]

Commands (each prints one JSON object; a failed expectation prints its reason on stderr, exit 1):
  browser   open the entry link; issue a key and read its token; find it by e-mail; change its
            organisation; a refused change shown next to its field; revoke it (with a reason)
            and find it on the bridge's /revoked; rotate, then retire the old signing key with
            the impact shown first; every step in the audit page; verifiers, backup; each page
            at a phone's width; screenshots in --out. Prints the session cookie for the next
            commands.
  refusals  (--cookie) no cookie, the spent entry link, a form without or with a wrong CSRF
            token: each refused with a page, nothing changed; a backup downloaded whole
  down      (--cookie; the daemon stopped) a page that says the daemon is not answering
  up        (--cookie; the daemon back) the console carries on
  link      (--url a second entry link) it opens a session of its own
"""
import argparse
import json
import os
import re
import shutil
import time

import requests

from self_service import expect, png_colours, start_browser, verify, wait_for


def base_of(url):
    return url.split("/enter/")[0]


def browser(args):
    from selenium.webdriver.common.by import By

    driver, scratch = start_browser("1280,1000", "en")
    os.makedirs(args.out, exist_ok=True)
    base = base_of(args.url)
    shots = []

    def shot(name):
        path = os.path.join(args.out, f"console-{name}.png")
        driver.save_screenshot(path)
        colours, _, height = png_colours(path)
        expect(colours >= 6 and height > 300, f"the {name} screenshot looks empty")
        shots.append(os.path.basename(path))

    def text():
        return driver.find_element(By.TAG_NAME, "main").text

    def fill(field, value):
        element = driver.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)

    def go(element, then):
        """Clicks `element` (a link or a submit button) and waits for the next page's `then`:
        first for this page to go (a click returns before the navigation it starts is done)."""
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        page = driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))
        return wait_for(driver, then)

    def labelled():
        # Every visible field has a label that names it.
        for element in driver.find_elements(By.CSS_SELECTOR,
                                            "main input:not([type=hidden]), main select, main textarea"):
            name = element.get_attribute("id")
            labels = driver.find_elements(By.CSS_SELECTOR, f'label[for="{name}"]')
            expect(labels and labels[0].text.strip(), f"{name} has no label at {driver.current_url}")

    try:
        driver.get(args.url)
        wait_for(driver, "keys")
        expect(driver.current_url == f"{base}/keys", f"not redirected to a clean URL: {driver.current_url}")
        cookie = next(c for c in driver.get_cookies() if c["name"] == "apikey_console")
        expect(cookie.get("httpOnly") and cookie.get("sameSite") == "Strict", f"cookie {cookie}")
        labelled()
        shot("keys")

        # Issue a key; the token is shown once and verifies against the bridge's key set.
        go(driver.find_element(By.LINK_TEXT, "Issue a key"), "issue")
        labelled()
        fill("email", "dana@example.org")
        fill("organisation", "Gemeente Voorbeeld")
        fill("name", "parkeren dashboard")
        fill("tags", "team=parking")
        shot("issue")
        token = go(driver.find_element(By.ID, "submit"), "token").get_attribute("value").strip()
        expect(token.startswith("eyJ"), f"no token on the page: {token[:20]}")
        key_id = driver.find_element(By.ID, "key-link").text
        expect(verify(args.bridge, token) == key_id, "the token's sub is not the key shown")
        copy = driver.find_element(By.CSS_SELECTOR, "button[data-copy]")
        expect(copy.is_displayed(), "no copy button with the script")
        shot("token")

        # Find it by e-mail.
        go(driver.find_element(By.LINK_TEXT, "Keys"), "q")
        fill("q", "dana@example.org")
        go(driver.find_element(By.CSS_SELECTOR, "form[role=search] button"), "count")
        rows = driver.find_elements(By.CSS_SELECTOR, "#keys tbody tr")
        expect(len(rows) == 1 and key_id in rows[0].text, f"search: {[r.text for r in rows]}")
        go(rows[0].find_element(By.TAG_NAME, "a"), "edit")
        labelled()

        # Change its organisation.
        fill("organisation", "Gemeente Voorbeeldstad")
        go(driver.find_element(By.ID, "save"), "edit")
        expect("Saved." in text(), "no confirmation after saving")
        expect(driver.find_element(By.ID, "organisation").get_attribute("value") == "Gemeente Voorbeeldstad",
               "the organisation did not change")
        shot("key")

        # A refusal: the daemon's words next to the field, nothing changed.
        fill("email", "not-an-address")
        fill("department", "Verkeer")
        error = go(driver.find_element(By.ID, "save"), "email-error")
        expect(error.text.strip() != "", "an empty error")
        expect(driver.find_element(By.ID, "email").get_attribute("aria-invalid") == "true", "not marked invalid")
        expect(driver.find_element(By.ID, "email").get_attribute("value") == "not-an-address",
               "the form lost what was typed")
        refused_words = error.text.strip()
        shot("key-refused")
        driver.get(f"{base}/keys/{key_id}")
        wait_for(driver, "edit")
        expect(driver.find_element(By.ID, "email").get_attribute("value") == "dana@example.org"
               and driver.find_element(By.ID, "department").get_attribute("value") == "",
               "a refused change changed something")

        # Revoke, with a confirmation and a reason; then on the bridge's revocation list.
        go(driver.find_element(By.ID, "revoke"), "confirm")
        expect("cannot be undone" in text(), "no warning before revoking")
        fill("reason", "laptop stolen")
        shot("revoke-confirm")
        go(driver.find_element(By.ID, "confirm"), "edit")
        expect("Revoked" in text(), "no confirmation of the revocation")
        deadline = time.time() + 10
        while True:
            revoked = requests.get(f"{args.bridge}/revoked", timeout=5)
            if revoked.status_code == 200 and key_id in revoked.text:
                break
            expect(time.time() < deadline, f"key {key_id} not on {args.bridge}/revoked: {revoked.text[:300]}")
            time.sleep(0.2)

        # Signing keys: rotate (signing at once), then retire the old one, impact first.
        go(driver.find_element(By.LINK_TEXT, "Signing keys"), "signing-keys")
        labelled()
        before = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#signing-keys tbody tr")]
        old_kid = next(r.split()[0] for r in before if " current " in f" {r} ")
        fill("publish_ahead", "0")
        go(driver.find_element(By.ID, "rotate-submit"), "signing-keys")
        expect("Rotated" in text(), "no confirmation of the rotation")
        after = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#signing-keys tbody tr")]
        expect(len(after) == len(before) + 1, f"rotation: {after}")
        new_kid = next(r.split()[0] for r in after if " current " in f" {r} ")
        expect(new_kid != old_kid, "the new key does not sign")
        shot("signing-keys")
        go(driver.find_element(By.ID, f"retire-{old_kid}"), "confirm")
        impact = text()
        expect("breaks 1 API key:" in impact, f"the impact is not the one live key: {impact[:400]}")
        expect("Seed Org" in impact, f"the impact does not name the organisation: {impact[:400]}")
        shot("retire-confirm")
        go(driver.find_element(By.ID, "confirm"), "signing-keys")
        expect("retired" in text(), "no confirmation of the retirement")
        row = next(r.text for r in driver.find_elements(By.CSS_SELECTOR, "#signing-keys tbody tr")
                   if r.text.startswith(old_kid))
        expect(" retired " in f" {row} ", f"the old key is not retired: {row}")

        # Each step in the audit page, the chain intact.
        go(driver.find_element(By.LINK_TEXT, "Audit trail"), "audit")
        trail = text()
        for action in ["issue_key", "update_key", "revoke_key", "rotate_signing_key", "retire_signing_key"]:
            expect(action in trail, f"{action} not in the audit page")
        expect("chain is intact" in driver.find_element(By.ID, "chain").text, "chain not shown intact")
        shot("audit")
        fill("action", "revoke_key")
        go(driver.find_element(By.CSS_SELECTOR, "form.filters button"), "audit")
        actions = {r.find_elements(By.TAG_NAME, "td")[2].text
                   for r in driver.find_elements(By.CSS_SELECTOR, "#audit tbody tr")}
        expect(actions == {"revoke_key"}, f"filtered audit: {actions}")

        go(driver.find_element(By.LINK_TEXT, "Verifiers"), "verifiers")
        expect("synced" in text(), f"no synced verifier: {text()[:300]}")
        shot("verifiers")
        go(driver.find_element(By.LINK_TEXT, "Backup"), "backup")
        shot("backup")

        # A phone's width: nothing scrolls sideways.
        driver.set_window_size(390, 900)
        for path in ["/keys", f"/keys/{key_id}", "/issue", "/signing-keys", "/audit", "/verifiers"]:
            driver.get(base + path)
            fits = driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
            expect(fits, f"{path} scrolls sideways at 390 px")
        driver.get(f"{base}/keys")
        shot("keys-phone")
        print(json.dumps({"screenshots": sorted(shots), "cookie": cookie["value"], "key": key_id,
                          "retired": old_kid, "token": token, "refused": refused_words}))
    finally:
        driver.quit()
        shutil.rmtree(scratch, ignore_errors=True)


def csrf_of(html):
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    expect(match, "no CSRF token on the page")
    return match.group(1)


def refusals(args):
    base = base_of(args.url)
    session = requests.Session()
    session.cookies.set("apikey_console", args.cookie)
    # No cookie: a page that says how to get a new link, and nothing else.
    bare = requests.get(f"{base}/keys", timeout=10)
    expect(bare.status_code == 401 and "new link" in bare.text and "<table" not in bare.text,
           f"no cookie: {bare.status_code}")
    wrong = requests.get(f"{base}/keys", cookies={"apikey_console": "x" * 43}, timeout=10)
    expect(wrong.status_code == 401, f"a made-up cookie: {wrong.status_code}")
    # The spent link.
    spent = requests.get(args.url, allow_redirects=False, timeout=10)
    expect(spent.status_code == 403 and "set-cookie" not in {k.lower() for k in spent.headers},
           f"the spent link: {spent.status_code} {dict(spent.headers)}")
    # Forms without or with a wrong CSRF token change nothing.
    page = session.get(f"{base}/keys/{args.key}", timeout=10)
    expect(page.status_code == 200, f"the key's page: {page.status_code}")
    token = csrf_of(page.text)
    fields = {"email": "dana@example.org", "organisation": "Hacked", "sent": "no"}
    for name, data in [("none", fields), ("wrong", {**fields, "csrf": token[:-2] + "xx"}),
                       ("other session's", {**fields, "csrf": "A" * 43})]:
        r = session.post(f"{base}/keys/{args.key}", data=data, allow_redirects=False, timeout=10)
        expect(r.status_code == 403 and "Nothing was changed" in r.text, f"CSRF {name}: {r.status_code}")
    issue = session.post(f"{base}/issue", data={"email": "x@example.org", "organisation": "X"},
                         allow_redirects=False, timeout=10)
    expect(issue.status_code == 403, f"issue without CSRF: {issue.status_code}")
    after = session.get(f"{base}/keys/{args.key}", timeout=10).text
    expect("Hacked" not in after and "Gemeente Voorbeeldstad" in after, "a refused form changed the key")
    none = session.get(f"{base}/keys?q=x%40example.org", timeout=10).text
    expect("No key matches" in none, "a key was issued without a CSRF token")
    # With the token (as the form sends it, without JavaScript): the same change works.
    ok = session.post(f"{base}/keys/{args.key}", data={**fields, "organisation": "Gemeente B", "csrf": token},
                      allow_redirects=False, timeout=10)
    expect(ok.status_code == 303, f"with the token: {ok.status_code} {ok.text[:300]}")
    # Re-sign and renew a live key (the seed, whose token the retired key signed): each shows a
    # fresh token that verifies against the bridge's set; a revoked key's re-signing is refused
    # with the daemon's words.
    found = session.get(f"{base}/keys?q=seed%40example.org", timeout=10).text
    seed = re.search(r'href="/keys/(\d+)"', found)
    expect(seed, "the seed key is not found by its e-mail")
    seed = seed.group(1)
    for action in ["resign", "renew"]:
        r = session.post(f"{base}/keys/{seed}/{action}", data={"csrf": token}, timeout=10)
        fresh = re.search(r'id="token"[^>]*>([^<]+)<', r.text)
        expect(r.status_code == 200 and fresh, f"{action}: {r.status_code} {r.text[:300]}")
        expect(verify(args.bridge, fresh.group(1).strip()) == seed, f"{action}: the token does not verify")
    refused = session.post(f"{base}/keys/{args.key}/resign", data={"csrf": token}, timeout=10)
    expect(refused.status_code == 409 and "cannot be re-signed" in refused.text,
           f"re-signing a revoked key: {refused.status_code} {refused.text[:300]}")
    # A signing key uploaded as a file (multipart); the same one pasted again is refused next to
    # the PEM field; the PEM never comes back in the page.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    uploaded = session.post(f"{base}/signing-keys/add", data={"csrf": token, "not_before": "2099-01-01"},
                            files={"pem_file": ("signing.pem", pem, "application/x-pem-file")},
                            allow_redirects=False, timeout=10)
    expect(uploaded.status_code == 303 and "done=added" in uploaded.headers.get("Location", ""),
           f"upload: {uploaded.status_code} {uploaded.text[:300]}")
    listed = session.get(f"{base}/signing-keys", timeout=10).text
    expect(listed.count("state pending") == 1, "the uploaded key is not pending")
    again = session.post(f"{base}/signing-keys/add", data={"csrf": token, "private_key_pem": pem.decode()},
                         timeout=10)
    error = re.search(r'id="private_key_pem-error">([^<]+)<', again.text)
    expect(again.status_code == 400 and error and "exists" in error.group(1),
           f"the same key again: {again.status_code} {again.text[:300]}")
    expect("PRIVATE KEY" not in again.text, "the PEM came back in the page")
    # Erasing asks first (a post without the confirmation only asks again), then blanks the
    # owner's details for good.
    asked = session.post(f"{base}/keys/{args.key}/erase", data={"csrf": token}, timeout=10)
    expect(asked.status_code == 200 and "cannot be undone" in asked.text, f"erase asks: {asked.status_code}")
    expect("dana@example.org" in session.get(f"{base}/keys/{args.key}", timeout=10).text,
           "erased without the confirmation")
    erased = session.post(f"{base}/keys/{args.key}/erase", data={"csrf": token, "confirmed": "yes"},
                          allow_redirects=False, timeout=10)
    expect(erased.status_code == 303 and "done=erased" in erased.headers.get("Location", ""),
           f"erase: {erased.status_code} {erased.text[:300]}")
    page = session.get(f"{base}/keys/{args.key}", timeout=10).text
    expect("dana@example.org" not in page and "Gemeente" not in page and "Erased" in page,
           "the erased key still shows its owner")
    # A backup, whole: a SQLite file.
    backup = session.post(f"{base}/backup", data={"csrf": token}, timeout=60)
    expect(backup.status_code == 200 and backup.content.startswith(b"SQLite format 3\x00"),
           f"backup: {backup.status_code} {backup.content[:40]!r}")
    expect("attachment" in backup.headers.get("Content-Disposition", ""), "backup not a download")
    print(json.dumps({"backup_bytes": len(backup.content), "seed": seed,
                      "policy": backup.headers.get("Content-Security-Policy", "")}))


def down(args):
    r = requests.get(f"{base_of(args.url)}/keys", cookies={"apikey_console": args.cookie}, timeout=30)
    expect(r.status_code == 503 and "not answering" in r.text, f"daemon stopped: {r.status_code} {r.text[:300]}")
    print(json.dumps({"status": r.status_code}))


def up(args):
    deadline = time.time() + 15
    while True:
        r = requests.get(f"{base_of(args.url)}/keys", cookies={"apikey_console": args.cookie}, timeout=30)
        if r.status_code == 200 and "<table" in r.text:
            break
        expect(time.time() < deadline, f"daemon back: {r.status_code} {r.text[:300]}")
        time.sleep(0.3)
    print(json.dumps({"status": r.status_code}))


def link(args):
    entered = requests.get(args.url, allow_redirects=False, timeout=10)
    expect(entered.status_code == 303 and "apikey_console" in entered.headers.get("Set-Cookie", ""),
           f"a new link: {entered.status_code}")
    cookie = entered.cookies.get("apikey_console")
    r = requests.get(f"{base_of(args.url)}/signing-keys", cookies={"apikey_console": cookie}, timeout=10)
    expect(r.status_code == 200 and "signing-keys" in r.text, f"the new session: {r.status_code}")
    print(json.dumps({"status": r.status_code}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--bridge")
    parser.add_argument("--out")
    parser.add_argument("--cookie")
    parser.add_argument("--key")
    parser.add_argument("command", choices=["browser", "refusals", "down", "up", "link"])
    args = parser.parse_args()
    {"browser": browser, "refusals": refusals, "down": down, "up": up, "link": link}[args.command](args)


if __name__ == "__main__":
    main()
