#!/usr/bin/env python3
"""Reports that fall due during the faults, for bench/cluster/run.sh.

  overdue.py URL TOKEN_FILE OUT_DIR T0 SECONDS RATE BURSTS

Sends reports of the bench mechanism chaos-escalation (setup.py loads it: every incident falls
due a few seconds after it opens) at RATE a second from T0 (the intake clients' start, epoch
seconds) to T0 + SECONDS, plus bursts ("N@T,...": N reports at once, T seconds after T0), each
at a random point inside one of its two teams' areas, so each opens an incident in a team's
queue. A report is sent again, byte for byte, until it is acknowledged or the run ends, as
clients.py does. The incidents fall due continuously, and in heaps after each burst, while
the faults happen; which of them were due and whether each was escalated once is counted from
the database afterwards (check.py). Only 127.0.0.1 is a target; bounded by time and by
RATE x SECONDS + the bursts. Writes OUT_DIR/overdue-acks.tsv (clientReportId, report id,
status, t) and OUT_DIR/overdue-errors.tsv (t, status or exception).
"""
import os, queue, random, sys, threading, time, uuid

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clients import feature, send_until_acked, write_logs  # noqa: E402

WORKERS = 8
# The two areas of escalation-zones.geojson, less a margin of ~1 km so that every point is
# inside one for certain (an accuracy of 10 m).
AREAS = [(0.51, 0.61, 0.69, 0.69), (0.51, 0.51, 0.69, 0.59)]


def body():
    cid = str(uuid.uuid4())
    lon0, lat0, lon1, lat1 = random.choice(AREAS)
    return cid, feature(cid, lon0 + random.random() * (lon1 - lon0), lat0 + random.random() * (lat1 - lat0),
                        random.choice(["SMALL_ARMS_FIRE", "INDIRECT_FIRE", "EXPLOSION", "ARMED_PRESENCE"]), 10,
                        time.time() - 60, mechanism="chaos-escalation")


def main():
    url, token_file, out, t0, seconds, rate, bursts = (sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]),
                                                       float(sys.argv[5]), float(sys.argv[6]), sys.argv[7])
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    schedule = [k / rate for k in range(int(seconds * rate))] if rate > 0 else []
    for burst in filter(None, bursts.split(",")):
        n, at = burst.split("@")
        schedule += [float(at)] * int(n)
    schedule.sort()
    deadline = t0 + seconds
    lock = threading.Lock()
    acks, errors = [], []
    todo = queue.Queue()

    def worker():
        while True:
            item = todo.get()
            if item is None:
                return
            cid, b = item
            acked = send_until_acked(url, token_file, b, t0, deadline, lock, errors)
            if acked:
                with lock:
                    acks.append((cid, acked[1]["id"], acked[0], acked[2]))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for at in schedule:
        wait = t0 + at - time.time()
        if wait > 0:
            time.sleep(wait)
        if time.time() >= deadline:
            break
        todo.put(body())
    for _ in threads:
        todo.put(None)
    for t in threads:
        t.join(max(0.0, deadline - time.time()) + 15)
    write_logs(out, "overdue-", acks, errors)
    print("overdue feed: %d reports scheduled, %d acknowledged, errors seen: %d" % (len(schedule), len(acks), len(errors)))


if __name__ == "__main__":
    main()
