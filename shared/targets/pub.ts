import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * Dart's pub and the Flutter SDK read only environment variables: PUB_HOSTED_URL (packages) and
 * FLUTTER_STORAGE_BASE_URL (SDK, engine and tool downloads), both from the catalog entry (targets-wave2 §17).
 * Only TUNA of the presets' providers serves pub (packages only since 2026-08-09).
 */
export const pub = defineTarget({
  id: 'pub',
  family: 'sdks',
  kind: 'pub',
  name: { en: 'Flutter / Dart pub', 'zh-CN': 'Flutter / Dart pub' },
  platforms: ALL_PLATFORMS,
  presets: { tuna: 'tuna', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'pub.new-shells':
        'PUB_HOSTED_URL and FLUTTER_STORAGE_BASE_URL are set for new terminals; restart your IDE so that it runs flutter with them.',
      'pub.storage-not-served':
        'This mirror serves pub packages only: FLUTTER_STORAGE_BASE_URL is removed, so Flutter SDK and engine downloads come from Google’s storage.',
      'pub.storage-untouched':
        'The catalog does not know this mirror, so it cannot tell its Flutter storage address: only PUB_HOSTED_URL is set, FLUTTER_STORAGE_BASE_URL is left as it is.',
      'pub.quoted':
        '{name} holds quote marks ({value}): pub refuses such a value (`flutter/flutter#114764`). Set the bare URL.',
    },
    'zh-CN': {
      'pub.new-shells':
        'PUB_HOSTED_URL 和 FLUTTER_STORAGE_BASE_URL 对新打开的终端生效；请重启 IDE，使其运行的 `flutter` 读到它们。',
      'pub.storage-not-served':
        '此镜像只提供 pub 软件包：已移除 FLUTTER_STORAGE_BASE_URL，Flutter SDK 和引擎仍从 Google 的存储下载。',
      'pub.storage-untouched':
        '镜像目录中没有此镜像，无法得知它的 Flutter 存储地址：只设置 PUB_HOSTED_URL，FLUTTER_STORAGE_BASE_URL 保持不变。',
      'pub.quoted':
        '{name} 的值带有引号（{value}）：pub 不接受这样的值（`flutter/flutter#114764`）。请只填写网址本身。',
    },
  },
});
