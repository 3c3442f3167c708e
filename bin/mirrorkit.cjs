#!/usr/bin/env node
// `npx mirrorkit …`: run the built CLI bundle; in a fresh checkout without a build, run the TypeScript source.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'cli.cjs');
if (fs.existsSync(bundle)) {
  require(bundle);
} else {
  const { spawnSync } = require('node:child_process');
  const { pathToFileURL } = require('node:url');
  const src = path.join(__dirname, '..', 'electron', 'cli', 'main.ts');
  // Resolve tsx from this package, not from the caller's working directory.
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [path.join(__dirname, '..')] })).href;
  const r = spawnSync(process.execPath, ['--import', tsx, src, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
