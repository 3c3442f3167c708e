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
    'corp.java-truststore':
      "{target} (Java) trusts the company CA through {path}: the JDK's own certificates plus the company's (PKCS12, password changeit), made with that JDK's keytool; the restore removes it. Apply again after changing or updating the JDK.",
    'corp.java-no-truststore':
      '{target} (Java): no truststore could be made ({reason}). MirrorKit copied the company CA to {path}; an administrator imports it into the JDK with `keytool -importcert -cacerts -alias mirrorkit-corporate -file {path}` (one certificate per import).',
    'corp.gradle-daemon':
      'A Gradle daemon already running keeps the certificates it started with: run `gradle --stop` before the next build.',
    'corp.maven-store-path':
      "Maven: the truststore {path} cannot go into MAVEN_OPTS ({reason}); nothing is written for Maven's CA. Set MIRRORKIT_HOME to a folder without such characters and apply again.",
    'corp.maven-skip-rc': 'MAVEN_SKIP_RC is set: Maven skips {path}, and with it the company CA, until it is unset.',
    'corp.maven-opts-truststore':
      "MAVEN_OPTS names a truststore of its own ({value}); it comes later on Java's command line and wins over MirrorKit's: add the company CA to it, or remove that option.",
    'check.from.recent':
      'from the verified copy downloaded within the CheckIntervalHours interval (not downloaded again)',
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
    'corp.java-truststore':
      '{target}（Java）通过 {path} 信任公司 CA：其中是 JDK 自带的证书加上公司的证书（PKCS12，密码 `changeit`），由该 JDK 的 `keytool` 生成；还原时会删除它。更换或更新 JDK 后请重新应用。',
    'corp.java-no-truststore':
      '{target}（Java）：无法生成信任库（{reason}）。MirrorKit 已把公司 CA 复制到 {path}；请由管理员导入 JDK：`keytool -importcert -cacerts -alias mirrorkit-corporate -file {path}`（每次导入一张证书）。',
    'corp.gradle-daemon': '已在运行的 Gradle 守护进程仍使用启动时的证书：下次构建前请运行 `gradle --stop`。',
    'corp.maven-store-path':
      'Maven：信任库 {path} 无法放入 MAVEN_OPTS（{reason}）；未为 Maven 写入 CA。请把 MIRRORKIT_HOME 设为不含这些字符的文件夹后重新应用。',
    'corp.maven-skip-rc': '已设置 MAVEN_SKIP_RC：在取消它之前，Maven 会跳过 {path}，也就不会使用公司 CA。',
    'corp.maven-opts-truststore':
      'MAVEN_OPTS 指定了自己的信任库（{value}）；它在 Java 命令行中位置更靠后，优先于 MirrorKit 的设置：请把公司 CA 加入该信任库，或删除该选项。',
    'check.from.recent': '来自在 CheckIntervalHours 间隔内下载并验证过的副本（未重新下载）',
    'corp.proxy-unsupported':
      '{target}：MirrorKit 不为此工具写入代理（各工具支持的内容见 `docs/corporate.md`）；它读取 HTTPS_PROXY 和 NO_PROXY。',
  },
});
