#!/usr/bin/env node
// Runs several node:test files in this one process: `node --import tsx scripts/test-batch.mjs FILE…`.
// Why: under `node --test` every file is a process of its own that starts tsx and loads the core again, about half a
// CPU second each before its first test; imported one after the other here, the files share one start-up. Their
// top-level tests and hooks register with the one root test, which runs the tests one at a time in import order.
// A file that changes process-wide state (process.env, the cwd, a global) would leak into the files after it:
// scripts/test.mjs keeps such files in a process of their own.
import path from 'node:path';
import { before } from 'node:test';
import { pathToFileURL } from 'node:url';

// No test may start before every file is loaded: node:test starts the first test as soon as it exists, and the
// files still loading (module code, sync probes for installed tools) would then run beside it on this one thread.
// The root's before-hooks run, in order, when its first test starts: this one first, so the files' own hooks and
// tests run after every file has loaded.
let loaded;
const allLoaded = new Promise((resolve) => (loaded = resolve));
before(() => allLoaded);
for (const file of process.argv.slice(2)) await import(pathToFileURL(path.resolve(file)).href);
loaded();
