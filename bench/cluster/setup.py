#!/usr/bin/env python3
"""What bench/cluster/run.sh loads before the load starts, through the service's admin API.

  setup.py URL TOKEN_DIR DEADLINE_SECONDS      (the admin's password in CHAOS_ADMIN_PASSWORD)

As the admin `chaos-admin` (created by run.sh with `java -jar … users add`):
- loads the bench mechanism `chaos-escalation` (escalation-protocol.json beside this file) with
  every deadline of its one level set to DEADLINE_SECONDS, so that each of its incidents falls
  due that long after it opens, and the escalation job moves it from its team's queue to the
  level's plenary: exactly one escalation per incident, the job's only way up in this protocol;
- imports its two areas of responsibility (escalation-zones.geojson: synthetic boxes in the open
  sea, far from the intake's reports), so that every report overdue.py sends opens an incident in
  a team's queue;
- creates the run's users, each with a random password, and writes a bearer token for each to
  TOKEN_DIR/token-NAME: `chaos-monitor` (monitor of lebanon-tripartite, for the intake clients
  of clients.py), `chaos-overdue` (monitor of chaos-escalation, for overdue.py),
  `chaos-chair` (chair of chaos-escalation), `chaos-delegate` (party delegate of chaos-escalation,
  party NORTH) and `chaos-chair-lb` (chair of lebanon-tripartite, whose queues take the intake).

Only 127.0.0.1 is a target. Every answer is checked for its exact status; any other ends the run.
"""
import json, os, secrets, sys, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
MECHANISM = "chaos-escalation"
USERS = [
    ("chaos-monitor", {"role": "monitor", "mechanism": "lebanon-tripartite"}),
    ("chaos-overdue", {"role": "monitor", "mechanism": MECHANISM}),
    ("chaos-chair", {"role": "chair", "mechanism": MECHANISM}),
    ("chaos-delegate", {"role": "party_delegate", "mechanism": MECHANISM, "party": "NORTH"}),
    ("chaos-chair-lb", {"role": "chair", "mechanism": "lebanon-tripartite"}),
]


def call(url, method, path, body, content_type="application/json", token=None, expect=(200,)):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, answer = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, answer = e.code, e.read()
    if status not in expect:
        sys.exit("setup: %s %s answered %s, expected %s: %s" % (method, path, status, expect, answer[:500].decode(errors="replace")))
    return json.loads(answer) if answer else None


def login(url, name, password):
    return call(url, "POST", "/login", {"username": name, "password": password})["access_token"]


def main():
    url, token_dir, deadline = sys.argv[1], sys.argv[2], int(sys.argv[3])
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    admin = login(url, "chaos-admin", os.environ["CHAOS_ADMIN_PASSWORD"])

    with open(os.path.join(HERE, "escalation-protocol.json")) as f:
        protocol = json.load(f)
    for level in protocol["deadlines"]:
        if level != "triage":
            protocol["deadlines"][level] = {s: "PT%dS" % deadline for s in protocol["deadlines"][level]}
    call(url, "POST", "/api/v1/admin/mechanisms", protocol, token=admin)
    print("mechanism %s loaded: every deadline of its level %ds" % (MECHANISM, deadline))

    with open(os.path.join(HERE, "escalation-zones.geojson"), "rb") as f:
        zones = call(url, "POST", "/api/v1/admin/zones?mechanism=" + MECHANISM + "&name=chaos-escalation-zones",
                     f.read(), content_type="application/geo+json", token=admin)
    if zones["features"] != 2 or zones["created"] + zones["newVersions"] + zones["unchanged"] != 2:
        sys.exit("setup: the zone import did not store both areas: %s" % json.dumps(zones)[:500])
    print("zones imported: %d features, %d created" % (zones["features"], zones["created"]))

    for name, grant in USERS:
        password = secrets.token_hex(16)
        call(url, "POST", "/api/v1/admin/users", {"username": name, "password": password, "displayName": name},
             token=admin, expect=(201,))
        call(url, "POST", "/api/v1/admin/users/%s/grants" % name, grant, token=admin)
        token = login(url, name, password)
        path = os.path.join(token_dir, "token-" + name)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(token)
        print("user %s: %s" % (name, ", ".join("%s %s" % kv for kv in grant.items())))


if __name__ == "__main__":
    main()
