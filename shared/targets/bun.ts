import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const bun = defineTarget({
  id: 'bun',
  family: 'javascript',
  kind: 'npm',
  name: { en: 'Bun', 'zh-CN': 'Bun' },
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
      'bun.verify-unreachable':
        'Bun has no command that prints its registry; MirrorKit asks it for a package that does not exist, and the registry\'s "not found" names the URL. Bun could not reach it: {reason}',
    },
    'zh-CN': {
      'bun.verify-unreachable':
        'Bun 没有打印其源地址的命令；MirrorKit 让它查询一个不存在的包，由源返回的“未找到”给出地址。Bun 未能连上该源：{reason}',
    },
  },
});
