import { defineMessages } from '../define';

/** The Choose page's "Import a profile" card: a profile file, its signature, and the verdict (issue 18). */
export const profileImport = defineMessages({
  en: {
    'app.profile.title': 'Import a profile…',
    'app.profile.lede':
      'A profile from your IT department (a .json file). Add its signature (.minisig) if you have one: it proves the file was not changed.',
    'app.profile.file': 'Profile file (.json)',
    'app.profile.signature': 'Signature file (.minisig, optional)',
    'app.profile.signed': 'Signed by {key} (trusted)',
    'app.profile.unsigned': 'Not signed',
    'app.profile.unchecked':
      'A signature was given, but no trusted key is set by your organization, so it could not be checked.',
    'app.profile.refused': 'Refused',
    'app.profile.comment': 'Trusted comment: {comment}',
    'app.profile.serial': 'Serial {serial}',
    'app.profile.expires': 'Valid until {date}',
    'app.profile.sets': 'This profile sets:',
    'app.profile.sets-none': 'This profile changes no tool.',
    'app.profile.ca': 'CA certificates: {count}',
    'app.profile.proxy': 'A proxy for the tools',
    'app.profile.use': 'Use this profile',
    'app.profile.too-large': '{name} is larger than {max} bytes; choose another file.',
    'app.profile.unreadable': 'Could not read {name}.',
  },
  'zh-CN': {
    'app.profile.title': '导入配置档…',
    'app.profile.lede': 'IT 部门提供的配置档（.json 文件）。如有签名文件（.minisig）请一并选择：它能证明文件未被修改。',
    'app.profile.file': '配置档文件（.json）',
    'app.profile.signature': '签名文件（.minisig，可选）',
    'app.profile.signed': '由 {key} 签名（受信任）',
    'app.profile.unsigned': '未签名',
    'app.profile.unchecked': '已提供签名，但您的组织没有设置受信任的密钥，因此无法验证。',
    'app.profile.refused': '已拒绝',
    'app.profile.comment': '受信任注释：{comment}',
    'app.profile.serial': '序号 {serial}',
    'app.profile.expires': '有效期至 {date}',
    'app.profile.sets': '此配置档会设置：',
    'app.profile.sets-none': '此配置档不会更改任何工具。',
    'app.profile.ca': 'CA 证书：{count} 个',
    'app.profile.proxy': '为各工具设置代理',
    'app.profile.use': '使用此配置档',
    'app.profile.too-large': '{name} 超过 {max} 字节，请选择其他文件。',
    'app.profile.unreadable': '无法读取 {name}。',
  },
});
