/**
 * An Aho–Corasick automaton over UTF-16 code units: every pattern found in one left-to-right
 * reading, whatever their number, in time linear in the text plus the patterns' total length
 * (plus the matches). Built without recursion and without regular expressions, so neither
 * the number nor the length nor the characters of the patterns can overflow anything. The
 * redactor (net/redact.ts) drives it one code unit at a time over each way a text can be
 * decoded; it is kept apart because nothing in it knows about secrets.
 */

/** The state before anything was read, and the one every mismatch falls back to. */
export const ROOT = 0;

/**
 * Transitions keyed by (state, code unit), open addressing in typed arrays: a Map keyed by
 * `state * 65536 + unit` costs a boxed number per lookup once states pass 32,768.
 */
class Transitions {
  private readonly mask: number;
  private readonly from: Int32Array;
  private readonly unit: Uint16Array;
  /** 0 marks an empty slot: no transition leads to the root. */
  private readonly to: Int32Array;

  constructor(count: number) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.mask = size - 1;
    this.from = new Int32Array(size);
    this.unit = new Uint16Array(size);
    this.to = new Int32Array(size);
  }

  private slot(state: number, unit: number): number {
    return (Math.imul(state, 0x9e3779b1) ^ Math.imul(unit + 1, 0x85ebca6b)) & this.mask;
  }

  set(state: number, unit: number, next: number): void {
    let at = this.slot(state, unit);
    while (this.to[at] !== 0) at = (at + 1) & this.mask;
    this.from[at] = state;
    this.unit[at] = unit;
    this.to[at] = next;
  }

  /** The next state, or ROOT when there is no such transition. */
  get(state: number, unit: number): number {
    for (let at = this.slot(state, unit); ; at = (at + 1) & this.mask) {
      const next = this.to[at] as number;
      if (next === 0 || (this.from[at] === state && this.unit[at] === unit)) return next;
    }
  }
}

export class Automaton {
  /** Transitions from the root, by code unit (0: none): the busiest lookups, kept in an array. */
  private readonly fromRoot = new Int32Array(0x10000);
  private readonly transitions: Transitions;
  private readonly depths: Int32Array;
  private readonly fails: Int32Array;
  /** The pattern a state ends, or -1. */
  private readonly patternOf: Int32Array;
  /** The deepest state on the failure chain (the state itself included) that ends a pattern, or ROOT. */
  private readonly outputs: Int32Array;
  /** Preorder interval of each state in the failure tree: a suffix test in constant time. */
  private readonly enter: Int32Array;
  private readonly leave: Int32Array;

  /** `patterns[i]` is found as pattern `i`; empty patterns are never found; of equal patterns, one is reported. */
  constructor(patterns: readonly string[]) {
    // The trie from the patterns in sorted order: each shares its path with the one before
    // as far as their common prefix, so no lookup is needed to build it, and every state's
    // children come out in order, each state after its parent (breadth is not needed).
    const order = patterns.map((_, i) => i).filter((i) => (patterns[i] as string).length > 0);
    order.sort((a, b) => {
      const [x, y] = [patterns[a] as string, patterns[b] as string];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const parent: number[] = [ROOT];
    const unitOf: number[] = [0];
    const depth: number[] = [0];
    const pattern: number[] = [-1];
    let path: number[] = [ROOT];
    let previous = "";
    for (const index of order) {
      const text = patterns[index] as string;
      let common = 0;
      while (
        common < text.length &&
        common < previous.length &&
        text.charCodeAt(common) === previous.charCodeAt(common)
      )
        common++;
      path = path.slice(0, common + 1);
      for (let i = common; i < text.length; i++) {
        const state = parent.length;
        parent.push(path[i] as number);
        unitOf.push(text.charCodeAt(i));
        depth.push(i + 1);
        pattern.push(-1);
        path.push(state);
      }
      pattern[path[text.length] as number] = index;
      previous = text;
    }
    const size = parent.length;
    this.depths = Int32Array.from(depth);
    this.patternOf = Int32Array.from(pattern);
    this.transitions = new Transitions(size);
    for (let state = 1; state < size; state++) {
      const from = parent[state] as number;
      if (from === ROOT) this.fromRoot[unitOf[state] as number] = state;
      else this.transitions.set(from, unitOf[state] as number, state);
    }
    // Failure links by depth (a counting sort): a state's link comes from shallower states' links.
    const deepest = this.depths.reduce((m, d) => Math.max(m, d), 0);
    const startOf = new Int32Array(deepest + 2);
    for (const d of depth) startOf[d + 1] = (startOf[d + 1] as number) + 1;
    for (let d = 1; d < startOf.length; d++) startOf[d] = (startOf[d] as number) + (startOf[d - 1] as number);
    const byDepth = new Int32Array(size);
    for (let state = 0; state < size; state++) {
      const d = depth[state] as number;
      byDepth[startOf[d] as number] = state;
      startOf[d] = (startOf[d] as number) + 1;
    }
    this.fails = new Int32Array(size);
    this.outputs = new Int32Array(size);
    for (const state of byDepth) {
      if (state === ROOT) continue;
      const from = parent[state] as number;
      const fail = from === ROOT ? ROOT : this.next(this.fails[from] as number, unitOf[state] as number);
      this.fails[state] = fail;
      this.outputs[state] = (pattern[state] as number) >= 0 ? state : (this.outputs[fail] as number);
    }
    // The failure links form a tree rooted at ROOT: u's string is a suffix of v's exactly when u is v's ancestor.
    const firstKid = new Int32Array(size).fill(-1);
    const sibling = new Int32Array(size).fill(-1);
    for (let state = size - 1; state > ROOT; state--) {
      const fail = this.fails[state] as number;
      sibling[state] = firstKid[fail] as number;
      firstKid[fail] = state;
    }
    this.enter = new Int32Array(size);
    this.leave = new Int32Array(size);
    const cursor = new Int32Array(size).fill(-2);
    const stack = [ROOT];
    let clock = 0;
    while (stack.length) {
      const state = stack[stack.length - 1] as number;
      if (cursor[state] === -2) {
        this.enter[state] = clock++;
        cursor[state] = firstKid[state] as number;
      }
      const kid = cursor[state] as number;
      if (kid >= 0) {
        cursor[state] = sibling[kid] as number;
        stack.push(kid);
      } else {
        this.leave[state] = clock;
        stack.pop();
      }
    }
  }

  /** The state after reading `unit` in `state`: the longest suffix of what was read that starts a pattern. */
  next(state: number, unit: number): number {
    for (let at = state; at !== ROOT; at = this.fails[at] as number) {
      const next = this.transitions.get(at, unit);
      if (next !== ROOT) return next;
    }
    return this.fromRoot[unit] as number;
  }

  /** Whether a pattern begins with this unit: anything else leaves the root where it is. */
  begins(unit: number): boolean {
    return this.fromRoot[unit] !== ROOT;
  }

  /** How many code units the string of a state holds. */
  depth(state: number): number {
    return this.depths[state] as number;
  }

  /** The deepest state ending a pattern whose string is a suffix of this state's, or ROOT when none. */
  longestMatch(state: number): number {
    return this.outputs[state] as number;
  }

  /** The next shorter state ending a pattern, after a state returned by longestMatch; ROOT when none. */
  shorterMatch(matched: number): number {
    return this.outputs[this.fails[matched] as number] as number;
  }

  /** The index of the pattern a state ends (one returned by longestMatch or shorterMatch). */
  patternAt(matched: number): number {
    return this.patternOf[matched] as number;
  }

  /** Whether `suffix`'s string is a suffix of `state`'s: then `state` finds everything `suffix` would. */
  covers(state: number, suffix: number): boolean {
    return (
      (this.enter[suffix] as number) <= (this.enter[state] as number) &&
      (this.leave[state] as number) <= (this.leave[suffix] as number)
    );
  }
}
