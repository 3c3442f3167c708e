import http from 'node:http';

import { TRUTH_BYTES, TRUTH_PATH } from './protocols';

/** Time to fetch the 5 MB file from `origin` on a fresh connection: request start → last byte. */
export function fetchTime(origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let got = 0;
    const req = http.get(`${origin}${TRUTH_PATH}`, { agent: false }, (res) => {
      res.on('data', (d: Buffer) => (got += d.length));
      res.on('end', () =>
        got >= TRUTH_BYTES ? resolve(performance.now() - start) : reject(new Error(`short read from ${origin}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Ground truth for each healthy mirror, `parallel` at a time (each on its own emulated path). */
export async function groundTruth(
  origins: Record<string, string>,
  ids: string[],
  parallel: number,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift())
        out[id] = await fetchTime(origins[id] as string);
    }),
  );
  return out;
}
