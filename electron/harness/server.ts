/**
 * `npm run harness -- [--port N] [--open] [--probe-candidates FILE]`: the wizard in a browser, served on 127.0.0.1
 * with the real core; a front end beside the CLI and the Electron app.
 * It works on the home and root prefix the CLI would use (HOME, APPDATA, XDG_*, MIRRORKIT_HOME,
 * MIRRORKIT_SYSROOT …), so pointing those at a sandbox gives a sandboxed wizard. `npm start` falls back to it
 * when the Electron runtime is missing; the end-to-end tests start one per spec file, with --probe-candidates
 * naming the loopback mirrors their Test step measures (electron/harness/candidates.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Engine } from './engine';
import { createHarnessServer } from './http';
import { hasDesktop, openBrowser } from './open';

/** When the engine starts at the latest, if no page has asked for it. */
const ENGINE_LATEST_MS = 1000;

interface Args {
  port: number;
  open: boolean;
  staticDir: string;
  /** A JSON file of mirrors the Test step probes instead of the catalog's (tests against loopback mirrors). */
  probeCandidates?: string;
}

function parseArgs(argv: string[]): Args {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const args: Args = { port: 0, open: false, staticDir: path.join(here, 'renderer') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--open') args.open = true;
    else if (a === '--port' || a === '--static' || a === '--probe-candidates') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--static') args.staticDir = path.resolve(v);
      else if (a === '--probe-candidates') args.probeCandidates = path.resolve(v);
      else {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port wants 0-65535, not ${v}`);
        args.port = n;
      }
    } else
      throw new Error(
        `unknown argument ${a}; usage: harness [--port N] [--open] [--static DIR] [--probe-candidates FILE]`,
      );
  }
  return args;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (!existsSync(path.join(args.staticDir, 'index.html'))) {
    console.error(`No built wizard in ${args.staticDir}; run \`node scripts/build.mjs all\` first.`);
    process.exit(2);
  }
  const log = (line: string): void => console.error(`[harness] ${line}`);
  const ready = ({ ctx }: Engine): void => {
    console.log(
      `  home ${ctx.env.HOME ?? ctx.env.USERPROFILE ?? '?'}, state ${ctx.stateDir}${ctx.sysroot ? `, system root ${ctx.sysroot}` : ''}`,
    );
    console.log('  Stop with Ctrl+C.');
  };
  const failed = (e: unknown): void => {
    console.error(`The MirrorKit engine failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  };
  // The engine loads while the browser parses the page (see createHarnessServer), or a moment after the URL is
  // out when no browser has come by then; the page's first call waits for it.
  let engine: Promise<Engine> | undefined;
  const start = (): Promise<Engine> => {
    if (engine) return engine;
    engine = import('./engine').then((m) => m.startEngine(log, args.probeCandidates));
    engine.then(ready, failed);
    return engine;
  };
  const token = randomBytes(32).toString('hex');
  const server = createHarnessServer({
    binding: () => start().then((e) => e.binding),
    staticDir: args.staticDir,
    token,
    log,
  });

  server.on('error', (e) => {
    console.error(`Cannot listen on 127.0.0.1:${args.port}: ${e.message}`);
    process.exit(1);
  });
  server.listen(args.port, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/${token}/`;
    console.log(`MirrorKit wizard: ${url}`);
    if (args.open && hasDesktop(process.env, process.platform)) openBrowser(url);
    setTimeout(() => void start(), ENGINE_LATEST_MS);
  });

  const stop = (): void => {
    void engine?.then((e) => {
      e.binding.stop();
      return e.binding.invoke('probe:cancel', undefined);
    });
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
