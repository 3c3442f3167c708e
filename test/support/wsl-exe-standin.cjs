#!/usr/bin/env node
// A STAND-IN for Windows' wsl.exe, for tests on a machine without WSL. It is not WSL: it implements the few forms
// MirrorKit uses, the way wsl.exe answers them, against one folder per "distro".
//
// Tests copy this file to <sandbox>/Windows/System32/wsl.exe (the path MirrorKit derives from %SystemRoot%) and
// make one folder per distro under <that folder>/wsl-standin-distros/<name>/ holding its /etc, /tmp …
//
//   wsl.exe -l -q                                  the folder names, CRLF-terminated, UTF-16LE (UTF-8 with WSL_UTF8=1)
//   wsl.exe -l --running -q                        those without `.standin-stopped`; none running: a sentence, exit 1
//   wsl.exe -d <distro> -u root --exec <cmd> …     runs the real <cmd> with every absolute path (also in `k=/…`)
//                                                  moved under the distro's folder, through the distro's own
//                                                  symbolic links; `find` output moved back; `readlink` emulated
//
// Paths given as arguments follow the distro's links, absolute ones too. What a real program opens by itself is
// not: apt-get reading sources.list.d follows a link there with the host's `/`, so such links must be relative.
//
// `--` (which real wsl.exe hands to the distro's shell) is refused, so a test fails if MirrorKit ever uses it.
// A distro folder holding `.standin-broken` fails to start, as a damaged distro does; one holding
// `.standin-stopped` is not running until a command runs in it (which starts it, as wsl.exe does). Every call is appended to
// wsl-standin.log (one JSON array per line) so a test can see what was, or was not, run.
// CommonJS, because a file named wsl.exe is loaded as CommonJS by Node.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = path.dirname(process.argv[1]);
const distros = path.join(here, 'wsl-standin-distros');
const args = process.argv.slice(2);
fs.appendFileSync(path.join(here, 'wsl-standin.log'), `${JSON.stringify(args)}\n`);

/** wsl.exe's own messages: UTF-16LE unless WSL_UTF8=1. */
function own(text, stream = process.stdout) {
  const utf8 = process.env.WSL_UTF8 === '1';
  stream.write(utf8 ? Buffer.from(text, 'utf8') : Buffer.from(text, 'utf16le'));
}

function fail(text, code = 1) {
  own(`${text}\r\n`, process.stderr);
  process.exit(code);
}

const listAll = args[0] === '-l' && args[1] === '-q' && args.length === 2;
const listRunning = args[0] === '-l' && args[1] === '--running' && args[2] === '-q' && args.length === 3;
if (listAll || listRunning) {
  const names = (
    fs.existsSync(distros)
      ? fs
          .readdirSync(distros, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
          .sort()
      : []
  ).filter((n) => listAll || !fs.existsSync(path.join(distros, n, '.standin-stopped')));
  if (names.length === 0) {
    own(
      listAll
        ? 'Windows Subsystem for Linux has no installed distributions.\r\n'
        : 'There are no running distributions.\r\n',
    );
    process.exit(1);
  }
  own(names.map((n) => `${n}\r\n`).join(''));
  process.exit(0);
}

if (args[0] !== '-d' || args[2] !== '-u') fail(`stand-in: unsupported arguments ${JSON.stringify(args)}`, 2);
const [, distro, , user, mode, cmd, ...rest] = args;
if (mode === '--') fail('stand-in: `--` passes the command line to the distro shell; use --exec', 2);
if (mode !== '--exec' && mode !== '-e') fail(`stand-in: expected --exec, got ${mode}`, 2);
if (user !== 'root') fail(`stand-in: only -u root is emulated, got ${user}`, 2);
const root = path.join(distros, distro);
if (!fs.existsSync(root) || distro.includes('/') || distro.startsWith('.'))
  fail('There is no distribution with the supplied name.\r\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND');
if (fs.existsSync(path.join(root, '.standin-broken')))
  fail('The distribution failed to start.\r\nError code: Wsl/Service/CreateInstance/E_FAIL');
fs.rmSync(path.join(root, '.standin-stopped'), { force: true });

const ALLOWED = ['cat', 'find', 'dd', 'chown', 'chmod', 'mv', 'rm', 'mkdir', 'apt-get', 'readlink'];
if (!ALLOWED.includes(cmd)) {
  process.stderr.write(`${cmd}: command not found in the stand-in\n`);
  process.exit(127);
}

/**
 * A distro's symbolic links may be absolute (`/etc/apt/sources.list -> /etc/apt/mirrors/debian.list`), meaningful
 * only inside it: followed on this host they would reach the host's own /etc. So every path is resolved here as the
 * distro's kernel would, link by link with the distro folder as `/`, into a Linux path inside the distro (null for a
 * dangling link or a loop). `followLast: false` keeps a final link itself, as mv, rm, find and `readlink` without -e
 * treat it.
 */
function resolveIn(linuxPath, followLast) {
  const todo = linuxPath.split('/').filter(Boolean);
  const done = [];
  for (let hops = 0; todo.length > 0;) {
    const name = todo.shift();
    if (name === '.') continue;
    if (name === '..') {
      done.pop();
      continue;
    }
    const host = path.join(root, ...done, name);
    const st = fs.lstatSync(host, { throwIfNoEntry: false });
    if (!st) return todo.length === 0 ? `/${[...done, name].join('/')}` : null;
    if (!st.isSymbolicLink() || (todo.length === 0 && !followLast)) {
      done.push(name);
      continue;
    }
    if (++hops > 40) return null;
    const text = fs.readlinkSync(host);
    if (text.startsWith('/')) done.length = 0;
    todo.unshift(...text.split('/').filter(Boolean));
  }
  return `/${done.join('/')}`;
}

/** Where a Linux path of the distro lives on this host (through its links, as above); `find` lists without following. */
function onHost(linuxPath) {
  const p = resolveIn(linuxPath, cmd !== 'mv' && cmd !== 'rm' && cmd !== 'find');
  return root + (p ?? linuxPath);
}

if (cmd === 'readlink') {
  // GNU readlink's two forms MirrorKit uses, answered from the distro's own links (the host's readlink would follow
  // an absolute link out of the distro): `-e -- P` the existing end of the chain, `-- P` one link's text.
  const [flag, dashes, p] = rest.length === 3 ? rest : [undefined, ...rest];
  if (dashes !== '--' || (flag !== undefined && flag !== '-e') || !p?.startsWith('/')) {
    process.stderr.write(`readlink: stand-in does not emulate ${JSON.stringify(rest)}\n`);
    process.exit(2);
  }
  const own = resolveIn(p, false);
  const host = own === null ? null : root + own;
  const st = host === null ? undefined : fs.lstatSync(host, { throwIfNoEntry: false });
  let answer = null;
  if (flag === '-e') {
    const end = resolveIn(p, true);
    answer = end !== null && fs.existsSync(root + end) ? end : null;
  } else if (st?.isSymbolicLink()) answer = fs.readlinkSync(host);
  if (answer === null) process.exit(1);
  process.stdout.write(`${answer}\n`);
  process.exit(0);
}

const moved = rest.map((a) => {
  if (a.startsWith('/')) return onHost(a);
  const m = /^([^=]*=)(\/.*)$/.exec(a);
  return m ? m[1] + onHost(m[2]) : a;
});
const r = spawnSync(cmd, moved, { cwd: root, input: fs.readFileSync(0), maxBuffer: 64 * 1024 * 1024 });
if (r.error) {
  process.stderr.write(`${cmd}: ${r.error.message}\n`);
  process.exit(127);
}
const out = cmd === 'find' ? Buffer.from(r.stdout.toString('latin1').replaceAll(root, ''), 'latin1') : r.stdout;
process.stdout.write(out);
process.stderr.write(r.stderr);
process.exitCode = r.status ?? 1;
