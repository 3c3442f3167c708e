import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const pnpm = defineTarget({
  id: 'pnpm',
  family: 'javascript',
  kind: 'npm',
  name: { en: 'pnpm', 'zh-CN': 'pnpm' },
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
      'pnpm.uses-npmrc': "pnpm {version} reads `registry` from npm's {path}: it uses whatever npm is set to there.",
      'pnpm.own-config':
        'pnpm {version} keeps its own settings in {path}, which beats ~/.npmrc; `npm_config_registry` no longer applies to it (`pnpm_config_registry` does).',
      'pnpm.version-unknown':
        'pnpm was not found, so its version is unknown: planned as pnpm 11 or later ({path}); pnpm 10 or earlier reads ~/.npmrc.',
    },
    'zh-CN': {
      'pnpm.uses-npmrc': 'pnpm {version} 从 npm 的 {path} 读取 `registry`：npm 在那里设置的就是它使用的源。',
      'pnpm.own-config':
        'pnpm {version} 的设置保存在自己的 {path} 中，优先于 ~/.npmrc；`npm_config_registry` 对它不再生效（改用 `pnpm_config_registry`）。',
      'pnpm.version-unknown': '未找到 pnpm，版本未知：按 pnpm 11 及以上规划（{path}）；pnpm 10 及以下读取 ~/.npmrc。',
    },
  },
});
