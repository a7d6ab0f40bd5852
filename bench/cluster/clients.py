#!/usr/bin/env python3
"""Steady intake with resends, from many clients, for bench/cluster/run.sh.

  clients.py URL TOKEN_FILE OUT_DIR SECONDS CLIENTS MAX_REPORTS

Each client thread sends new reports one after another; a report whose answer is not 201/200
(an error, a timeout, a 5xx) is sent again, byte for byte, until it is acknowledged or the run
ends, as a field device would; 30% of acknowledged reports are sent once more (a resend after
a lost answer), which must answer 200. Only 127.0.0.1 is a target; the run is bounded by time
(SECONDS) and by count (MAX_REPORTS). Writes OUT_DIR/acks.tsv (clientReportId, report id,
status, time of the acknowledgement), OUT_DIR/errors.tsv (time, status or exception), and
OUT_DIR/summary.txt.
"""
import json, os, random, sys, threading, time, urllib.error, urllib.request, uuid

url, token_file, out, seconds, clients, max_reports = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
assert url.startswith("http://127.0.0.1:"), "loopback only"
lock = threading.Lock()
acks, errors = [], []
sent = [0]
start = time.time()
deadline = start + seconds
# run.sh times its faults on the same clock: t = 0 is this moment, not when it launched us.
with open(os.path.join(out, "clients-start"), "w") as f:
    f.write("%.3f\n" % start)


def token():
    with open(token_file) as f:
        return f.read().strip()


def post(body):
    req = urllib.request.Request(url + "/api/v1/reports", data=body, method="POST", headers={
        "Content-Type": "application/geo+json", "Authorization": "Bearer " + token()})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, None
    except Exception as e:  # connection refused or reset, timeout: the answer was lost
        return type(e).__name__, None


def report():
    cid = str(uuid.uuid4())
    body = json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        round(35.10 + random.random() * 0.8, 6), round(32.90 + random.random() * 0.5, 6)]},
        "properties": {"clientReportId": cid, "observedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 600)),
                       "category": random.choice(["SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION", "ARMED_PRESENCE"]),
                       "locationAccuracyM": random.randint(5, 500)}}).encode()
    return cid, body


def client():
    while time.time() < deadline:
        with lock:
            if sent[0] >= max_reports:
                return
            sent[0] += 1
        cid, body = report()
        acked = False
        while time.time() < deadline and not acked:
            status, answer = post(body)
            now = time.time() - start
            if status in (200, 201):
                acked = True
                with lock:
                    acks.append((cid, answer["id"], status, now))
            else:
                with lock:
                    errors.append((now, status))
                time.sleep(0.2)
        if acked and random.random() < 0.3 and time.time() < deadline:
            status, answer = post(body)
            now = time.time() - start
            with lock:
                if status == 200:
                    acks.append((cid, answer["id"], 200, now))
                else:
                    errors.append((now, "resend:" + str(status)))


threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join(seconds + 30)
with open(os.path.join(out, "acks.tsv"), "w") as f:
    for a in acks:
        f.write("%s\t%s\t%s\t%.3f\n" % a)
with open(os.path.join(out, "errors.tsv"), "w") as f:
    for e in errors:
        f.write("%.3f\t%s\n" % e)
print("acknowledged (201): %d, resends answered 200: %d, errors seen: %d"
      % (sum(1 for a in acks if a[2] == 201), sum(1 for a in acks if a[2] == 200), len(errors)))
