import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const cargo = defineTarget({
  id: 'cargo',
  family: 'rust',
  kind: 'cargo',
  name: { en: 'Cargo (Rust)', 'zh-CN': 'Cargo（Rust）' },
  platforms: ALL_PLATFORMS,
  presets: {
    aliyun: 'aliyun',
    tuna: 'tuna',
    ustc: 'ustc',
    huawei: 'rsproxy',
    tencent: 'rsproxy',
    official: 'official',
  },
  profile: mirror,
});
