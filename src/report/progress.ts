/**
 * The live progress line of a run on a terminal: the phase, checks done of the total, and a
 * wait for a rate limit with its reason and the time left. It is shown through a status line
 * (the shell's, only when stdout is a terminal), redrawn below every line the report prints
 * and cleared before the verdict: it leaves nothing in the final output, and a CI log (no
 * terminal) never sees it.
 */
import type { CheckResult } from "../core/findings.js";

/** One line at the bottom of a terminal, replaced as it changes and cleared without a trace. */
export interface StatusLine {
  show(text: string): void;
  clear(): void;
}

/** A wait the run is spending before a request: how long, and why (a 429's Retry-After, --max-rate). */
export interface Wait {
  ms: number;
  reason: string;
}

export interface Progress {
  /** The checks the run means to make, as soon as they are known (verify's onPlanned). */
  planned(checks: readonly Pick<CheckResult, "id" | "group">[]): void;
  finished(check: Pick<CheckResult, "id" | "group" | "verdict">): void;
  waiting(wait: Wait): void;
  /** The run is over: the line goes, for good. */
  stop(): void;
}

/** The phases a run's checks fall in, in the order the line shows them. */
const PHASES: { name: string; groups: readonly CheckResult["group"][] }[] = [
  { name: "live checks", groups: ["conformance", "probe"] },
  { name: "generated", groups: ["explore"] },
  { name: "pact", groups: ["pact"] },
];

/** How often a wait's time left is redrawn. */
const TICK_MS = 250;
/** The line is drawn at most this often: a pact of thousands of interactions finishes faster than a terminal needs. */
const DRAW_MS = 50;

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/** The progress of one run on a status line; `now` is injectable for tests. */
export function progressLine(line: StatusLine, now: () => number = () => performance.now()): Progress {
  const planned = new Map<string, CheckResult["group"]>();
  const done = new Set<string>();
  let failed = 0;
  let wait: (Wait & { until: number }) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let trailing: NodeJS.Timeout | undefined;

  const phaseText = (phase: (typeof PHASES)[number]) => {
    const ids = [...planned].filter(([, group]) => phase.groups.includes(group)).map(([id]) => id);
    if (!ids.length) return undefined;
    return `${phase.name} ${ids.filter((id) => done.has(id)).length}/${ids.length}`;
  };
  /** Draws now, or once DRAW_MS has passed since the last drawing: the latest state is never left undrawn. */
  const update = () => {
    if (stopped || trailing) return;
    const since = now() - drawnAt;
    if (since >= DRAW_MS) return render();
    trailing = setTimeout(() => {
      trailing = undefined;
      render();
    }, DRAW_MS - since);
    trailing.unref();
  };
  const render = () => {
    if (stopped) return;
    drawnAt = now();
    const phases = PHASES.map(phaseText).filter((text) => text !== undefined);
    const counts = planned.size ? `${done.size} of ${planned.size} checks done` : "starting";
    const failures = failed ? `, ${failed} failed` : "";
    const waiting = wait && wait.until > now() ? ` · waiting ${seconds(wait.until - now())}: ${wait.reason}` : "";
    line.show(`${counts}${failures}${phases.length ? ` (${phases.join(" · ")})` : ""}${waiting}`);
    if (waiting && !timer) {
      timer = setInterval(() => {
        if (!wait || wait.until <= now()) {
          clearInterval(timer);
          timer = undefined;
          wait = undefined;
        }
        render();
      }, TICK_MS);
      timer.unref();
    }
  };
  render();
  return {
    planned(checks) {
      for (const { id, group } of checks) planned.set(id, group);
      update();
    },
    finished(check) {
      if (!planned.has(check.id)) planned.set(check.id, check.group);
      done.add(check.id);
      if (check.verdict === "fail") failed++;
      update();
    },
    waiting({ ms, reason }) {
      wait = { ms, reason, until: now() + ms };
      render();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (trailing) clearTimeout(trailing);
      line.clear();
    },
  };
}
