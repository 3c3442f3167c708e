import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * rustup reads only environment variables: RUSTUP_DIST_SERVER (toolchains) and RUSTUP_UPDATE_ROOT (its own
 * self-update), both from the catalog entry (targets-wave2 §16). Huawei and Tencent run no rustup mirror; their
 * presets use RsProxy, as they do for cargo.
 */
export const rustup = defineTarget({
  id: 'rustup',
  family: 'rust',
  kind: 'rustup',
  name: { en: 'rustup (Rust toolchains)', 'zh-CN': 'rustup（Rust 工具链）' },
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
  messages: {
    en: {
      'rustup.new-shells':
        'RUSTUP_DIST_SERVER and RUSTUP_UPDATE_ROOT are set for new terminals; run rustup from a new terminal.',
      'rustup.update-root-not-served':
        'This mirror does not serve rustup’s self-update: RUSTUP_UPDATE_ROOT is removed, so `rustup self update` downloads from `static.rust-lang.org`.',
      'rustup.update-root-untouched':
        'The catalog does not know this mirror, so it cannot tell its self-update address: only RUSTUP_DIST_SERVER is set, RUSTUP_UPDATE_ROOT is left as it is.',
      'rustup.dist-root':
        'RUSTUP_DIST_ROOT (deprecated) is set to {value}: rustup uses it, without its trailing /dist, whenever RUSTUP_DIST_SERVER is not set.',
      'rustup.no-toolchain':
        '`rustup check` asked no distribution server: no toolchain is installed (run `rustup toolchain install stable`).',
    },
    'zh-CN': {
      'rustup.new-shells': 'RUSTUP_DIST_SERVER 和 RUSTUP_UPDATE_ROOT 对新打开的终端生效；请在新终端中运行 rustup。',
      'rustup.update-root-not-served':
        '此镜像不提供 rustup 自身的更新：已移除 RUSTUP_UPDATE_ROOT，`rustup self update` 将从 `static.rust-lang.org` 下载。',
      'rustup.update-root-untouched':
        '镜像目录中没有此镜像，无法得知它的自更新地址：只设置 RUSTUP_DIST_SERVER，RUSTUP_UPDATE_ROOT 保持不变。',
      'rustup.dist-root':
        'RUSTUP_DIST_ROOT（已弃用）的值为 {value}：只要未设置 RUSTUP_DIST_SERVER，rustup 就会使用它（去掉末尾的 /dist）。',
      'rustup.no-toolchain':
        '`rustup check` 没有访问任何分发服务器：尚未安装工具链（请运行 `rustup toolchain install stable`）。',
    },
  },
});
