import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const pip = defineTarget({
  id: 'pip',
  family: 'python',
  kind: 'pypi',
  name: { en: 'pip (Python)', 'zh-CN': 'pip（Python）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
});
