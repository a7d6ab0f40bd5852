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

overdue.py (the reports that fall due for the escalation job) sends its reports and writes its
logs with send_until_acked(), feature() and write_logs() from here.
"""
import json, os, random, sys, threading, time, urllib.error, urllib.request, uuid


def post(url, token_file, body):
    """One POST of a report; (status, answer), or (exception name, None) when the answer was lost."""
    with open(token_file) as f:
        token = f.read().strip()
    req = urllib.request.Request(url + "/api/v1/reports", data=body, method="POST", headers={
        "Content-Type": "application/geo+json", "Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, None
    except Exception as e:  # connection refused or reset, timeout: the answer was lost
        return type(e).__name__, None


def send_until_acked(url, token_file, body, start, deadline, lock, errors):
    """Sends one report until it is answered 200/201 or the run ends; (status, answer, t) or None."""
    while time.time() < deadline:
        status, answer = post(url, token_file, body)
        now = time.time() - start
        if status in (200, 201):
            return status, answer, now
        with lock:
            errors.append((now, status))
        time.sleep(0.2)
    return None


def write_logs(out, prefix, acks, errors):
    """OUT/{prefix}acks.tsv (clientReportId, report id, status, t) and OUT/{prefix}errors.tsv (t, status)."""
    with open(os.path.join(out, prefix + "acks.tsv"), "w") as f:
        for a in acks:
            f.write("%s\t%s\t%s\t%.3f\n" % a)
    with open(os.path.join(out, prefix + "errors.tsv"), "w") as f:
        for e in errors:
            f.write("%.3f\t%s\n" % e)


def feature(cid, lon, lat, category, accuracy, observed_at, mechanism=None):
    properties = {"clientReportId": cid, "observedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(observed_at)),
                  "category": category, "locationAccuracyM": accuracy}
    if mechanism:
        properties["mechanism"] = mechanism
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                       "properties": properties}).encode()


def report():
    cid = str(uuid.uuid4())
    return cid, feature(cid, 35.10 + random.random() * 0.8, 32.90 + random.random() * 0.5,
                        random.choice(["SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION", "ARMED_PRESENCE"]),
                        random.randint(5, 500), time.time() - 600)


def main():
    url, token_file, out, seconds, clients, max_reports = (sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]),
                                                           int(sys.argv[5]), int(sys.argv[6]))
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    lock = threading.Lock()
    acks, errors = [], []
    sent = [0]
    start = time.time()
    deadline = start + seconds
    # run.sh times its faults on the same clock: t = 0 is this moment, not when it launched us.
    with open(os.path.join(out, "clients-start"), "w") as f:
        f.write("%.3f\n" % start)

    def client():
        while time.time() < deadline:
            with lock:
                if sent[0] >= max_reports:
                    return
                sent[0] += 1
            cid, body = report()
            acked = send_until_acked(url, token_file, body, start, deadline, lock, errors)
            if acked:
                with lock:
                    acks.append((cid, acked[1]["id"], acked[0], acked[2]))
            if acked and random.random() < 0.3 and time.time() < deadline:
                status, answer = post(url, token_file, body)
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
    write_logs(out, "", acks, errors)
    print("acknowledged (201): %d, resends answered 200: %d, errors seen: %d"
          % (sum(1 for a in acks if a[2] == 201), sum(1 for a in acks if a[2] == 200), len(errors)))


if __name__ == "__main__":
    main()
