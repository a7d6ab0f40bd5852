// Server-Sent Events over fetch. EventSource cannot send an Authorization header, and the
// API takes bearer tokens only (no cookies, hence no CSRF surface); so the stream is read
// from fetch's body. The parser follows the WHATWG event-stream format (fields event, data,
// id; comments; blank line dispatches); it reconnects with back-off after a drop, sending
// the last event id it got as Last-Event-ID, as EventSource does, so the server sends what
// changed while the stream was down (docs/api.md, "Queue streams").
export function subscribe(path, token, onEvent, onState = () => {}) {
  let stopped = false;
  let controller;
  let delay = 1000;
  const last = { id: '' };

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token()}` };
        if (last.id) headers['Last-Event-ID'] = last.id;
        const res = await fetch(path, {
          headers,
          signal: controller.signal, cache: 'no-store',
        });
        if (res.status === 400 && last.id) {
          // An id the server no longer takes: start afresh and let the views read everything again.
          last.id = '';
          onEvent({ type: 'reset', data: '{}', id: '' });
          continue;
        }
        if (res.status === 401) {
          // The token expired: the app asks the user to sign in again and opens a new stream.
          window.dispatchEvent(new CustomEvent('trucewatch:signed-out'));
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('live');
        delay = 1000;
        await read(res.body, onEvent, last);
      } catch (e) {
        if (stopped) return;
      }
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  run();
  return () => { stopped = true; controller?.abort(); };
}

async function read(body, onEvent, last) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        // As the WHATWG algorithm does: an id counts even for an event with nothing to dispatch.
        if (event.id !== undefined) last.id = event.id;
        if (event.data.length) onEvent({ type: event.type, data: event.data.join('\n'), id: event.id });
        event = { type: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') event.type = val;
        else if (field === 'data') event.data.push(val);
        else if (field === 'id') event.id = val;
      }
    }
  }
}
