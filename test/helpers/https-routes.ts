import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { TestPki } from './pki';

/** A path's answer: its body, or what to do with the response (a redirect, a large body …). */
export type Route = string | ((res: ServerResponse) => void);

export interface HttpsRoutes {
  /** `https://127.0.0.1:<port>`. */
  base: string;
  /** For a test that takes the server away (offline) and back. */
  server: https.Server;
  /** Stops it (also once it was stopped by the test). */
  close(): Promise<void>;
}

/**
 * Serves `routes` over HTTPS on 127.0.0.1 with the test PKI's server certificate (a profile and its .minisig, as
 * a company would publish them); any other path is a 404. `seen` gets every requested path.
 */
export async function serveHttps(
  pki: TestPki,
  routes: Record<string, Route>,
  seen?: (url: string) => void,
): Promise<HttpsRoutes> {
  const server = https.createServer({ key: readFileSync(pki.srvKey), cert: readFileSync(pki.srvPem) }, (req, res) => {
    seen?.(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route === undefined) res.writeHead(404).end();
    else if (typeof route === 'string') res.end(route);
    else route(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
