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
  messages: {
    en: {
      'apt.percent-in-list':
        '{url} holds a %-escape, which apt decodes in the one-line format of {path} and would then ask the mirror for another path. Use a URL without %-escapes, or `deb822` sources (`.sources` files), where apt keeps it as written. Nothing was changed.',
    },
    'zh-CN': {
      'apt.percent-in-list':
        '{url} 含有 % 转义；apt 在 {path} 的单行格式中会先解码它，随后向镜像请求另一个路径。请使用不含 % 转义的地址，或改用 `deb822` 格式（`.sources` 文件），apt 会按原样使用。未作任何更改。',
    },
  },
});
