import dns from 'node:dns';
import net from 'node:net';
import { DNS_TIMEOUT_MS } from './tuning';

export interface Address {
  address: string;
  family: 4 | 6;
}

export type Resolution = { ok: true; addresses: Address[]; ms: number } | { ok: false; code: string; ms: number };

/**
 * Resolves every host once per run, up front, through c-ares (`dns.promises.Resolver`): `dns.lookup` would queue
 * on libuv's 4 threads and turn 24 lookups into inflated "connect" times. IP literals and `localhost` skip DNS.
 * `cancel()` ends every pending query, so an abort leaves nothing running.
 */
export class HostResolver {
  private readonly resolver = new dns.promises.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  private readonly cache = new Map<string, Promise<Resolution>>();

  constructor(private readonly now: () => number) {}

  resolve(host: string): Promise<Resolution> {
    const bare = host.replace(/^\[|\]$/g, '');
    let p = this.cache.get(bare);
    if (!p) {
      p = this.lookup(bare);
      this.cache.set(bare, p);
    }
    return p;
  }

  cancel(): void {
    this.resolver.cancel();
  }

  private async lookup(host: string): Promise<Resolution> {
    const start = this.now();
    const literal = net.isIP(host);
    if (literal) return { ok: true, addresses: [{ address: host, family: literal === 6 ? 6 : 4 }], ms: 0 };
    if (host.toLowerCase() === 'localhost') {
      return {
        ok: true,
        addresses: [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ],
        ms: 0,
      };
    }
    const [v4, v6] = await Promise.allSettled([this.resolver.resolve4(host), this.resolver.resolve6(host)]);
    const addresses: Address[] = [];
    // IPv6 first, as getaddrinfo orders them; the connection races the families (happy eyeballs) anyway.
    if (v6.status === 'fulfilled') addresses.push(...v6.value.map((a) => ({ address: a, family: 6 as const })));
    if (v4.status === 'fulfilled') addresses.push(...v4.value.map((a) => ({ address: a, family: 4 as const })));
    if (addresses.length > 0) return { ok: true, addresses, ms: this.now() - start };
    const code = errorCode(v4) ?? errorCode(v6) ?? 'ENOTFOUND';
    // The DNS server answered "no such name": the name may still be in the hosts file (a company's Nexus).
    // Only then is getaddrinfo worth asking; when DNS itself is unreachable it could block for many seconds.
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      const fromHosts = await hostsFileLookup(host);
      if (fromHosts.length > 0) return { ok: true, addresses: fromHosts, ms: this.now() - start };
    }
    return { ok: false, code, ms: this.now() - start };
  }
}

function errorCode(r: PromiseSettledResult<unknown>): string | undefined {
  if (r.status !== 'rejected') return undefined;
  const code = (r.reason as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENODATA' ? undefined : code;
}

async function hostsFileLookup(host: string): Promise<Address[]> {
  try {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } catch {
    return [];
  }
}
