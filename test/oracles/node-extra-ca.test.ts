// Oracle (issue 18): after `apply --profile` with a CA for npm, a real Node.js started from a new login shell
// (bash reads ~/.profile, which sources MirrorKit's env.sh) trusts a loopback https server signed by the test CA,
// with both https.get and fetch; before the apply and after the restore it does not. A NODE_EXTRA_CA_CERTS of the
// user's own keeps working beside the company's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { makeTestPki, type TestPki } from '../helpers/pki';
import { findExecutable } from '../helpers/which';
import { createSandbox, describeRun, run, runCli, seed, type Env, type Sandbox } from '../helpers/sandbox';

interface Site {
  url: string;
  close: () => Promise<void>;
}

async function site(pki: TestPki): Promise<Site> {
  const server = https.createServer({ key: readFileSync(pki.srvKey), cert: readFileSync(pki.srvPem) }, (_q, res) =>
    res.end('ok'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Both of Node's https clients: the classic agent and fetch (undici). Prints "get <status|code> fetch <…>". */
const SCRIPT = `
const https = require('node:https');
const url = process.argv[1];
const get = new Promise((ok) => https.get(url, (r) => { r.resume(); ok(String(r.statusCode)); }).on('error', (e) => ok(e.code)));
const f = fetch(url).then((r) => String(r.status), (e) => (e.cause && e.cause.code) || e.message);
Promise.all([get, f]).then(([a, b]) => console.log('get ' + a + ' fetch ' + b));
`;

describe('NODE_EXTRA_CA_CERTS oracle', () => {
  let sb: Sandbox;
  let corp: TestPki;
  let own: TestPki;
  let corpSite: Site;
  let ownSite: Site;
  const bash = findExecutable('bash', process.env);

  before(async () => {
    sb = createSandbox('mk-node-extra-');
    corp = makeTestPki(sb.dir('corp'), 'Contoso Root CA');
    own = makeTestPki(sb.dir('own'), 'Their Own CA');
    corpSite = await site(corp);
    ownSite = await site(own);
  });
  after(async () => {
    await corpSite.close();
    await ownSite.close();
    sb.cleanup();
  });

  /** node as a new terminal runs it: a login bash, which reads ~/.profile. */
  const nodeIn = async (env: Env, url: string): Promise<string> => {
    const r = await run(bash!, ['--login', '-c', 'exec "$0" "$@"', process.execPath, '-e', SCRIPT, url], {
      env,
      cwd: sb.home,
    });
    return r.stdout.trim() || describeRun(r);
  };
  const OK = 'get 200 fetch 200';
  const apply = async (env: Env) => {
    seed(
      path.join(sb.root, 'corp.json'),
      JSON.stringify({ name: 'Contoso', targets: { npm: { url: corpSite.url } }, ca: [{ file: corp.caPem }] }),
    );
    const r = await runCli({ ...sb, env }, ['apply', '--profile', path.join(sb.root, 'corp.json'), '--yes', '--json']);
    assert.equal(r.code, 0, describeRun(r));
  };

  test('a new shell trusts the company CA after apply, not before and not after restore', async (t) => {
    if (!bash) return t.skip('bash is not installed here');
    // This machine exports NODE_EXTRA_CA_CERTS itself: the first case is a user who has none.
    const env: Env = { ...sb.env, NODE_EXTRA_CA_CERTS: undefined };
    assert.match(await nodeIn(env, corpSite.url), /^get UNABLE_TO_VERIFY_LEAF_SIGNATURE fetch UNABLE_TO_VERIFY/);
    await apply(env);
    assert.equal(await nodeIn(env, corpSite.url), OK);
    const r = await runCli({ ...sb, env }, ['restore', '--yes']);
    assert.equal(r.code, 0, describeRun(r));
    assert.match(await nodeIn(env, corpSite.url), /^get UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  test("the user's own NODE_EXTRA_CA_CERTS keeps working beside the company CA, and is theirs alone again after restore", async (t) => {
    if (!bash) return t.skip('bash is not installed here');
    const env: Env = { ...sb.env, NODE_EXTRA_CA_CERTS: own.caPem };
    assert.equal(await nodeIn(env, ownSite.url), OK);
    assert.match(await nodeIn(env, corpSite.url), /^get UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    await apply(env);
    assert.equal(await nodeIn(env, ownSite.url), OK, 'their CA still trusted');
    assert.equal(await nodeIn(env, corpSite.url), OK, 'and the company CA');
    const r = await runCli({ ...sb, env }, ['restore', '--yes']);
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(await nodeIn(env, ownSite.url), OK);
    assert.match(await nodeIn(env, corpSite.url), /^get UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });
});
