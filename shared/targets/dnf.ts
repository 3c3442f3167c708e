import { mirror } from '../profile/fields';

import { defineTarget } from './define';

/**
 * yum/dnf: the `.repo` files of CentOS Stream, Rocky, AlmaLinux, openEuler, Anolis and Fedora under
 * /etc/yum.repos.d, the distribution read from /etc/os-release. Presets name the providers whose help pages
 * document at least one of these trees; a provider without the machine's tree leaves it alone and says so.
 */
export const dnf = defineTarget({
  id: 'dnf',
  family: 'systems',
  kind: 'dnf',
  name: { en: 'DNF/YUM (Fedora, RHEL family)', 'zh-CN': 'DNF/YUM（Fedora、RHEL 系）' },
  platforms: ['linux'],
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'dnf.other-source':
        "{path} [{repo}] is enabled and still fetches from {value}: MirrorKit changes only the distribution's own repositories.",
      'dnf.unknown-distro':
        'dnf: /etc/os-release names {distro}, which MirrorKit does not know how to point at a mirror (it knows Rocky, AlmaLinux, Fedora, CentOS Stream 9+, openEuler and Anolis).',
    },
    'zh-CN': {
      'dnf.other-source': '{path} 的 [{repo}] 已启用，仍从 {value} 获取：MirrorKit 只修改发行版自己的仓库。',
      'dnf.unknown-distro':
        'dnf：`/etc/os-release` 表明系统为 {distro}，MirrorKit 不知道如何为它换源（支持 Rocky、AlmaLinux、Fedora、CentOS Stream 9 及以上、openEuler 和 Anolis）。',
    },
  },
});
