import { mirror } from '../profile/fields';

import { defineTarget } from './define';

export const apt = defineTarget({
  id: 'apt',
  family: 'systems',
  kind: 'apt',
  name: { en: 'APT (Debian/Ubuntu)', 'zh-CN': 'APT（Debian/Ubuntu）' },
  platforms: ['linux'],
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
});
