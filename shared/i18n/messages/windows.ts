import { defineMessages } from '../define';

/** Messages of the windows area: the registry, elevation, Docker Desktop and the firewall (issue 4). */
export const windows = defineMessages({
  en: {
    'windows.unexpected-reg-type':
      '{name} in {key} is a {type} value, not text; MirrorKit leaves it alone. Remove or fix it in the Environment Variables dialog first.',
    'windows.reg-failed': 'Could not read or write {name} in {key}: {reason}',
    'windows.env-path-refused': 'MirrorKit never changes {name}.',
    'windows.env-bad-name': '"{name}" is not a variable name MirrorKit will write (letters, digits and _ only).',
    'windows.env-too-long':
      '{name} would be {length} characters long; setx and many tools cut values at {max}, so it was not written.',
    'windows.env-bad-value': 'The value for {name} contains line breaks or control characters; it was not written.',
    'windows.env-session-stale':
      'This terminal still has {name}={value} from when it started. Open a new terminal to see the saved value.',
    'windows.env-user-shadows-machine':
      'Your user variable {name} ({user}) overrides the machine-wide value ({machine}).',
    'windows.env-machine-shadowed':
      'Your user variable {name} ({user}) will keep overriding the machine-wide value. Change it at user scope too, or remove it.',
    'windows.firewall-failed': 'The firewall rule {name} could not be changed: {reason}',
    'windows.docker-desktop-not-installed':
      'Docker Desktop is not installed ({path} not found); the setting is saved and takes effect once it is installed.',
    'windows.docker-admin-settings-unreadable': 'Cannot read the Docker Desktop admin settings {path}: {reason}',
    'windows.docker-admin-locked':
      "Your administrator locked Docker Desktop's engine settings ({sections} in {path}): registry mirrors set here will not take effect.",
    'windows.docker-desktop-restart-manual':
      'Docker Desktop could not be restarted automatically ({reason}). Restart it from its tray icon.',
    'windows.batch-malformed': 'The administrator batch was refused: it is malformed ({reason}). Nothing was changed.',
    'windows.batch-unknown-variable':
      'The administrator batch was refused: {name} is not a variable MirrorKit sets machine-wide. Nothing was changed.',
    'windows.batch-bad-value':
      'The administrator batch was refused: {value} is not an acceptable value for {name}. Nothing was changed.',
    'windows.batch-file-content':
      'The administrator batch was refused: the new {path} changes more than its mirror settings, or holds an invalid one ({reason}). Nothing was changed.',
    'windows.batch-bad-path':
      'The administrator batch was refused: MirrorKit does not write {path} with administrator rights. Nothing was changed.',
    'windows.batch-tampered':
      'The administrator batch {path} was changed after MirrorKit wrote it, so it was refused. Nothing was changed.',
    'windows.batch-unreadable': 'The administrator batch {path} cannot be read: {reason}. Nothing was changed.',
    'windows.batch-acl-failed':
      'Could not make the administrator batch {path} private ({reason}); nothing was run with administrator rights.',
    'windows.elevate-no-result': 'The administrator step did not report back (exit code {code}). {reason}',
    'windows.batch-link':
      'The administrator batch was refused: {path} would be reached through {link}, a link (junction or symbolic link) to {target}. MirrorKit writes through no link with administrator rights. Nothing was changed.',
    'windows.system-folders':
      'The administrator batch was refused: the system folders could not be read from Windows ({reason}). Nothing was changed.',
    'windows.elevate-folder':
      'The administrator step could not make its own folder {path} ({reason}), so it did nothing. If a standard user created %ProgramData%\\MirrorKit, an administrator can delete that folder; MirrorKit then makes it afresh.',
    'windows.batch-path-changed':
      'The administrator step stopped: {link} changed while {path} was being written or removed (a folder or file swapped, perhaps for a link). What was done before is undone.',
    'elevate.announce': 'MirrorKit, running as administrator, is about to make these changes:',
    'elevate.will-write-file': 'write {path}',
    'elevate.will-remove-file': 'remove {path} (MirrorKit created it)',
    'elevate.line-added': '    + {line}',
    'elevate.line-removed': '    - {line}',
    'elevate.will-set-variable': 'set the machine variable {name} = {value}',
    'elevate.will-remove-variable': 'remove the machine variable {name}',
    'elevate.will-ensure-rule': 'add the firewall rule {name}: {protocol} port {port}, {direction}, from {remote}',
    'elevate.will-remove-rule': 'remove the firewall rule {name}',
  },
  'zh-CN': {
    'windows.unexpected-reg-type':
      '{key} 中的 {name} 是 {type} 类型而不是文本，MirrorKit 不会改动它。请先在“环境变量”对话框中删除或修正它。',
    'windows.reg-failed': '无法读取或写入 {key} 中的 {name}：{reason}',
    'windows.env-path-refused': 'MirrorKit 从不修改 {name}。',
    'windows.env-bad-name': '“{name}”不是 MirrorKit 会写入的变量名（只允许字母、数字和下划线）。',
    'windows.env-too-long': '{name} 的长度将为 {length} 个字符；setx 和许多工具会在 {max} 个字符处截断，因此未写入。',
    'windows.env-bad-value': '{name} 的值包含换行或控制字符，未写入。',
    'windows.env-session-stale': '当前终端仍保留启动时的 {name}={value}。请打开新终端以使用已保存的值。',
    'windows.env-user-shadows-machine': '你的用户变量 {name}（{user}）覆盖了系统级的值（{machine}）。',
    'windows.env-machine-shadowed':
      '你的用户变量 {name}（{user}）会继续覆盖系统级的值。请同时修改用户级变量，或将其删除。',
    'windows.firewall-failed': '无法修改防火墙规则 {name}：{reason}',
    'windows.docker-desktop-not-installed': '未安装 Docker Desktop（找不到 {path}）；设置已保存，安装后生效。',
    'windows.docker-admin-settings-unreadable': '无法读取 Docker Desktop 管理员设置 {path}：{reason}',
    'windows.docker-admin-locked':
      '管理员已锁定 Docker Desktop 的引擎设置（{path} 中的 {sections}）：在此设置的镜像加速器不会生效。',
    'windows.docker-desktop-restart-manual': '无法自动重启 Docker Desktop（{reason}）。请从托盘图标重启它。',
    'windows.batch-malformed': '管理员批处理被拒绝：格式不正确（{reason}）。未做任何更改。',
    'windows.batch-unknown-variable': '管理员批处理被拒绝：{name} 不是 MirrorKit 会在系统级设置的变量。未做任何更改。',
    'windows.batch-bad-value': '管理员批处理被拒绝：{value} 不是 {name} 可接受的值。未做任何更改。',
    'windows.batch-file-content':
      '管理员批处理被拒绝：新的 {path} 修改了镜像设置以外的内容，或包含无效的镜像设置（{reason}）。未做任何更改。',
    'windows.batch-bad-path': '管理员批处理被拒绝：MirrorKit 不会以管理员权限写入 {path}。未做任何更改。',
    'windows.batch-tampered': '管理员批处理 {path} 在 MirrorKit 写入后被修改，已被拒绝。未做任何更改。',
    'windows.batch-unreadable': '无法读取管理员批处理 {path}：{reason}。未做任何更改。',
    'windows.batch-acl-failed': '无法将管理员批处理 {path} 设为私有（{reason}）；没有以管理员权限运行任何操作。',
    'windows.elevate-no-result': '管理员步骤没有返回结果（退出码 {code}）。{reason}',
    'windows.batch-link':
      '管理员批处理被拒绝：{path} 要经过 {link}，它是指向 {target} 的链接（目录联接或符号链接）。MirrorKit 不会以管理员权限经由链接写入。未做任何更改。',
    'windows.system-folders': '管理员批处理被拒绝：无法从 Windows 读取系统文件夹（{reason}）。未做任何更改。',
    'windows.elevate-folder':
      '管理员步骤无法创建自己的文件夹 {path}（{reason}），因此没有做任何操作。如果 %ProgramData%\\MirrorKit 是由普通用户创建的，管理员可以删除该文件夹，MirrorKit 随后会重新创建它。',
    'windows.batch-path-changed':
      '管理员步骤已停止：在写入或删除 {path} 时，{link} 发生了变化（某个文件夹或文件被替换，可能换成了链接）。之前完成的操作已撤销。',
    'elevate.announce': '以管理员身份运行的 MirrorKit 即将进行以下更改：',
    'elevate.will-write-file': '写入 {path}',
    'elevate.will-remove-file': '删除 {path}（由 MirrorKit 创建）',
    'elevate.line-added': '    + {line}',
    'elevate.line-removed': '    - {line}',
    'elevate.will-set-variable': '设置系统变量 {name} = {value}',
    'elevate.will-remove-variable': '删除系统变量 {name}',
    'elevate.will-ensure-rule': '添加防火墙规则 {name}：{protocol} 端口 {port}，{direction}，来源 {remote}',
    'elevate.will-remove-rule': '删除防火墙规则 {name}',
  },
});
