import type { Judgement } from './judge';
import { capGuess, linkResponse, soloResponse, type RoundRate } from './link';
import type { Mirror } from './mirror';
import type { ArtifactProfile } from './types';

/**
 * Whether the user's own line held the streams back: `unknown` until a halving or a solo run shows it, `full`
 * (the survivors took over what stopped streams freed, a finalist alone was much faster, or rotation began),
 * `not-full` (each stream ran at its own mirror's cap).
 */
export type LinkState = 'unknown' | 'full' | 'not-full';

/**
 * Everything one tool's throughput phase knows about the shared access link (link.ts has the rules): its state,
 * its capacity, and what each stream's rate says of its mirror given that, so that a rate seen on a full link is
 * read as a lower bound (a censored measurement) and estimated as if alone.
 */
export class SharedLink {
  private linkState: LinkState = 'unknown';
  /** The largest total rate seen (bytes/s): the line's capacity once it is known to be full. */
  private capacity = 0;
  /** The most streams that screened at once: on a full link, the smallest share any of them was given. */
  private peak = 0;
  /** Streams whose rate is their mirror's own cap (they did not speed up when others stopped, or rotation saw it). */
  private readonly ownCap = new Set<Mirror>();
  /** Every stream that left screening without a solo run, with its last rate (a lower bound of its cap). */
  private readonly lastRate = new Map<Mirror, number>();
  /** Streams stopped while still in slow start: their last rate is no bound of their mirror's cap. */
  private readonly rampingAtStop = new Set<Mirror>();
  /** Each stream's last screening rate once levelled off: what a finalist's solo run is compared with. */
  private readonly levelledRate = new Map<Mirror, number>();
  private prevRound?: Map<Mirror, RoundRate>;

  constructor(private readonly artifact: (m: Mirror) => ArtifactProfile) {}

  get state(): LinkState {
    return this.linkState;
  }

  get full(): boolean {
    return this.linkState === 'full';
  }

  get capacityBps(): number {
    return this.capacity;
  }

  /** Rotation began: the streams sat at one share of the line. */
  markFull(): void {
    this.linkState = 'full';
  }

  /** Rotation was refuted: what made the link look full is no evidence any more. */
  forget(): void {
    this.linkState = 'unknown';
  }

  /** Weaker evidence than a full link's: never undoes one. */
  private notFull(): void {
    if (this.linkState === 'unknown') this.linkState = 'not-full';
  }

  sawTotal(bps: number): void {
    this.capacity = Math.max(this.capacity, bps);
  }

  sawStreams(n: number): void {
    this.peak = Math.max(this.peak, n);
  }

  atOwnCap(m: Mirror): boolean {
    return this.ownCap.has(m);
  }

  setOwnCap(m: Mirror, own: boolean): void {
    if (own) this.ownCap.add(m);
    else this.ownCap.delete(m);
  }

  /** A stream stopped at `bps` (undefined: no rate), levelled off or still in slow start. */
  stopped(m: Mirror, bps: number | undefined, ramping: boolean): void {
    if (ramping) this.rampingAtStop.add(m);
    else this.rampingAtStop.delete(m);
    if (bps !== undefined) this.lastRate.set(m, bps);
  }

  /** A stream ran to its cap or was held for the final at `bps`. */
  keepRate(m: Mirror, bps: number): void {
    this.lastRate.set(m, bps);
  }

  /** A far stream read on its burst: the burst's rate is what it showed, slow start held only its window. */
  readBurst(m: Mirror, bps: number): void {
    this.rampingAtStop.delete(m);
    this.lastRate.set(m, bps);
  }

  /** A stream's last screening rate, a lower bound of its cap (0 when none). */
  rateOf(m: Mirror): number {
    return this.lastRate.get(m) ?? 0;
  }

  hasRate(m: Mirror): boolean {
    return this.lastRate.has(m);
  }

  /** Streams that left screening with a rate: the ones whose estimates a full link revises. */
  screened(): IterableIterator<[Mirror, number]> {
    return this.lastRate.entries();
  }

  /**
   * A halving round's streams: the link's capacity, and whether it was full, from how the survivors of the last
   * halving answered it (link.ts). A full link seen once stays the explanation: later rounds with few streams may
   * well not fill it. Survivors that did not speed up are weaker evidence (streams joining late or still ramping
   * take up a freed share too): enough to allow the "cannot win" cut, never enough to undo a full link.
   */
  observeRound(judged: readonly ({ m: Mirror } & Judgement)[]): void {
    const rates = new Map<Mirror, RoundRate>(judged.map((j) => [j.m, { bps: j.bps, ramping: j.ramping }]));
    this.sawTotal(judged.reduce((a, j) => a + j.bps, 0));
    for (const j of judged) if (!j.ramping) this.levelledRate.set(j.m, j.bps);
    if (this.prevRound) {
      const r = linkResponse(this.prevRound, rates);
      if (r.limited === true) {
        this.linkState = 'full';
        // Most survivors took over the freed share and these did not: they run at their mirror's own cap.
        for (const m of r.atOwnCap) this.ownCap.add(m);
      } else if (r.limited === false) this.notFull();
    }
    this.prevRound = rates;
  }

  /** A finalist's solo run tells whether screening shared a full link, and at least how fast that link is. */
  observeSolo(m: Mirror, bps: number | undefined, ramping: boolean): void {
    // Only a rate seen levelled off in screening: one still in slow start would make any solo run look faster.
    const full = soloResponse(this.levelledRate.get(m), bps === undefined ? undefined : { bps, ramping });
    if (full === true) {
      this.linkState = 'full';
      this.sawTotal(bps ?? 0);
    } else if (full === false) this.notFull();
  }

  /** On a full link, the share each stream had while the most of them ran at once: the floor for one that showed nothing more. */
  smallestShare(): number {
    return this.capacity / Math.max(1, this.peak);
  }

  /** What a stream seen at `lowerBps` on the full link would do alone (undefined when the link was not full). */
  censoredEstimate(m: Mirror, lowerBps: number): number | undefined {
    if (!this.full) return undefined;
    // Stopped before it levelled off, a stream is known no better than any that shared the link at its fullest.
    const lower = this.rampingAtStop.has(m) ? Math.max(lowerBps, this.smallestShare()) : lowerBps;
    const cap = this.ownCap.has(m) ? lower : capGuess(lower, this.capacity);
    return m.soloEstimate(this.artifact(m), cap);
  }

  /**
   * The cap to assume for a live mirror that brought no body in time: on a full link the middle guess for a
   * stream seen at the smallest share, otherwise where the tool's other mirrors levelled off (`levelledBps`).
   */
  priorCap(levelledBps: number | undefined): number | undefined {
    return this.full ? capGuess(this.smallestShare(), this.capacity) : levelledBps;
  }

  /**
   * A live mirror whose stream had no body in time is still known by its first byte and round trip: alone it
   * would ramp up from them (slow start) to a cap like the others' (priorCap). Ranked on that, it stands among
   * mirrors of its distance rather than below them all; the pick is never such a guess (rank.ts).
   */
  priorEstimate(m: Mirror, levelledBps: number | undefined): number | undefined {
    const cap = this.priorCap(levelledBps);
    if (cap === undefined || !(cap > 0)) return undefined;
    const est = m.soloEstimate(this.artifact(m), cap);
    return est !== undefined && Number.isFinite(est) ? est : undefined;
  }
}
