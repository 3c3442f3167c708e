import { defineMessages } from '../define';

/** How the company CA reaches tools beyond their own CA setting: NODE_EXTRA_CA_CERTS, a Java truststore. */
export const corpTrust = defineMessages({
  en: {
    'corp.node-extra-ca':
      "NODE_EXTRA_CA_CERTS={path} is set for new terminals, so Node.js tools that do not read npm's `cafile` (pnpm 11, yarn 2 and later, @electron/get, node-gyp, scripts) trust the company CA too; the restore removes it.",
    'corp.node-extra-ca-combined':
      'NODE_EXTRA_CA_CERTS is already {value}, and Node.js reads only one file: MirrorKit points it at {path}, a copy of the {count} certificates of {value} as they are now, followed by the company CA, so both keep working. The restore puts {value} back; apply again after you change {value}.',
    'corp.node-extra-ca-kept':
      "NODE_EXTRA_CA_CERTS is already {value}, which MirrorKit cannot read as certificates ({reason}): it is left as it is, and Node.js tools that do not read npm's `cafile` will not trust the company CA. Add the certificates of {path} to it, or remove it and apply again.",
    'corp.proxy-unsupported':
      '{target}: MirrorKit does not write a proxy for this tool (docs/corporate.md lists what each tool supports); it reads HTTPS_PROXY and NO_PROXY.',
  },
  'zh-CN': {
    'corp.node-extra-ca':
      '已为新终端设置 NODE_EXTRA_CA_CERTS={path}，因此不读取 npm `cafile` 的 Node.js 工具（pnpm 11、yarn 2 及以上、`@electron/get`、`node-gyp`、脚本）也信任公司 CA；还原时会删除它。',
    'corp.node-extra-ca-combined':
      'NODE_EXTRA_CA_CERTS 已设为 {value}，而 Node.js 只读取一个文件：MirrorKit 让它指向 {path}，其中先是 {value} 当前的 {count} 张证书的副本，再是公司 CA，两者都继续有效。还原时会恢复为 {value}；修改 {value} 之后请重新应用。',
    'corp.node-extra-ca-kept':
      'NODE_EXTRA_CA_CERTS 已设为 {value}，MirrorKit 无法把它读作证书（{reason}）：保持原样，不读取 npm `cafile` 的 Node.js 工具将不信任公司 CA。请把 {path} 中的证书加入该文件，或删除该变量后重新应用。',
    'corp.proxy-unsupported':
      '{target}：MirrorKit 不为此工具写入代理（各工具支持的内容见 `docs/corporate.md`）；它读取 HTTPS_PROXY 和 NO_PROXY。',
  },
});
