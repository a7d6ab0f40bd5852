#!/usr/bin/env python3
"""The escalation and queue-stream proofs of bench/cluster/run.sh, from what it saved in OUT_DIR.

  check.py OUT_DIR DEADLINE_SECONDS

Escalations (from the database, after the run): every incident of the bench mechanism
chaos-escalation opened in a team's queue and falls due DEADLINE_SECONDS later, so every one is
overdue by the time run.sh reads them (it waits until none is left in a team's queue, or gives up
after its bound). Each must have exactly one escalation by the deadline job: none missed, none
twice, none before its deadline. Also printed: how late each was escalated after its deadline,
by the phase of the run its deadline fell in.

Streams (sse-NAME.tsv.gz from streams.py against queue_notice): what the service promises
(docs/mechanisms.md, "Resuming a stream") is that a client which reconnects with Last-Event-ID
gets every change committed to its queues while it was away, and the live ones after, perhaps
twice, as long as it was away for less than the notices are kept. So each queue notice of the
client's queues whose transaction began after the client's first `open` and before the end of
the run must be matched by a `change` event for the same queue and incident that the client
received after that transaction began (each event matching one notice at most). Also printed:
reconnections, the longest and total time without an open stream, and delivery delays.

Prints the figures and a verdict line per proof; exits 1 when a proof fails.
"""
import bisect, calendar, collections, glob, gzip, os, sys

out, deadline_s = sys.argv[1], float(sys.argv[2])
path = lambda name: os.path.join(out, name)  # noqa: E731
T0 = float(open(path("clients-start")).read())
ev = dict(l.strip().split("=") for l in open(path("events.txt")) if "=" in l)
failed = []


def phases():
    k, f = float(ev["primary_killed_at"]), float(ev["failover_s"])
    app, hk = float(ev["app_killed_at"]), float(ev["haproxy_killed_at"])
    return [("before any fault", 0, k), ("primary failover", k, k + f + 5), ("after the failover", k + f + 5, app),
            ("one instance killed", app, hk), ("HAProxy restarted", hk, hk + 5), ("after", hk + 5, float("inf"))]


def phase_of(t):
    for name, a, b in phases():
        if a <= t < b:
            return name
    return "before any fault" if t < 0 else "after"


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def instant(text):
    """Epoch seconds of an ISO-8601 instant as Java prints it (…T…Z, up to nanoseconds)."""
    date, _, rest = text.rstrip("Z").partition("T")
    hms, _, frac = rest.partition(".")
    whole = calendar.timegm(tuple(int(x) for x in date.split("-")) + tuple(int(x) for x in hms.split(":")))
    return whole + (float("0." + frac) if frac else 0.0)


# ------------------------------------------------------------------ escalations
def escalations():
    checked_at = float(open(path("escalation-checked-at")).read())
    incidents = {}
    for line in open(path("escalation-incidents.tsv")):
        iid, created, first_level, deadline, status, level, team = line.rstrip("\n").split("\t")
        incidents[iid] = dict(created=float(created), first_level=first_level, deadline=float(deadline) if deadline else None,
                              state="%s/%s/%s" % (status, level, team or "plenary"), events=[])
    others = 0
    for line in open(path("escalation-events.tsv")):
        iid, at, actor, from_level, to_level, body = line.rstrip("\n").split("\t", 5)
        if actor != "system:deadline":
            others += 1
            continue
        incidents[iid]["events"].append((float(at), body))
    triage = [i for i in incidents.values() if not i["first_level"]]
    opened = [i for i in incidents.values() if i["first_level"]]
    once, missed, twice, early, pending, late = 0, 0, 0, 0, 0, []
    by_phase = collections.defaultdict(list)
    for i in opened:
        # The deadline it had when it fell due: the escalation's reason names it ("deadline … passed");
        # one never escalated still has it.
        due = instant(i["events"][0][1].split()[1]) if i["events"] else i["deadline"]
        if not i["events"]:
            if due < checked_at:
                missed += 1
            else:
                pending += 1
            continue
        if len(i["events"]) > 1:
            twice += 1
        else:
            once += 1
        if any(at < due for at, _ in i["events"]):
            early += 1
        lateness = i["events"][0][0] - due
        late.append(lateness)
        by_phase[phase_of(due - T0)].append(lateness)
    acked = len({l.split("\t")[0] for l in open(path("overdue-acks.tsv"))})
    print("incidents of chaos-escalation: %d (acknowledged reports: %d; opened in the triage queue instead of a team's: %d)"
          % (len(incidents), acked, len(triage)))
    print("each due %.0f s after it opened; overdue when read (%.0f s after the load): %d; not yet due: %d"
          % (deadline_s, checked_at - T0 - float(ev.get("load_s", 0)), len(opened) - pending, pending))
    print("escalated by the deadline job exactly once: %d; missed: %d; twice or more: %d; before the deadline: %d; "
          "escalations by anyone else: %d" % (once, missed, twice, early, others))
    print("where they are now: " + ", ".join("%s %d" % kv for kv in collections.Counter(i["state"] for i in incidents.values()).most_common()))
    if late:
        print("escalated after the deadline by: median %.1f s, p90 %.1f s, max %.1f s" % (pct(late, 50), pct(late, 90), max(late)))
        for name, _, _ in phases():
            if by_phase[name]:
                print("  deadlines in %-20s %4d incidents, late by median %5.1f s, max %5.1f s"
                      % (name, len(by_phase[name]), pct(by_phase[name], 50), max(by_phase[name])))
    # Which instance escalated what, from their logs: each pass that escalated logs how many,
    # and a pass that failed (the database away) logs an error naming the job.
    for name in sorted(glob.glob(path("jobs-*.log"))):
        done = [(instant(l.split()[0]) - T0, int(l.split("escalated ")[1].split()[0]))
                for l in open(name) if "overdue incident" in l]
        errors = [l for l in open(name) if " ERROR " in l]
        print("  %-22s %3d passes escalated %4d incidents%s; %d passes failed"
              % (os.path.basename(name)[5:-4] + ":", len(done), sum(n for _, n in done),
                 " (t=%.0f s to %.0f s)" % (done[0][0], done[-1][0]) if done else "", len(errors)))
    bad = missed or twice or early or others or triage or not opened or pending
    print("ESCALATIONS %s" % ("FAIL" if bad else "PASS"))
    if bad:
        failed.append("escalations")


# ------------------------------------------------------------------ streams
def streams():
    stop = float(open(path("sse-stop")).read())
    notices = collections.defaultdict(list)  # queue -> [(noticed_at, incident)]
    with gzip.open(path("notices.tsv.gz"), "rt") as f:
        for line in f:
            queue, iid, at = line.rstrip("\n").split("\t")
            notices[queue].append((float(at), iid))
    for name in sorted(glob.glob(path("sse-*.tsv.gz"))):
        client = os.path.basename(name)[4:-7]
        rows = [l.rstrip("\n").split("\t") for l in gzip.open(name, "rt")]
        opens = [float(r[0]) for r in rows if r[1] == "open"]
        if not opens:
            print("stream %s: never opened" % client)
            failed.append("streams")
            continue
        queues = set(next(r[2] for r in rows if r[1] == "open").split(","))
        received = collections.defaultdict(list)
        gaps, down_since, tries, resets, last_kind = [], None, [], 0, None
        for r in rows:
            t, kind = float(r[0]), r[1]
            if kind == "change":
                received[(r[2], r[3])].append(t)
            elif kind == "end" and r[2] != "stopped":
                down_since, tries = t, []
            elif kind == "open" and down_since is not None:
                gaps.append((t - down_since, down_since - T0, tries))
                down_since = None
            elif kind == "reset":
                resets += 1
            elif kind == "fail" and down_since is not None:
                tries.append(r[2])
            if kind in ("open", "end"):
                last_kind = (kind, r[2] if len(r) > 2 else "")
        connected_at_end = last_kind is not None and (last_kind[0] == "open" or last_kind[1] == "stopped")
        # Each committed change of its queues after its first open must be matched by a change event
        # for that queue and incident received after the change's transaction began.
        expected = undelivered = duplicates = 0
        delays, missing = [], []
        for queue in queues:
            by_incident = collections.defaultdict(list)
            for at, iid in notices.get(queue, []):
                if opens[0] <= at <= stop - 2:
                    by_incident[iid].append(at)
            for iid, times in by_incident.items():
                got = sorted(received.get((queue, iid), []))
                used = 0
                for at in sorted(times):
                    expected += 1
                    k = max(used, bisect.bisect_left(got, at - 0.05))
                    if k < len(got):
                        delays.append(got[k] - at)
                        used = k + 1
                    else:
                        undelivered += 1
                        missing.append((queue, iid, at - T0))
        duplicates = sum(len(v) for v in received.values()) - (expected - undelivered)
        longest = max(gaps) if gaps else (0.0, 0.0, [])
        print("stream %s (%d queues): reconnections %d; longest without a stream %.1f s (from t=%.0f s), in all %.1f s; "
              "resets %d; connected at the end: %s" % (client, len(queues), len(opens) - 1, longest[0], longest[1],
                                                      sum(g[0] for g in gaps), resets, "yes" if connected_at_end else "NO"))
        for length, at, tries in gaps:
            print("    dropped at t=%.1f s (%s), open again %.1f s later after %d failed attempt(s)%s"
                  % (at, phase_of(at), length, len(tries), (": " + ", ".join(tries)) if tries else ""))
        print("  changes committed to its queues while it ran: %d, delivered at least once: %d, undelivered: %d; "
              "events beyond those (repeats, changes before the window): %d; delivered after its transaction began: median %.2f s, "
              "p99 %.1f s, max %.1f s" % (expected, expected - undelivered, undelivered, duplicates, pct(delays, 50),
                                          pct(delays, 99), max(delays) if delays else float("nan")))
        for queue, iid, t in missing[:5]:
            print("    undelivered: %s %s (transaction began at t=%.1f s)" % (queue, iid, t))
        if undelivered or resets or not connected_at_end or expected == 0:
            failed.append("streams")
    print("STREAMS %s" % ("FAIL" if "streams" in failed else "PASS"))


escalations()
print()
streams()
sys.exit(1 if failed else 0)
