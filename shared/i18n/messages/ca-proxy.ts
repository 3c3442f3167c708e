import { defineMessages } from '../define';

/** The corporate CA certificate and proxy written into each tool (issue 18, Deliver 4 and 5). */
export const caProxy = defineMessages({
  en: {
    'error.bad-ca': 'The CA certificate {source} is refused: {reason}. Nothing was changed.',
    'corp.unsupported':
      '{target}: MirrorKit does not write a CA certificate or proxy for this tool (docs/corporate.md lists what each tool supports); its mirror is set as usual.',
    'corp.no-proxy-list':
      '{target} has no setting for hosts to reach without the proxy: its proxy {proxy} is used for every host it contacts.',
    'corp.mirror-direct':
      "{target}: the mirror's host {host} is in the profile's noProxy, so no proxy is written for {target}: it reaches the mirror directly.",
    'corp.ca-env-shadow':
      "The variable {name} is set ({value}) and wins over {target}'s `{key}`: {target} will not use the company CA bundle until {name} is removed or points at it.",
    'corp.go-ca':
      'Go reads CA certificates only from the system store (SSL_CERT_FILE is ignored on Windows and macOS). MirrorKit copied the company CA to {path}; install it with: {command}',
    'corp.go-proxy':
      'Go takes its proxy only from the variables HTTPS_PROXY={proxy} and NO_PROXY={noProxy}; MirrorKit does not set them, because every program on the machine reads them.',
    'corp.docker-desktop-proxy':
      'Docker Desktop takes its proxy from Settings, Resources, Proxies, not from daemon.json: set {proxy} there.',
    'corp.docker-proxy-restart':
      'The Docker daemon reads `proxies` (dockerd 23 or later) only when it starts: restart it after the apply.',
    'corp.maven-noproxy-dropped': "Maven's nonProxyHosts takes host names and * wildcards only: {entries} left out.",
    'corp.maven-https-proxy':
      'Maven (Java) talks to a proxy in plain HTTP, so the https:// proxy {proxy} will not work for it: give Maven the same proxy’s http:// address if it has one.',
    'check.corporate-drift': '{target}: {key} is {actual} in {path}; the profile expects {expected}.',
    'check.corporate-unset': '(not set)',
    'probe.reason.proxy': 'the proxy did not open the connection ({status})',
    'probe.reason.proxy-tls': 'the TLS session with the proxy {proxy} failed ({code})',
    'probe.cli.bad-proxy': '{name}={value} is not a proxy address (http://host:port or https://host:port).',
    'admx.HttpsProxy': 'Corporate proxy',
    'admx.HttpsProxy.explain':
      "The proxy (http:// or https://, a host and a port; no user name or password) MirrorKit writes into each tool's own proxy setting when it applies a profile (`mirrorkit apply --from-policy` or `--profile`), and the speed test goes through. The mandatory setting wins over a profile's proxy; the recommended one is used when the profile has none.",
    'admx.HttpsProxy.label': 'Proxy URL (http://host:port)',
    'admx.NoProxy': 'Hosts reached without the proxy',
    'admx.NoProxy.explain':
      'Hosts, domains (.corp.example), IP addresses or CIDR blocks reached directly, as NO_PROXY lists them; used with "Corporate proxy". A REG_SZ value is read as a comma-separated list.',
    'admx.NoProxy.label': 'One host, domain or address block per line',
    'admx.CaCertificates': 'Corporate CA certificates',
    'admx.CaCertificates.explain':
      "Absolute paths of PEM files on this machine holding the company's CA certificates (deploy them with your own tooling). MirrorKit checks each one (an X.509 CA certificate, valid now) and writes it into each tool's own CA setting when it applies a profile. The mandatory setting wins over a profile's `ca`; the recommended one is used when the profile has none.",
    'admx.CaCertificates.label': 'PEM file paths, one per line',
  },
  'zh-CN': {
    'error.bad-ca': 'CA 证书 {source} 被拒绝：{reason}。未做任何更改。',
    'corp.unsupported':
      '{target}：MirrorKit 不为此工具写入 CA 证书或代理（各工具支持的内容见 `docs/corporate.md`）；其镜像照常设置。',
    'corp.no-proxy-list': '{target} 没有“不经代理的主机”这一设置：它访问的每个主机都会经过代理 {proxy}。',
    'corp.mirror-direct':
      '{target}：镜像主机 {host} 在配置档的 `noProxy` 中，因此不为 {target} 写入代理：它直接连接镜像。',
    'corp.ca-env-shadow':
      '变量 {name} 已设置（{value}），它优先于 {target} 的 `{key}`：在删除 {name} 或让它指向公司 CA 证书包之前，{target} 不会使用该证书包。',
    'corp.go-ca':
      'Go 只从系统证书存储读取 CA 证书（在 Windows 和 macOS 上忽略 SSL_CERT_FILE）。MirrorKit 已把公司 CA 复制到 {path}；用以下命令安装：{command}',
    'corp.go-proxy':
      'Go 只从变量 HTTPS_PROXY={proxy} 和 NO_PROXY={noProxy} 获取代理；MirrorKit 不设置它们，因为本机的每个程序都会读取。',
    'corp.docker-desktop-proxy':
      'Docker Desktop 的代理在“设置 → 资源 → 代理”中设置，而不是 daemon.json：请在那里填写 {proxy}。',
    'corp.docker-proxy-restart': 'Docker 守护进程只在启动时读取 `proxies`（`dockerd` 23 及以上）：应用后请重启它。',
    'corp.maven-noproxy-dropped': 'Maven 的 `nonProxyHosts` 只接受主机名和 * 通配符：已略去 {entries}。',
    'corp.maven-https-proxy':
      'Maven（Java）只以明文 HTTP 连接代理，因此 https:// 代理 {proxy} 对它无效：如该代理另有 http:// 地址，请改用该地址。',
    'check.corporate-drift': '{target}：{path} 中的 {key} 为 {actual}；配置档要求 {expected}。',
    'check.corporate-unset': '（未设置）',
    'probe.reason.proxy': '代理没有建立连接（{status}）',
    'probe.reason.proxy-tls': '与代理 {proxy} 的 TLS 会话失败（{code}）',
    'probe.cli.bad-proxy': '{name}={value} 不是代理地址（http://host:port 或 https://host:port）。',
    'admx.HttpsProxy': '企业代理',
    'admx.HttpsProxy.explain':
      'MirrorKit 应用配置档（`mirrorkit apply --from-policy` 或 `--profile`）时写入各工具自身代理设置、测速也经过的代理（http:// 或 https://，主机和端口；不含用户名或密码）。强制设置优先于配置档中的代理；推荐设置只在配置档没有代理时使用。',
    'admx.HttpsProxy.label': '代理网址（http://host:port）',
    'admx.NoProxy': '不经代理的主机',
    'admx.NoProxy.explain':
      '直接连接的主机、域名（.corp.example）、IP 地址或 CIDR 地址块，写法同 NO_PROXY；与“企业代理”一起使用。REG_SZ 值按逗号分隔读取。',
    'admx.NoProxy.label': '每行一个主机、域名或地址块',
    'admx.CaCertificates': '企业 CA 证书',
    'admx.CaCertificates.explain':
      '本机上存放公司 CA 证书的 PEM 文件的绝对路径（请用您自己的工具分发这些文件）。MirrorKit 逐一检查（X.509 CA 证书、当前有效），并在应用配置档时写入各工具自身的 CA 设置。强制设置优先于配置档中的 `ca`；推荐设置只在配置档没有 `ca` 时使用。',
    'admx.CaCertificates.label': '每行一个 PEM 文件路径',
  },
});
