import { startTestbed, type MirrorSpec } from './testbed';
import { testCommand } from '../../electron/cli/commands/test';
import { createContext } from '../../electron/core/context';
const specs: MirrorSpec[] = [
  { id: 'a', kind: 'pypi', behaviour: 'ok', rttMs: 20, rateBps: 5e6 },
  { id: 'b', kind: 'pypi', behaviour: 'ok', rttMs: 60, rateBps: 15e6 },
  { id: 'r', kind: 'pypi', behaviour: 'refused' },
  { id: 'w', kind: 'pypi', behaviour: 'wrong-protocol' },
  { id: 'h', kind: 'pypi', behaviour: 'hang' },
];
const tb = await startTestbed(specs);
const ctx = createContext({ env: { HOME: '/tmp/pt/home' }, lang: process.argv[2] === 'zh' ? 'zh-CN' : 'en' });
const io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s), interactive: false, confirm: async () => false, lang: ctx.lang, json: process.argv[3] === 'json' };
const code = await testCommand.run({ command: 'test', positionals: [], flags: { kind: 'pypi', url: [...specs.map((s) => tb.url[s.id]!), 'http://mirror.invalid/simple/'] } }, ctx, io);
console.log('exit', code);
await tb.close();
