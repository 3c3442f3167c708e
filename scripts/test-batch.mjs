#!/usr/bin/env node
// Runs several node:test files in this one process: `node --import tsx scripts/test-batch.mjs FILE…`.
// Why: under `node --test` every file is a process of its own that starts tsx (a loader thread) and loads the core
// again, about half a CPU second before its first test; here the files share one start-up.
//
// Each file runs inside a suite named after it, so what was per file stays per file: its top-level before/after
// hooks are that suite's hooks (run before its first test and after its last, not around the whole batch), and a
// failure is reported under the file's name. The suites run one at a time, in the order given.
//
// Nothing runs beside the loading: every file is imported, one after the other, before the first test starts, so
// one file's module code (sync probes for installed tools, fixtures built at load) never runs beside another's
// test on this one thread, and the import order is the same on every run.
//
// Process-wide state is shared, so a file that leaves it changed would change the files after it: the working
// directory, process.env and the umask are compared after each file (after its load and after its last test)
// with what they were when the batch started. A difference fails that file, naming what changed, and is put back
// so that only the file that caused it fails. Paths are resolved before anything runs (a test may chdir).
import { executionAsyncResource } from 'node:async_hooks';
import path from 'node:path';
import { describe, it, after } from 'node:test';
import { pathToFileURL } from 'node:url';

const files = process.argv.slice(2).map((f) => ({ name: f, url: pathToFileURL(path.resolve(f)).href }));
const start = { cwd: process.cwd(), env: { ...process.env }, umask: process.umask() };

/** What differs from `start`, one phrase each; puts it back. */
function leaks() {
  const found = [];
  if (process.cwd() !== start.cwd) {
    found.push(`the working directory (now ${process.cwd()})`);
    process.chdir(start.cwd);
  }
  const keys = new Set([...Object.keys(start.env), ...Object.keys(process.env)]);
  for (const k of [...keys].sort()) {
    if (process.env[k] === start.env[k]) continue;
    found.push(`process.env.${k} (${k in start.env ? (k in process.env ? 'changed' : 'deleted') : 'added'})`);
    if (k in start.env) process.env[k] = start.env[k];
    else delete process.env[k];
  }
  const umask = process.umask(start.umask);
  if (umask !== start.umask) found.push(`the umask (now ${umask.toString(8)})`);
  return found;
}

const fail = (file, when, found) => {
  throw new Error(
    `${file} left process-wide state changed ${when}: ${found.join(', ')}. The files after it in this process would ` +
      'see it: restore it in the file (try/finally, or an after hook), or list the file in OWN_PROCESS ' +
      '(scripts/test.mjs).',
  );
};

/** Each file's import starts when the one before it has settled. */
let chain = Promise.resolve();
let settled = 0;
let allSettled;
/** Tests start only when every file has been imported (or has failed to be). */
const allLoaded = new Promise((resolve) => (allSettled = resolve));
for (const { name, url } of files) {
  describe(name, async () => {
    // node:test adds a test, hook or suite to the test whose async scope it is called in (the root outside any).
    // This function starts in the suite's scope, but an await does not keep it: whatever is registered later, the
    // file's own tests (registered by its module code, run by the import) included, goes through the suite.
    const suite = executionAsyncResource();
    const inSuite = (fn) => suite.runInAsyncScope(fn);
    const loading = chain.then(() => inSuite(() => import(url)));
    chain = loading.finally(() => ++settled === files.length && allSettled()).catch(() => {});
    await loading;
    const atLoad = leaks();
    await allLoaded;
    inSuite(() => {
      if (atLoad.length > 0)
        it('leaves process-wide state as it found it (at load)', () => fail(name, 'at load', atLoad));
      after(() => {
        const found = leaks();
        if (found.length > 0) fail(name, 'after its tests', found);
      });
    });
  });
}
