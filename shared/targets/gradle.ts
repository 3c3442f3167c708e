import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** Gradle resolves Maven Central like Maven does, so it takes the same mirrors (an init script, not settings.xml). */
export const gradle = defineTarget({
  id: 'gradle',
  family: 'java',
  kind: 'maven',
  name: { en: 'Gradle (Java, Android)', 'zh-CN': 'Gradle（Java、Android）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'gradle.other-init-scripts':
        'Other Gradle init scripts may also change repositories ({files}); MirrorKit cannot tell what they do.',
      'gradle.init-script-foreign': '{path} was not written by MirrorKit; it is left alone and Gradle is not changed.',
      'gradle.verify-windows':
        'Not checked with Gradle itself on Windows yet: gradle.bat runs only through a shell, which MirrorKit never uses.',
    },
    'zh-CN': {
      'gradle.other-init-scripts': '其他 Gradle 初始化脚本也可能修改仓库（{files}）；MirrorKit 无法判断它们的作用。',
      'gradle.init-script-foreign': '{path} 不是 MirrorKit 写入的；该文件保持不变，Gradle 不作更改。',
      'gradle.verify-windows':
        '在 Windows 上暂未用 Gradle 本身核对：gradle.bat 只能通过 shell 运行，而 MirrorKit 从不使用 shell。',
    },
  },
});
