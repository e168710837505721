"""Writes fixtures in exactly the format of the original's `python manage.py dumpdata apikeys`
(USE_TZ = False, TIME_ZONE = "Europe/Amsterdam": naive local timestamps), with signing keys from
`openssl genpkey` and tokens signed the way the original signs them (PyJWT, EdDSA, no kid).

Usage: django_dump.py OUT_DIR
Writes OUT_DIR/dump.json, tokens.json ({id: token}), and the broken dumps conflict.json,
bad-json.json, missing-field.json, bad-pem.json, id-out-of-range.json.
"""
import copy
import datetime
import json
import os
import subprocess
import sys
import zoneinfo

import jwt

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def naive(moment):
    """Django's serialization of a naive datetime: ISO 8601, milliseconds, no zone."""
    text = moment.isoformat(timespec="milliseconds")
    return text


def genkey():
    return subprocess.run(
        ["openssl", "genpkey", "-algorithm", "ED25519", "-outform", "PEM"],
        check=True, capture_output=True, text=True).stdout


def main(out):
    os.makedirs(out, exist_ok=True)
    now = datetime.datetime.now(AMSTERDAM).replace(tzinfo=None, microsecond=469000)
    keys = [
        # (pem, active, created)
        (genkey(), False, now - datetime.timedelta(days=900)),
        (genkey(), True, now - datetime.timedelta(days=400)),
        (genkey(), True, now - datetime.timedelta(days=30)),
    ]
    records = []
    for pk, (pem, active, created) in enumerate(keys, start=1):
        records.append({"model": "apikeys.signingkey", "pk": pk,
                        "fields": {"private": pem, "active": active, "created": naive(created)}})

    def signer_at(moment):
        eligible = [k for k in keys if k[1] and k[2] <= moment]
        return (eligible or [k for k in keys if k[1]])[-1][0]

    api_keys = [
        # id, fields, created; a summer time, a winter time, unicode, null expiry, 63-bit id,
        # and an older record with email/reason instead of email_1.
        (8470085294294189613, {"contactperson_1_name": "Jan de Vries", "email_1": "jan@example.com",
                               "contactperson_2_name": "", "email_2": "", "organisation": "Gemeente Amsterdam",
                               "department": "Data", "sent": True},
         datetime.datetime(2026, 7, 1, 14, 30, 0, 123000), datetime.datetime(2999, 1, 1, 0, 0)),
        (9223372036854775807, {"contactperson_1_name": "Zoë Ñúñez 李", "email_1": "zoe@example.com",
                               "contactperson_2_name": "Ærøskøbing Ølstykke", "email_2": "second@example.com",
                               "organisation": "Provincie Noord-Holland — Øst", "department": "Ünïcode",
                               "sent": False},
         datetime.datetime(2026, 1, 15, 9, 0, 0, 0), None),
        (1, {"email": "old@example.com", "reason": "Kaartviewer voor het publiek",
             "organisation": "Oud Bedrijf", "sent": False},
         now - datetime.timedelta(days=100), now + datetime.timedelta(days=265)),
        (4611686018427387904, {"contactperson_1_name": "Piet", "email_1": "piet@example.com",
                               "organisation": "Waternet", "department": "", "sent": False},
         now - datetime.timedelta(days=10), now + datetime.timedelta(days=355)),
    ]
    tokens = {}
    for pk, fields, created, expires in api_keys:
        fields = dict(fields)
        fields["created"] = naive(created)
        fields["modified"] = naive(created)
        fields["expires"] = naive(expires) if expires else None
        records.append({"model": "apikeys.apikey", "pk": pk, "fields": fields})
        payload = {"sub": str(pk)}
        if expires:
            payload["exp"] = int(expires.replace(tzinfo=AMSTERDAM).timestamp())
        tokens[str(pk)] = jwt.encode(payload, signer_at(created), algorithm="EdDSA")

    def write(name, content):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(content if isinstance(content, str) else json.dumps(content, indent=2, ensure_ascii=False))

    write("dump.json", records)
    write("tokens.json", tokens)
    def proto_time(moment):
        """The protobuf JSON form of a naive Amsterdam time (as apikeyctl --json prints it)."""
        utc = moment.replace(tzinfo=AMSTERDAM).astimezone(datetime.timezone.utc)
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        micros = utc.microsecond
        if micros == 0:
            return text + "Z"
        return text + (".%03dZ" % (micros // 1000) if micros % 1000 == 0 else ".%06dZ" % micros)

    expected = {str(pk): {"created_at": proto_time(created),
                          "expires_at": proto_time(expires) if expires else None}
                for pk, _, created, expires in api_keys}
    write("expected.json", expected)

    conflict = copy.deepcopy(records)
    conflict[-1]["fields"]["organisation"] = "Someone Else"
    conflict.append({"model": "apikeys.apikey", "pk": 77, "fields": dict(conflict[-1]["fields"])})
    write("conflict.json", conflict)
    write("bad-json.json", json.dumps(records)[:-20])
    missing = copy.deepcopy(records)
    del missing[4]["fields"]["organisation"]
    write("missing-field.json", missing)
    bad_pem = copy.deepcopy(records)
    bad_pem[1]["fields"]["private"] = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"
    write("bad-pem.json", bad_pem)
    out_of_range = json.dumps(records).replace("9223372036854775807", "9223372036854775808")
    write("id-out-of-range.json", out_of_range)


if __name__ == "__main__":
    main(sys.argv[1])
