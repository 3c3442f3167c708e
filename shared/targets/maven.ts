import { z } from 'zod';

import { provider, url } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * Does a `mirrorOf` pattern take over Maven Central (repository id `central`)? Maven's rules
 * (DefaultMirrorSelector.matchPattern): a comma-separated list; `!central` excludes it whatever else is listed;
 * `*`, `external:*` (Central is neither on localhost nor file:) and `central` include it; `external:http:*`
 * does not (Central is https).
 */
export function mirrorsCentral(mirrorOf: string | undefined): boolean {
  if (mirrorOf === undefined) return false;
  const parts = mirrorOf.split(',').map((p) => p.trim());
  if (parts.includes('!central')) return false;
  return parts.some((p) => p === '*' || p === 'external:*' || p === 'central');
}

/** A `mirrorOf` a profile may set (default `central`): repository ids, `*`, `external:*`, `!id` exclusions. */
const mirrorOf = z
  .string()
  .max(500)
  .regex(/^!?[A-Za-z0-9_.:*-]+(,!?[A-Za-z0-9_.:*-]+)*$/, 'comma-separated repository ids, *, external:* or !id')
  .refine(mirrorsCentral, 'must include Maven Central (central, * or external:*)');

export const maven = defineTarget({
  id: 'maven',
  family: 'java',
  kind: 'maven',
  name: { en: 'Maven (Java)', 'zh-CN': 'Maven（Java）' },
  platforms: ALL_PLATFORMS,
  // TUNA and USTC run no Maven repository; Aliyun's presets use its public group (Central + JCenter).
  presets: { aliyun: 'aliyun', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: z.union([
    z.object({ provider, mirrorOf: mirrorOf.optional() }).strict(),
    z.object({ url, mirrorOf: mirrorOf.optional() }).strict(),
  ]),
  /** A company that wants its Nexus for more than Central (`external:*,!corp-releases`) says so in its profile. */
  extras: (entry): Record<string, string> => (typeof entry.mirrorOf === 'string' ? { MIRROR_OF: entry.mirrorOf } : {}),
  messages: {
    en: {
      'maven.central-was-mirrored':
        'The mirror "{id}" ({mirrorOf}) in {path} served Maven Central until now; MirrorKit puts its own mirror first for Central, and "{id}" keeps serving every other repository.',
      'maven.settings-flag':
        'MAVEN_ARGS names its own settings file ({value}): Maven run with it does not read {path}.',
      'maven.verify-windows':
        "Not checked with Maven itself: Java or the installation's classworlds launcher was not found (mvn.cmd runs only through a shell, which MirrorKit never uses).",
    },
    'zh-CN': {
      'maven.central-was-mirrored':
        '{path} 中的镜像“{id}”（{mirrorOf}）此前代理 Maven Central；MirrorKit 将自己的镜像放在最前以接管 Central，“{id}”继续代理其他所有仓库。',
      'maven.settings-flag': 'MAVEN_ARGS 指定了另一个 settings 文件（{value}）：带此参数运行的 Maven 不会读取 {path}。',
      'maven.verify-windows':
        '未能用 Maven 本身核对：找不到 Java 或安装目录中的 classworlds 启动器（mvn.cmd 只能通过 shell 运行，而 MirrorKit 从不使用 shell）。',
    },
  },
});
