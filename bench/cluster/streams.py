#!/usr/bin/env python3
"""Queue streams held open through the faults, for bench/cluster/run.sh.

  streams.py URL OUT_DIR STOP_FILE MAX_SECONDS NAME=TOKEN_FILE=PATH ...

Each NAME is one client that reads the Server-Sent Events at PATH (`/api/v1/queues/events`, or
one queue's `/api/v1/queues/{queue}/events`) through HAProxy as the user of TOKEN_FILE, from
start until STOP_FILE exists (or MAX_SECONDS pass). It reconnects as the web app's sse.js does
(and as EventSource does, but with a bearer token): after a dropped stream or a failed attempt
it waits 1 s, doubling on each further failure up to 30 s, and sends the id of the last event it
got as Last-Event-ID; a 400 to that id starts it afresh without one, a 401 ends the client. A
stream silent for longer than READ_TIMEOUT (two of the service's 20 s keep-alives and some) is
taken as dead. The event-stream format is parsed as the WHATWG algorithm does (fields event,
data, id; comments; a blank line dispatches; an id counts even for an event without data).

Writes OUT_DIR/sse-ready once every stream has opened, and OUT_DIR/sse-NAME.tsv.gz, one line per happening: epoch seconds, then
  try <1 if it sent Last-Event-ID else 0> | fail <status or exception> | open <queues, comma-separated>
  | change <queue> <incidentId> | position | reset | end <why the stream ended>
check.py reads them. Only 127.0.0.1 is a target.
"""
import gzip, http.client, json, os, sys, threading, time, urllib.parse

READ_TIMEOUT = 45
FIRST_DELAY, MAX_DELAY = 1.0, 30.0


class Client(threading.Thread):
    def __init__(self, host, port, name, token_file, path, out, stopped):
        super().__init__(daemon=True)
        self.host, self.port, self.name, self.token_file, self.path = host, port, name, token_file, path
        self.log = gzip.open(os.path.join(out, "sse-%s.tsv.gz" % name), "wt")
        self.stopped = stopped
        self.conn = None
        self.opened_this_time = False
        self.last_id = ""
        self.changes = self.opens = 0

    def note(self, *fields):
        self.log.write("%.3f\t%s\n" % (time.time(), "\t".join(str(f) for f in fields)))

    def run(self):
        delay = FIRST_DELAY
        while not self.stopped.is_set():
            outcome = self.attempt()
            if outcome == "unauthorized" or self.stopped.is_set():
                break
            if outcome == "opened":  # as sse.js: the delay starts again at 1 s once a stream opened
                delay = FIRST_DELAY
            if outcome != "retry-now":
                self.stopped.wait(delay)
                delay = min(delay * 2, MAX_DELAY)
        self.log.close()

    def attempt(self):
        """One connection; 'opened' if its stream opened (however it ended), else why not."""
        with open(self.token_file) as f:
            token = f.read().strip()
        headers = {"Accept": "text/event-stream", "Authorization": "Bearer " + token}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        self.opened_this_time = False
        self.note("try", 1 if self.last_id else 0)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=READ_TIMEOUT)
        try:
            self.conn.request("GET", self.path, headers=headers)
            response = self.conn.getresponse()
            if response.status == 400 and self.last_id:
                self.note("fail", "400-last-event-id")
                self.last_id = ""
                return "retry-now"
            if response.status == 401:
                self.note("fail", 401)
                return "unauthorized"
            if response.status != 200:
                self.note("fail", response.status)
                return "failed"
            self.read(response)
            why = "closed by the server"
        except Exception as e:  # refused, reset, timed out, or shut down by stop()
            why = type(e).__name__
        finally:
            self.conn.close()
        if self.stopped.is_set():
            why = "stopped"
        self.note("end" if self.opened_this_time else "fail", why)
        return "opened" if self.opened_this_time else "failed"

    def read(self, response):
        kind, data, event_id = "message", [], None
        while True:
            raw = response.readline()
            if not raw:
                return
            line = raw.decode("utf-8").rstrip("\r\n")
            if line == "":
                if event_id is not None:
                    self.last_id = event_id
                if data:
                    self.dispatch(kind, "\n".join(data))
                kind, data, event_id = "message", [], None
            elif not line.startswith(":"):
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    kind = value
                elif field == "data":
                    data.append(value)
                elif field == "id":
                    event_id = value

    def dispatch(self, kind, data):
        if kind == "open":
            self.opened_this_time = True
            self.opens += 1
            body = json.loads(data)
            self.note("open", ",".join(body.get("queues") or [body.get("queue")]))
        elif kind == "change":
            self.changes += 1
            body = json.loads(data)
            self.note("change", body["queue"], body["incidentId"])
        elif kind in ("position", "reset"):
            self.note(kind)

    def stop(self):
        conn = self.conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(2)
            except OSError:
                pass


def main():
    url, out, stop_file, max_seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    assert url.startswith("http://127.0.0.1:"), "loopback only"
    port = urllib.parse.urlsplit(url).port
    stopped = threading.Event()
    clients = []
    for spec in sys.argv[5:]:
        name, token_file, path = spec.split("=", 2)
        clients.append(Client("127.0.0.1", port, name, token_file, path, out, stopped))
    for c in clients:
        c.start()
    end = time.time() + max_seconds
    ready = False
    while not os.path.exists(stop_file) and time.time() < end:
        if not ready and all(c.opens for c in clients):
            ready = True  # run.sh starts the load once every stream is open
            open(os.path.join(out, "sse-ready"), "w").close()
        time.sleep(0.2)
    stopped.set()
    for c in clients:
        c.stop()
    for c in clients:
        c.join(10)
    for c in clients:
        print("stream %s: opened %d times, %d change events" % (c.name, c.opens, c.changes))


if __name__ == "__main__":
    main()
