import { startTestbed, type MirrorSpec } from './testbed';
import { probeMirrors } from '../../electron/core/probe';
const specs: MirrorSpec[] = [
  { id: 'a', kind: 'npm', behaviour: 'ok', rttMs: 20, rateBps: 5e6 },
  { id: 'b', kind: 'npm', behaviour: 'ok', rttMs: 60, rateBps: 15e6 },
  { id: 'c', kind: 'npm', behaviour: 'ok', rttMs: 5, rateBps: 1e6 },
  { id: 'st', kind: 'npm', behaviour: 'ok', rttMs: 5, rateBps: 8e6, version: '5.8.0' },
  { id: 'r', kind: 'npm', behaviour: 'refused' },
  { id: 'h', kind: 'npm', behaviour: 'hang' },
  { id: 'bh', kind: 'npm', behaviour: 'blackhole' },
  { id: 's', kind: 'npm', behaviour: 'stall', rttMs: 5 },
  { id: 'w', kind: 'npm', behaviour: 'wrong-protocol' },
  { id: 'n', kind: 'npm', behaviour: 'http404' },
  { id: 'p1', kind: 'pypi', behaviour: 'ok', rttMs: 10, rateBps: 5e6 },
  { id: 'p2', kind: 'pypi', behaviour: 'wrong-protocol' },
  { id: 'g1', kind: 'go', behaviour: 'ok', rttMs: 10, rateBps: 5e6 },
  { id: 'c1', kind: 'cargo', behaviour: 'ok', rttMs: 10, rateBps: 5e6 },
  { id: 'd1', kind: 'docker', behaviour: 'ok', rttMs: 10 },
  { id: 'm1', kind: 'maven', behaviour: 'ok', rttMs: 10, rateBps: 5e6 },
  { id: 'ap', kind: 'apt', behaviour: 'ok', rttMs: 10, rateBps: 5e6 },
];
const tb = await startTestbed(specs);
const t0 = performance.now();
const rep = await probeMirrors(specs.map((s) => ({ target: null, kind: s.kind, url: tb.url[s.id]!, provider: s.id })), {
  onProgress: (r) => console.log(`+${Math.round(performance.now() - t0)}ms`, r.provider, r.outcome, r.deadline ?? '', r.reason?.code ?? '', r.estimateMs ?? ''),
});
for (const r of rep.results) console.log(JSON.stringify(r));
console.log(JSON.stringify(rep.best), rep.wallMs, rep.bytes);
await tb.close();
