import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import type { Binding } from '../main/binding';
import { createHarnessServer, MAX_EVENT_STREAMS } from './http';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-harness-http-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="assets/app.js"></script>');
writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
after(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'a'.repeat(64);

/** Polls rather than sleeping a fixed time: on a loaded machine the server's side may take longer to run. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`not within 15 s: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the page is served before the engine exists; its script starts the engine, and calls wait for it', async (t) => {
  let asked = 0;
  let resolveEngine!: (b: Binding) => void;
  const engine = new Promise<Binding>((r) => (resolveEngine = r));
  const server = createHarnessServer({
    binding: () => {
      asked++;
      return engine;
    },
    staticDir: dir,
    token: TOKEN,
    log: () => {},
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${TOKEN}/`;

  const page = await fetch(base);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /assets\/app\.js/);
  assert.equal(asked, 0, 'serving the page must not start the engine (it would hold up the script)');

  const script = await fetch(`${base}assets/app.js`);
  assert.equal(await script.text(), 'console.log(1)');
  await eventually(() => asked === 1, 'the script served starts the engine');

  let answered = false;
  const call = fetch(`${base}api/invoke/app:info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).then(async (r) => {
    answered = true;
    return r.json() as Promise<unknown>;
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(answered, false, 'a call waits for the engine');
  resolveEngine({
    invoke: async (channel) => ({ ok: true, value: { channel } }),
    subscribe: () => () => {},
    warmUp: () => {},
    stop: () => {},
  });
  assert.deepEqual(await call, { ok: true, value: { channel: 'app:info' } });
});

test('the event stream answers GET only, and at most MAX_EVENT_STREAMS at once', async (t) => {
  const server = createHarnessServer({
    binding: () =>
      Promise.resolve({
        invoke: async () => ({ ok: true, value: null }),
        subscribe: () => () => {},
        warmUp: () => {},
        stop: () => {},
      }),
    staticDir: dir,
    token: TOKEN,
    log: () => {},
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${TOKEN}/api/events`;
  for (const method of ['POST', 'PUT', 'DELETE', 'HEAD'])
    assert.equal((await fetch(url, { method })).status, 405, method);
  const open: AbortController[] = [];
  for (let i = 0; i < MAX_EVENT_STREAMS; i++) {
    const c = new AbortController();
    open.push(c);
    assert.equal((await fetch(url, { signal: c.signal })).status, 200);
  }
  assert.equal((await fetch(url)).status, 429);
  // A stream that closes frees its place (once the server has seen it close).
  open.shift()?.abort();
  await eventually(async () => {
    const again = new AbortController();
    const status = (await fetch(url, { signal: again.signal })).status;
    if (status === 200) open.push(again);
    return status === 200;
  }, 'a closed stream frees its place');
  for (const c of open) c.abort();
});
