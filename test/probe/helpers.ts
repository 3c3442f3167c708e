import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ProbeCandidate } from '../../electron/core/probe';
import type { MirrorSpec, Testbed } from '../../scripts/bench/testbed';

/** A throwaway self-signed certificate for localhost, made with openssl at test time; undefined without openssl. */
export function selfSignedCert(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-probe-cert-'));
  try {
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    if (r.status !== 0) return undefined;
    return {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** perl is what makes a loopback SYN black hole (a listener that never accepts). */
export function hasPerl(): boolean {
  return spawnSync('perl', ['-e', '1'], { stdio: 'ignore' }).status === 0;
}

export function candidates(tb: Testbed, specs: MirrorSpec[]): ProbeCandidate[] {
  return specs.map((s) => ({ target: null, kind: s.kind, url: tb.url[s.id] as string, provider: s.id }));
}

export function byProvider<T extends { provider?: string }>(rows: T[], id: string): T {
  const r = rows.find((x) => x.provider === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}
