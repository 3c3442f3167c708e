import { z } from 'zod';

import { provider, url } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** Go module path patterns (GOPRIVATE syntax): comma-separated globs of a strict character set. */
const goPatterns = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9.*?_\-/]+(,[A-Za-z0-9.*?_\-/]+)*$/, 'comma-separated module path patterns');
const patterns = {
  goprivate: goPatterns.optional(),
  gonosumdb: goPatterns.optional(),
  gonoproxy: goPatterns.optional(),
};
const EXTRAS = [
  ['goprivate', 'GOPRIVATE'],
  ['gonosumdb', 'GONOSUMDB'],
  ['gonoproxy', 'GONOPROXY'],
] as const;

export const go = defineTarget({
  id: 'go',
  family: 'go',
  kind: 'go',
  name: { en: 'Go modules', 'zh-CN': 'Go 模块' },
  platforms: ALL_PLATFORMS,
  // Huawei's Go proxy cannot verify checksums in China; TUNA and USTC have none.
  presets: {
    aliyun: 'aliyun',
    tuna: 'goproxy-cn',
    ustc: 'goproxy-cn',
    huawei: 'goproxy-cn',
    tencent: 'goproxy-cn',
    official: 'official',
  },
  profile: z.union([z.object({ provider, ...patterns }).strict(), z.object({ url, ...patterns }).strict()]),
  /** The private-module patterns of a profile, as the variables the go target writes. */
  extras: (entry) =>
    Object.fromEntries(EXTRAS.flatMap(([k, env]) => (typeof entry[k] === 'string' ? [[env, entry[k]]] : []))),
});
