import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const yarn = defineTarget({
  id: 'yarn',
  family: 'javascript',
  kind: 'npm',
  name: { en: 'Yarn', 'zh-CN': 'Yarn' },
  platforms: ALL_PLATFORMS,
  // The npm registry mirrors, as for npm.
  presets: {
    aliyun: 'npmmirror',
    tuna: 'npmmirror',
    ustc: 'npmmirror',
    huawei: 'huawei',
    tencent: 'tencent',
    official: 'official',
  },
  profile: mirror,
  messages: {
    en: {
      'yarn.npmrc-wins':
        'Yarn 1 takes the registry from {path} (`registry={value}`) before {yarnrc}: that line decides which mirror yarn 1 uses. Set npm to the same mirror, or remove that line.',
      'yarn.root-rc': 'Yarn 1 run as root reads {path} instead of ~/.yarnrc; that is the file planned.',
      'yarn.berry-http':
        'Yarn 2 and later refuse a plain http:// registry unless its host is listed under `unsafeHttpWhitelist` in {path}.',
    },
    'zh-CN': {
      'yarn.npmrc-wins':
        'Yarn 1 优先从 {path}（`registry={value}`）读取 `registry`，而不是 {yarnrc}：yarn 1 实际使用的是那一行。请将 npm 设为同一镜像，或删除该行。',
      'yarn.root-rc': '以 root 运行的 Yarn 1 读取 {path} 而不是 ~/.yarnrc；规划的就是该文件。',
      'yarn.berry-http': 'Yarn 2 及以上拒绝使用纯 http:// 的源，除非其主机列在 {path} 的 `unsafeHttpWhitelist` 中。',
    },
  },
});
