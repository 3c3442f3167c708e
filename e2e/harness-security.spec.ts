import http from 'node:http';
import os from 'node:os';

import { expect, test } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';

let h: Harness;
let port: number;
let token: string;
test.beforeAll(async () => {
  h = await startHarness();
  const u = new URL(h.url);
  port = Number(u.port);
  token = u.pathname.split('/')[1] ?? '';
});
test.afterAll(async () => {
  await h?.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so Host and Origin can be anything (a browser would not let a test forge them). */
function request(o: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  host?: string;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: o.host ?? '127.0.0.1',
        port,
        path: o.path,
        method: o.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...o.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (b: Buffer) => (body += b.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const invoke = (channel: string, args: unknown, headers: Record<string, string> = {}) =>
  request({
    path: `/${token}/api/invoke/${channel}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ args }),
  });

test('the page and the API need the token', async () => {
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  const page = await request({ path: `/${token}/` });
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  for (const path of [
    '/',
    '/index.html',
    `/${token.slice(0, 63)}/`,
    `/${'0'.repeat(64)}/`,
    `/${token}`,
    '/api/invoke/core:history',
    `/x/${token}/`,
  ]) {
    expect((await request({ path })).status, path).toBe(404);
  }
  expect(
    (
      await request({
        path: `/${'0'.repeat(64)}/api/invoke/core:history`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).status,
  ).toBe(404);
});

test('a valid call answers with a result envelope', async () => {
  const r = await invoke('core:history', undefined);
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body)).toMatchObject({ ok: true });
});

test('DNS rebinding and cross-origin requests are refused', async () => {
  for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
    expect((await request({ path: `/${token}/`, headers: { host } })).status, host).toBe(421);
  }
  expect((await invoke('core:history', undefined, { origin: 'http://evil.example' })).status).toBe(403);
  expect((await invoke('core:history', undefined, { origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
  expect((await invoke('core:history', undefined, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
});

test('only JSON POSTs reach the binding; static files stay inside the build', async () => {
  expect((await request({ path: `/${token}/api/invoke/core:history` })).status).toBe(405);
  const form = await request({
    path: `/${token}/api/invoke/core:history`,
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: '{}',
  });
  expect(form.status).toBe(415);
  const bad = await request({
    path: `/${token}/api/invoke/core:history`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{nope',
  });
  expect(bad.status).toBe(400);
  for (const path of [
    `/${token}/..%2f..%2fpackage.json`,
    `/${token}/%2e%2e/%2e%2e/package.json`,
    `/${token}/assets/../../harness.cjs`,
    `/${token}/%E0%A4%A`,
  ]) {
    expect([400, 404], path).toContain((await request({ path })).status);
  }
});

test('it listens on loopback only', async () => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  test.skip(!external, 'this machine has no non-loopback IPv4 address to try');
  const err = await request({ path: `/${token}/`, host: external?.address }).then(
    () => null,
    (e: NodeJS.ErrnoException) => e.code,
  );
  expect(err).toBe('ECONNREFUSED');
});
