/**
 * Every threshold of the speed test in one place, with its unit and what set it. "bench S1/S2" is
 * `npm run bench:probe` (scripts/bench-probe.ts): S1 no shared bottleneck, S2 a shared 12.5 MB/s access link, on
 * 24 emulated npm mirrors per testbed; the commit named is where the value was set, its message holds the figures.
 * "design" means a chosen limit no benchmark has tuned; "protocol" a fact of TCP or HTTP.
 */

// ── Limits of one test ───────────────────────────────────────────────────────────────────────────────────────
/** ms. The global deadline unless one is passed. design (001370b). */
export const DEFAULT_TIMEOUT_MS = 5000;
/** bytes. The whole test's download budget; quick mode's. design (001370b). */
export const DEFAULT_BUDGET = 40_000_000;
export const QUICK_BUDGET = 10_000_000;
/** share. Downloads stop at this share of the budget: what is in flight still arrives. design (1992a9a). */
export const BUDGET_SHARE = 0.9;
/** bytes. A finalist's solo run at most; screening's per-stream cap; quick mode's per-stream cap. design, SCREEN_CAP probe tuning (65430bb). */
export const PER_MIRROR_CAP = 4_000_000;
export const SCREEN_CAP = 2_500_000;
export const QUICK_PER_MIRROR_CAP = 3_000_000;
/** bytes. Kept back from screening for the two finalists' solo runs. design (1992a9a). */
export const FINAL_RESERVE = 2 * PER_MIRROR_CAP;
/** ms. How often the run looks at its streams. design (1992a9a). */
export const TICK_MS = 25;

// ── Liveness phase (connections, deadlines) ──────────────────────────────────────────────────────────────────
/** ms. Per-phase deadlines of one connection. design (001370b). */
export const DEADLINES = { connect: 2000, tls: 2500, ttfb: 3000, stall: 1000 } as const;
/** ms. One c-ares query, one try. design (6126cd9). */
export const DNS_TIMEOUT_MS = 2000;
/** redirects. Followed on fresh connections. design (001370b). */
export const MAX_REDIRECTS = 3;
/** bytes. Body read per mirror in the liveness phase. design (001370b). */
export const LIVENESS_CAP = 64 * 1024;
/** probes. At most this many start at once; each holds its slot until it ends or SLOT_HOLD_MS. design (001370b). */
export const LIVENESS_SLOTS = 8;
export const SLOT_HOLD_MS = 250;
/**
 * waves. With many candidates (every detected tool: 150+), more probes start at once, so that all have started
 * within about this many slot holds (6 × 250 ms); the benchmark's 24 mirrors keep LIVENESS_SLOTS. Without it, 170
 * candidates were still in liveness when screening ended and ranked unmeasured (sim, test/probe/sim/hosts.test.ts).
 */
export const LIVENESS_WAVES = 6;
/** ms. The throughput phase starts when every liveness probe ended, or this long in. design (001370b). */
export const GATE_MS = 500;
/** bytes. TCP's initial window, 10 segments. protocol (RFC 6928). */
export const INITIAL_WINDOW = 10 * 1460;

// ── Screening: successive halving ────────────────────────────────────────────────────────────────────────────
/** ms. A halving round every window. design (001370b); rotation and solo runs use shorter windows (271ab25, bench S2). */
export const WINDOW_MS = 350;
/** ms. A stream is judged once it has delivered body bytes this long. design (001370b). */
export const MIN_JUDGED_MS = 100;
/** ms. A stream in slow start is not cut on its rate before this. design (1992a9a). */
export const RAMP_GRACE_MS = 900;
/** ratio. "Cannot win": even its optimistic estimate is this factor above the best one. design (001370b). */
export const CANNOT_WIN = 1.25;
/** streams, rounds. Screening ends with FINALISTS left or after MAX_SCREEN_ROUNDS. design (1992a9a, f98e2df). */
export const FINALISTS = 2;
export const MAX_SCREEN_ROUNDS = 4;
/** streams. Quick mode measures the lowest-latency few, until stable (STABLE_CV, coefficient of variation). design (001370b). */
export const QUICK_STREAMS = 3;
export const STABLE_CV = 0.0625;
/** share, streams. Levelled rates within TIED_SHARE of the top, MIN_TIED of them, are one ceiling (a link's share). bench S2 (231e846). */
export const TIED_SHARE = 0.85;
export const MIN_TIED = 3;

// ── Judging a stream (judge.ts) ─────────────────────────────────────────────────────────────────────────────
/** share. A stream whose last round trip brought this share of all it received is still ramping. design (1992a9a). */
export const RAMP_SHARE = 0.4;
/** ms. The shortest span the ramp check looks at. design (cd68984). */
export const RAMP_MIN_SPAN_MS = 40;

// ── The shared link (link.ts, shared-link.ts) ───────────────────────────────────────────────────────────────
/** ratio. A survivor this much faster after a halving was held by a full link. bench S2 (231e846). */
export const RESPONSE_RISE = 1.25;
/** ratio. A survivor less than this much faster runs at its own cap. bench S2 (231e846). */
export const NO_RESPONSE = 1.12;
/** share. On a full link the total rate stays at least this share after streams stop. bench S2 (231e846). */
export const KEPT_TOTAL = 0.85;
/** ratio. A finalist alone this much faster than in screening had shared a full link. bench S2 (231e846). */
export const SOLO_RISE = 1.5;
/** share. Only a round that stopped this share of the traffic tells anything about the link. bench S2 (231e846). */
export const MIN_FREED_SHARE = 0.25;
/** points. Of the cap prior expectedGain averages over. design (046163b). */
export const GAIN_POINTS = 16;

// ── Rotation on a full link (rotation.ts, rotation-phase.ts) ───────────────────────────────────────────────
/** streams. At most this many hold the link at a time. bench S2 (e54ba40). */
export const ROTATE_SLOTS = 4;
/** ms. No stream starts in rotation with less time than this left: the finals need it. bench S2 (d641f48). */
export const ROT_ADMIT_LEFT_MS = 3000;
/** ms. Kept streams are judged on what came this long after rotation started. bench S2 (e54ba40). */
export const ROT_SETTLE_MS = 150;
/** ms, ms, streams. The early look for a full link: when, over what window, with how many levelled. bench S2 (e54ba40). */
export const EARLY_LOOK_MS = 220;
export const EARLY_WINDOW_MS = 100;
export const EARLY_MIN_LEVELLED = 6;
/** ratio. Two kept streams this much faster confirm a rotation (d641f48); one this much faster is proof alone (a27fe17). bench S2. */
export const CONFIRM_RISE = 1.4;
export const STRONG_RISE = 2.5;
/** ms. A rotating stream is judged on two windows this long (at least a round trip). bench S2 (271ab25). */
export const ROT_WINDOW_MS = 40;
/** ms. A rotating stream not levelled off by then is judged on what it showed. bench S2 (e54ba40). */
export const ROT_MAX_RUN_MS = 900;
/** ratio. Two windows within this ratio: levelled off. bench S2 (e54ba40). */
export const ROT_STEADY = 1.18;
/** ratio. Slow start could have carried this multiple of the rate, else the window held it. bench S2 (e54ba40). */
export const WINDOW_HEADROOM = 2;
/** share. Below this share of what it could have had, a rate is the mirror's own cap. bench S2 (e54ba40). */
export const OWN_CAP_SHARE = 0.75;
/** streams, share, ratio. A full link: FULL_MIN_LEVELLED levelled, FULL_NEAR of them within NEAR_MEDIAN of the median. bench S2 (e54ba40, d641f48). */
export const FULL_MIN_LEVELLED = 6;
export const FULL_NEAR = 0.6;
export const NEAR_MEDIAN = 1.33;
/** ms. When rotation checks that it was right. bench S2 (ef11218). */
export const ROT_VERIFY_MS = 50 + ROT_WINDOW_MS;
/** share. Rotation stands if the streams left carry this share of the full link. bench S2 (ec2f2f3). */
export const LINK_HELD = 0.85;
/** share. A stream seen at this share of the line is known without a solo run. bench S2 (723793f). */
export const KNOWN_SHARE = 0.8;
/** share. The running streams together below this share of the line: it has room. bench S2 (271ab25). */
export const SPARE_SHARE = 0.8;
/** ms. How long rotation remembers how many streams ran. bench S2 (8e4bb31). */
export const BUSY_MEMORY_MS = 1500;

// ── Far streams read on their bursts (burst.ts) ─────────────────────────────────────────────────────────────
/** ms. A stream this far away is read on its bursts instead of waiting for a slot. bench S2 (ec2f2f3). */
export const BURST_CHECK_RTT_MS = 80;
/** ms. Bursts may still be read this long after admission ends. bench S2 (ec2f2f3). */
export const BURST_GRACE_MS = 300;
/** share of a round trip. A gap this long ends a burst. bench S2 (ec2f2f3). */
export const GAP_SHARE = 1 / 3;
/** bytes. A burst's head, which may pass at line rate, is not counted. bench S2 (ec2f2f3). */
export const HEAD_BYTES = 32 * 1024;
/** bytes, ms. A burst is read only with this much after its head, over at least BURST_MIN_SPAN_MS. bench S2 (ec2f2f3). */
export const BURST_MIN_BYTES = 64 * 1024;
export const BURST_MIN_SPAN_MS = 4;

// ── Finals: solo runs (finals.ts) ────────────────────────────────────────────────────────────────────────────
/** finalists. After a rotation, or screening tied on a full link. bench S2 (1599ed8: S2 regret p90 1.78 → 1.01). */
export const TIED_FINALISTS = 4;
/** ms. An extra finalist starts only with this much time left (by ~2.7 s of 5 s). bench S2 (09fbe91, d641f48). */
export const EXTRA_SOLO_LEFT_MS = 2300;
/** ms. A solo run: at most SOLO_MAX_MS after its first byte, at least SOLO_MIN_MS (SOLO_MIN_ROTATED_MS after a rotation). bench S1 (52738ef: tau 0.85 against 0.79–0.82). */
export const SOLO_MAX_MS = 400;
export const SOLO_MIN_MS = 200;
export const SOLO_MIN_ROTATED_MS = 120;
/** ms, ratio. A solo run levelled off: two windows this long agree within SOLO_STEADY. bench S2 (046163b, 271ab25). */
export const SOLO_WINDOW_MS = 40;
export const SOLO_STEADY = 1.1;
/** ms, bytes. A solo run needs this much time left and this many bytes of budget. design (1992a9a). */
export const SOLO_NEEDS_MS = 900;
export const SOLO_MIN_BYTES = 1_000_000;

// ── Ranking (rank.ts) ────────────────────────────────────────────────────────────────────────────────────────
/** ratio. A usable mirror this many times the best estimate is `slow`. design (001370b). */
export const SLOW_FACTOR = 3;
/** percent. Below this margin the pick is not confident, and the current mirror is kept if it is #2. design (001370b). */
export const CONFIDENT_PCT = 10;

// ── Every tool at once (run.ts, hosts.ts) ───────────────────────────────────────────────────────────────────
/**
 * bytes, requests. With tools of different artifacts in one test, what the one throughput phase ranks hosts on:
 * a heavy fetch (PyPI's), so that time goes to the differences of throughput, which each tool's own estimate then
 * combines with its own latency and artifact. design (issue 20, deliver 4).
 */
export const HOST_PROFILE = { bytes: 10_000_000, requests: 2 } as const;
