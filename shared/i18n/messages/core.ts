/**
 * Messages of the core engine. Each area of the app keeps its own dictionary file (core, cli, probe, app, windows)
 * so that work on one area never edits another's; shared/i18n/index.ts merges them.
 * Placeholders are written {name}.
 */
import { defineMessages } from '../define';

export const core = defineMessages({
  en: {
    'error.internal': 'Unexpected error: {reason}',
    'error.malformed-config': '{path} is not valid {format}: {reason}. It was left untouched.',
    'error.unreadable-config': 'Cannot read {path}: {reason}',
    'error.not-utf8': '{path} is not UTF-8 text; MirrorKit will not edit it.',
    'error.bad-url': '"{url}" is not an acceptable mirror URL: {reason}',
    'error.unknown-target': 'Unknown target "{target}". Known targets: {known}.',
    'error.unknown-mirror': 'No mirror "{mirror}" for {target}. Known: {known}.',
    'error.unknown-preset': 'Unknown preset "{preset}". Known presets: {known}.',
    'error.needs-root':
      '{path} needs root (administrator) rights to change. Run again with sudo, or leave {target} out.',
    'error.needs-elevation': 'Some changes need administrator rights: {what}',
    'error.locked':
      'MirrorKit is busy: another apply or restore is running (process {owner}, lock {path}). Try again in a moment.',
    'error.changed-since-plan': '{path} changed after the plan was made; nothing was written. Plan again.',
    'error.write-failed': 'Writing {path} failed: {reason}',
    'error.unknown-apply': 'No apply with id "{id}" in the history.',
    'error.nothing-to-restore': 'There is no apply to restore.',
    'error.restore-conflict':
      '{path} was changed after MirrorKit wrote it; restored anyway from the backup (the changed copy was kept at {kept}).',
    'error.interrupted':
      'Interrupted ({signal}) before every change was written: what had been written was put back, nothing of this apply remains.',
    'verify.interrupted':
      'not checked: MirrorKit was interrupted ({signal}) before the tool answered. The change itself is complete.',
    'url.not-http': 'only http:// and https:// are allowed',
    'url.forbidden-char': 'it contains whitespace, quotes or shell metacharacters',
    'url.credentials': 'user names and passwords do not belong in a mirror URL',
    'url.unparsable': 'it cannot be parsed as a URL',
    'url.too-long': 'it is longer than {max} characters',
    'url.bad-char': 'it contains the character {char}, which is invisible, a control character or not plain ASCII',
    'url.not-absolute': 'it must start with http:// or https:// followed by a host name',
    'url.fragment': 'it has a fragment (#…), which no package manager sends',
    'url.query': 'it has a query (?…): package managers add paths to a mirror URL, which would end up inside the query',
    'url.bad-host':
      'its host name is not valid (an empty label, a percent-encoded character or a character not allowed in host names)',
    'url.bad-port': 'port 0 cannot be connected to',
    'profile.duplicate-key': 'this key appears twice in the same object',
    'skip.not-installed': '{target} is not installed.',
    'skip.not-supported': '{target} is not used on this operating system.',
    'skip.no-mirror-in-preset': 'The {preset} preset has no working {target} mirror; {target} is left as it is.',
    'skip.no-working-mirror': 'No working mirror is known for {target}; it is left as it is.',
    'skip.no-mirror-chosen': 'No mirror was chosen for {target}, so it is left as it is.',
    'skip.dead-mirror':
      '{url} is marked “{status}” since {date}; it will not be written (`mirrorkit list` shows the source).',
    'warn.shadowed-by-env': 'The environment variable {name} ({scope}) overrides this setting: {value}',
    'warn.env-wins-posix':
      '{name} is set in your shell ({value}) and wins over the file. Remove the line that sets it (usually in {files}) and open a new terminal, or the new mirror will not take effect.',
    'warn.env-wins-process-win':
      '{name} is set in this console ({value}) and wins over the setting. It is not one of your saved variables: close this console and open a new one.',
    'verify.not-in-effect.env-posix':
      '{tool} still reports {observed}, because the variable {name} set in your shell wins. Remove it from the shell file that sets it (usually {files}), then open a new terminal.',
    'verify.not-in-effect.env-process-win':
      '{tool} still reports {observed}, because {name} is set in this console. Close it and open a new one; if {name} is still set, remove it where your script sets it.',
    'verify.not-in-effect.env-persistent-win':
      '{tool} still reports {observed}, because the {scope} variable {name} wins. Remove or change it (System Properties → Environment Variables), or apply again with --env-scope {flag}.',
    'verify.not-in-effect.file':
      '{tool} still reports {observed}, because {key} in {path} wins. Remove or change it there.',
    'scope.user': 'user',
    'scope.machine': 'machine-wide',
    'warn.dead-mirror-in-use':
      'The mirror in use, {url}, is marked “{status}” since {date} (`mirrorkit list` shows the source).',
    'warn.project-config': 'A project file {path} may override the user setting inside that project.',
    'warn.shared-change': '{what} is also read by this tool; the change planned for {target} sets it, once.',
    'error.shared-change-conflict':
      '{what} is read by this tool and by {target}, and the selection gives them different mirrors: choose one mirror for both. Nothing was planned for this tool.',
    'warn.docker-restart': 'Docker must be restarted for registry mirrors to take effect.',
    'warn.docker-desktop-restart':
      'Restart Docker Desktop (Settings → Apply & Restart) for the mirrors to take effect.',
    'warn.docker-hub-only': 'Registry mirrors only apply to images from Docker Hub.',
    'warn.plain-http': '{host} is plain HTTP; it was added to trusted-host.',
    'warn.apt-security-kept': 'The -security suites stay on the official host so security updates are not delayed.',
    'warn.go-sumdb': 'GOSUMDB set to {value} for this mirror.',
    'warn.cargo-dl-upstream': 'This mirror serves the index; crate downloads may still come from {host}.',
    'verify.mismatch': '{tool} reports {observed}, expected {expected}.',
    'verify.not-installed': '{tool} is not installed, so it could not confirm the change.',
    'verify.failed-to-run': '`{command}` failed: {reason}',
    'verify.daemon-not-running': 'The Docker daemon is not running; it will read the mirrors when it starts.',
    'change.docker-reload': 'Reload the Docker daemon so it reads the new mirrors.',
    'warn.firewall-windows-only': 'The firewall rule {name} is managed on Windows only; it was not created here.',
    'warn.firewall-not-planned': 'The firewall rule {name} was not planned: {target} is not changed by this plan.',
    'warn.env-scope-file-only':
      '{target} has no environment variable for its mirror; its configuration file is written instead.',
    'error.bad-profile': 'The profile {path} is not valid at {where}: {reason}. Nothing was changed.',
    'error.bad-firewall-rule': 'The firewall rule {rule} is not valid: {reason}. Nothing was changed.',
    'warn.user-part-kept':
      'Administrator rights were declined: the user-level part was kept ({what}); the rest was not changed.',
    'error.goenv-off':
      'GOENV=off disables `go env -w`, and this system has no persistent environment MirrorKit can write: set GOPROXY in your shell profile instead.',
    'error.env-scope-unsupported':
      '--env-scope needs the Windows user or machine environment; {target} keeps its setting in its own file here.',
  },
  'zh-CN': {
    'error.internal': '意外错误：{reason}',
    'error.malformed-config': '{path} 不是有效的 {format}：{reason}。文件未被改动。',
    'error.unreadable-config': '无法读取 {path}：{reason}',
    'error.not-utf8': '{path} 不是 UTF-8 文本，MirrorKit 不会修改它。',
    'error.bad-url': '“{url}”不是可接受的镜像地址：{reason}',
    'error.unknown-target': '未知目标“{target}”。已知目标：{known}。',
    'error.unknown-mirror': '{target} 没有名为“{mirror}”的镜像。可选：{known}。',
    'error.unknown-preset': '未知预设“{preset}”。可选预设：{known}。',
    'error.needs-root': '修改 {path} 需要 root（管理员）权限。请用 sudo 重新运行，或跳过 {target}。',
    'error.needs-elevation': '部分更改需要管理员权限：{what}',
    'error.locked': 'MirrorKit 正忙：另一个应用或还原操作正在进行（进程 {owner}，锁 {path}）。请稍后再试。',
    'error.changed-since-plan': '{path} 在生成计划后被修改，未写入任何内容。请重新生成计划。',
    'error.write-failed': '写入 {path} 失败：{reason}',
    'error.unknown-apply': '历史记录中没有 ID 为“{id}”的应用记录。',
    'error.nothing-to-restore': '没有可还原的应用记录。',
    'error.restore-conflict': '{path} 在 MirrorKit 写入后被修改过；仍已从备份还原（修改后的副本保存在 {kept}）。',
    'error.interrupted': '在所有更改写入之前被中断（{signal}）：已写入的部分已还原，此次应用没有留下任何更改。',
    'verify.interrupted': '未核对：工具回应之前 MirrorKit 被中断（{signal}）。更改本身已完成。',
    'url.not-http': '只允许 http:// 和 https://',
    'url.forbidden-char': '包含空白、引号或 shell 元字符',
    'url.credentials': '镜像地址中不应包含用户名或密码',
    'url.unparsable': '无法解析为 URL',
    'url.too-long': '长度超过 {max} 个字符',
    'url.bad-char': '包含字符 {char}（不可见字符、控制字符或非 ASCII 字符）',
    'url.not-absolute': '必须以 http:// 或 https:// 开头，后接主机名',
    'url.fragment': '包含片段（#…），包管理器不会发送它',
    'url.query': '包含查询参数（?…）：包管理器会在镜像地址后追加路径，这些路径会落进查询参数里',
    'url.bad-host': '主机名无效（空标签、百分号编码的字符或主机名中不允许的字符）',
    'url.bad-port': '端口 0 无法连接',
    'profile.duplicate-key': '同一对象中此键出现了两次',
    'skip.not-installed': '未安装 {target}。',
    'skip.not-supported': '此操作系统不使用 {target}。',
    'skip.no-mirror-in-preset': '预设 {preset} 没有可用的 {target} 镜像，{target} 保持不变。',
    'skip.no-working-mirror': '没有已知可用的 {target} 镜像，保持不变。',
    'skip.no-mirror-chosen': '没有为 {target} 选择镜像，因此保持不变。',
    'skip.dead-mirror': '{url} 自 {date} 起被标记为“{status}”，不会写入（`mirrorkit list` 列出来源）。',
    'warn.shadowed-by-env': '环境变量 {name}（{scope}）覆盖了此设置：{value}',
    'warn.env-wins-posix':
      '你的 shell 中设置了 {name}（{value}），它优先于配置文件。请删除设置它的那一行（通常在 {files} 中）并打开新的终端，否则新镜像不会生效。',
    'warn.env-wins-process-win':
      '当前控制台设置了 {name}（{value}），它优先于此设置。它不是你保存的环境变量：请关闭此控制台并打开一个新的。',
    'verify.not-in-effect.env-posix':
      '{tool} 仍然报告 {observed}，因为你的 shell 中设置的变量 {name} 优先。请从设置它的 shell 文件（通常是 {files}）中删除它，然后打开新的终端。',
    'verify.not-in-effect.env-process-win':
      '{tool} 仍然报告 {observed}，因为当前控制台设置了 {name}。请关闭它并打开新的控制台；如果 {name} 仍然存在，请在设置它的脚本中删除。',
    'verify.not-in-effect.env-persistent-win':
      '{tool} 仍然报告 {observed}，因为{scope}变量 {name} 优先。请删除或修改它（系统属性 → 环境变量），或使用 --env-scope {flag} 重新应用。',
    'verify.not-in-effect.file': '{tool} 仍然报告 {observed}，因为 {path} 中的 {key} 优先。请在那里删除或修改它。',
    'scope.user': '用户',
    'scope.machine': '系统',
    'warn.dead-mirror-in-use': '正在使用的镜像 {url} 自 {date} 起被标记为“{status}”（`mirrorkit list` 列出来源）。',
    'warn.project-config': '项目文件 {path} 可能在该项目内覆盖用户设置。',
    'warn.shared-change': '此工具也读取 {what}；为 {target} 规划的改动会设置它，只写一次。',
    'error.shared-change-conflict':
      '此工具与 {target} 都读取 {what}，而所选配置为二者指定了不同的镜像：请为二者选择同一个镜像。此工具未作任何规划。',
    'warn.docker-restart': '需要重启 Docker，镜像加速器才会生效。',
    'warn.docker-desktop-restart': '请重启 Docker Desktop（设置 → Apply & Restart），镜像加速器才会生效。',
    'warn.docker-hub-only': '镜像加速器只对 Docker Hub 上的镜像生效。',
    'warn.plain-http': '{host} 使用明文 HTTP，已加入 trusted-host。',
    'warn.apt-security-kept': '-security 源保留在官方地址，以免安全更新延迟。',
    'warn.go-sumdb': '已为此镜像设置 GOSUMDB 为 {value}。',
    'warn.cargo-dl-upstream': '此镜像只提供索引，crate 下载可能仍来自 {host}。',
    'verify.mismatch': '{tool} 报告的是 {observed}，预期为 {expected}。',
    'verify.not-installed': '未安装 {tool}，无法确认更改。',
    'verify.failed-to-run': '`{command}` 执行失败：{reason}',
    'verify.daemon-not-running': 'Docker 守护进程未运行；它启动时会读取新的镜像设置。',
    'change.docker-reload': '重新加载 Docker 守护进程以读取新的镜像设置。',
    'warn.firewall-windows-only': '防火墙规则 {name} 只在 Windows 上管理，此处未创建。',
    'warn.firewall-not-planned': '防火墙规则 {name} 未加入计划：本计划不更改 {target}。',
    'warn.env-scope-file-only': '{target} 的镜像没有对应的环境变量，改为写入它的配置文件。',
    'error.bad-profile': '配置档 {path} 在 {where} 处无效：{reason}。未做任何更改。',
    'error.bad-firewall-rule': '防火墙规则 {rule} 无效：{reason}。未做任何更改。',
    'warn.user-part-kept': '已拒绝管理员权限：保留了用户级部分（{what}）；其余部分未更改。',
    'error.goenv-off':
      'GOENV=off 禁用了 `go env -w`，且本系统没有 MirrorKit 可写入的持久环境变量：请在 shell 配置中设置 GOPROXY。',
    'error.env-scope-unsupported':
      '--env-scope 需要 Windows 的用户或系统环境变量；此处 {target} 的设置保存在它自己的配置文件中。',
  },
});
