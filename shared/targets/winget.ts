import { mirror } from '../profile/fields';

import { defineTarget } from './define';

/**
 * WinGet (Windows Package Manager): its `winget` source, changed with winget's own commands in an elevated
 * process (`source remove` + `source add`, `source reset`), never by writing a file (targets-wave2 §20). Only the
 * index is mirrored; installers still come from the vendors' URLs. Of the presets' providers only USTC serves it.
 */
export const winget = defineTarget({
  id: 'winget',
  family: 'systems',
  kind: 'winget',
  name: { en: 'WinGet', 'zh-CN': 'WinGet' },
  platforms: ['win32'],
  presets: { ustc: 'ustc', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'winget.windows': 'WinGet runs on Windows only.',
      'winget.index-only':
        'Only the winget index comes from the mirror: installers are still downloaded from each vendor’s own address.',
      'winget.needs-admin':
        'winget changes its sources only as an administrator: one administrator prompt asks for it.',
      'winget.no-trust-level':
        'WinGet {version} is older than 1.8 and has no --trust-level: the source is added without it.',
      'winget.source-absent':
        'The winget source is not in winget’s list (removed, or turned off by policy): restore removes it again.',
      'winget.cannot-restore':
        'The current winget source {arg} is not an https address MirrorKit can put back with restore, so it is left alone. Change it with winget itself.',
      'winget.https-only':
        'winget takes only https sources (and MirrorKit’s administrator helper only https addresses): {url} is not one.',
      'winget.policy':
        'Group Policy for WinGet ({policy}, under `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\AppInstaller`) does not let this change be made: the winget source is left as it is. Ask your administrator.',
      'winget.policy-allowed-list':
        'Group Policy for WinGet allows only the sources its list names (EnableAllowedSources): winget refuses the mirror unless that list has it, and then nothing changes.',
      'winget.unreadable': '`winget source export` gave no answer MirrorKit can read ({reason}); nothing was changed.',
      'winget.batch-not-allowed':
        'Administrator batch refused: change {index} asks winget for a source action no MirrorKit target may ask for. Nothing was changed.',
      'winget.will-set-source':
        'set the winget source of WinGet to {arg} (`winget source remove`, then `winget source add`)',
      'winget.will-reset-source': 'put the winget source of WinGet back to its default (`winget source reset`)',
      'winget.will-remove-source': 'remove the winget source of WinGet (`winget source remove`)',
      'winget.command-failed': '{command} failed: {reason}',
    },
    'zh-CN': {
      'winget.windows': 'WinGet 只能在 Windows 上运行。',
      'winget.index-only': '只有 winget 的索引来自镜像：安装程序仍从各厂商自己的地址下载。',
      'winget.needs-admin': 'winget 只允许管理员更改源：会弹出一次管理员权限提示。',
      'winget.no-trust-level': 'WinGet {version} 低于 1.8，没有 --trust-level 选项：添加源时不带该选项。',
      'winget.source-absent': 'winget 的源列表中没有 winget 源（已被移除，或被策略关闭）：还原时会再次移除它。',
      'winget.cannot-restore':
        '当前的 winget 源 {arg} 不是 MirrorKit 还原时能写回的 https 地址，因此保持不变。请用 winget 自己修改它。',
      'winget.https-only': 'winget 只接受 https 源（MirrorKit 的管理员助手也只接受 https 地址）：{url} 不是。',
      'winget.policy':
        'WinGet 的组策略（{policy}，位于 `HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\AppInstaller`）不允许这项更改：winget 源保持不变。请联系管理员。',
      'winget.policy-allowed-list':
        'WinGet 的组策略只允许其列表中的源（EnableAllowedSources）：除非列表中有此镜像，winget 会拒绝添加，届时不做任何更改。',
      'winget.unreadable': '`winget source export` 的输出无法读取（{reason}）；未做任何更改。',
      'winget.batch-not-allowed':
        '管理员批处理被拒绝：第 {index} 项要求 winget 执行任何 MirrorKit 目标都不允许的源操作。未做任何更改。',
      'winget.will-set-source': '将 WinGet 的 winget 源设为 {arg}（先 `winget source remove`，再 `winget source add`）',
      'winget.will-reset-source': '将 WinGet 的 winget 源恢复为默认值（`winget source reset`）',
      'winget.will-remove-source': '移除 WinGet 的 winget 源（`winget source remove`）',
      'winget.command-failed': '{command} 执行失败：{reason}',
    },
  },
});
