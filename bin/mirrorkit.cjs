#!/usr/bin/env node
// `npx mirrorkit …`: run the built CLI bundle; in a fresh checkout without a build, run the TypeScript source.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'cli.cjs');
if (fs.existsSync(bundle)) {
  require(bundle);
} else {
  const os = require('node:os');
  const { spawn } = require('node:child_process');
  const { pathToFileURL } = require('node:url');
  const src = path.join(__dirname, '..', 'electron', 'cli', 'main.ts');
  // Resolve tsx from this package, not from the caller's working directory.
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [path.join(__dirname, '..')] })).href;
  const child = spawn(process.execPath, ['--import', tsx, src, ...process.argv.slice(2)], { stdio: 'inherit' });
  // A signal sent to this wrapper alone (a service manager's SIGTERM) must reach the CLI, which stops safely;
  // a terminal's Ctrl-C reaches both, and the CLI acts on the first one only.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
}
