import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'junit/junit/maven-metadata.xml';
/** Some mirrors (Aliyun) answer 404 to anything that does not look like Maven. */
export const MAVEN_USER_AGENT = 'Maven/3.9.9 (MirrorKit)';

/**
 * Maven repository layout: an artifact's `maven-metadata.xml` with its versions. Freshness: `<release>` (or the
 * last version). Throughput: that release's jar.
 */
export const maven: KindSpec = {
  h2: false,
  userAgent: MAVEN_USER_AGENT,
  profile: { bytes: 1 * MB, requests: 10 },
  async check(fetch, base, probe) {
    const res = await fetch(under(base, probe ?? DEFAULT_PROBE), {
      headers: { accept: 'application/xml, text/xml, */*' },
    });
    requireStatus(res);
    const tag = (name: string): string | undefined =>
      new RegExp(`<${name}>\\s*([^<\\s]+)\\s*</${name}>`).exec(res.text)?.[1];
    const versions = [...res.text.matchAll(/<version>\s*([^<\s]+)\s*<\/version>/g)].map((m) => m[1] ?? '');
    if (!/<metadata[\s>]/.test(res.text) || versions.length === 0) throw wrongProtocol('maven-metadata.xml');
    const release = tag('release') ?? tag('latest') ?? versions[versions.length - 1];
    const group = tag('groupId');
    const artifact = tag('artifactId');
    if (!release || !group || !artifact) return {};
    return {
      ...(res.truncated ? {} : { version: release }),
      throughputUrl: under(base, `${group.replace(/\./g, '/')}/${artifact}/${release}/${artifact}-${release}.jar`),
    };
  },
};
