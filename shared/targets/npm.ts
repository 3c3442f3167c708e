import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const npm = defineTarget({
  id: 'npm',
  family: 'javascript',
  kind: 'npm',
  name: { en: 'npm (Node.js)', 'zh-CN': 'npm（Node.js）' },
  platforms: ALL_PLATFORMS,
  // npmmirror is run by Alibaba; TUNA and USTC offer no npm registry of their own (USTC's redirects there).
  presets: {
    aliyun: 'npmmirror',
    tuna: 'npmmirror',
    ustc: 'npmmirror',
    huawei: 'huawei',
    tencent: 'tencent',
    official: 'official',
  },
  profile: mirror,
});
