import type { Mirror } from './mirror';
import { lagsBehind, referenceVersion, versionsOf } from './version';

/**
 * Which candidates take part in the throughput phase. Throughput is a property of the host and the path: of the
 * candidates whose file comes over one (Mirror.hostKey: several kinds on mirrors.aliyun.com, or pip, uv and pdm
 * on one PyPI mirror), the first that is live leads: it alone joins the tournament, and the others follow it,
 * ranked on what it measured with their own first byte, round trip and artifact (run.ts). Without sharing every
 * candidate leads (the benchmark's comparison).
 */
export class HostGroups {
  private readonly leaderOf = new Map<string, Mirror>();
  private readonly followersOf = new Map<Mirror, Mirror[]>();
  /** Per tool, its candidates that were live with a throughput file: the versions they list tell which lag. */
  private readonly liveOf = new Map<string, Mirror[]>();

  constructor(private readonly share: boolean) {}

  /** A live candidate with a throughput file: undefined when it leads, else the leader it follows. */
  place(m: Mirror): Mirror | undefined {
    this.liveOf.set(m.group, [...(this.liveOf.get(m.group) ?? []), m]);
    const key = m.hostKey();
    if (!this.share || key === undefined) return undefined;
    const leader = this.leaderOf.get(key);
    if (!leader) {
      this.leaderOf.set(key, m);
      return undefined;
    }
    this.followersOf.set(leader, [...this.followers(leader), m]);
    return leader;
  }

  /** The candidates that follow `leader`, in the order they became live. */
  followers(leader: Mirror): readonly Mirror[] {
    return this.followersOf.get(leader) ?? [];
  }

  leads(m: Mirror): boolean {
    const key = m.hostKey();
    return key === undefined || !this.share || this.leaderOf.get(key) === m;
  }

  /**
   * The leader's own file failed on the host (a 404 for its kind's file, a stall): another kind's file may not, so
   * the next follower leads in its place, followed by the rest.
   */
  promote(leader: Mirror): Mirror | undefined {
    const rest = this.followersOf.get(leader) ?? [];
    this.followersOf.delete(leader);
    const next = rest.shift();
    const key = leader.hostKey();
    if (key === undefined) return undefined;
    if (!next) {
      this.leaderOf.delete(key);
      return undefined;
    }
    this.leaderOf.set(key, next);
    this.followersOf.set(next, rest);
    return next;
  }

  /**
   * Whether leader `l`'s host may run alone in the final: not when every tool it is measured for finds it listing
   * an older version than most of that tool's mirrors (stale, never picked).
   */
  fresh(l: Mirror): boolean {
    return [l, ...this.followers(l)].some((x) => {
      const reference = referenceVersion(versionsOf(this.liveOf.get(x.group) ?? []));
      return !lagsBehind(x.verdict?.version, reference);
    });
  }
}
