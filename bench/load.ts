/**
 * The reference provider under load: a fixed number of requests over loopback with a
 * fixed number in flight, every answer validated; heap measured after each half so that
 * growth that does not level off shows.
 */

import http from "node:http";
import { basicAuthorization } from "../src/core/credentials.js";
import { participantPath } from "../src/core/resource.js";
import { defaultFixtures, startProvider } from "../src/provider/index.js";
import { isValid } from "../src/schema/validate.js";

export interface LoadFigures {
  requests: number;
  concurrency: number;
  errors: number;
  invalidBodies: number;
  requestsPerSecond: number;
  /** Heap after the second half minus heap after the first half, after GC where exposed. */
  heapGrowthMb: number;
}

function fetchOnce(agent: http.Agent, url: URL, auth: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: auth }, timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

export async function runLoad(baseUrl: string, auth: string, paths: string[], requests: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let errors = 0;
  let invalidBodies = 0;
  const worker = async () => {
    while (next < requests) {
      const url = new URL(paths[next++ % paths.length] as string, baseUrl);
      try {
        const { status, body } = await fetchOnce(agent, url, auth);
        if (status !== 200) errors++;
        else if (!isValid("participant", JSON.parse(body))) invalidBodies++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { errors, invalidBodies };
}

export async function benchLoad(requests = 4000, concurrency = 50): Promise<LoadFigures> {
  const fixtures = defaultFixtures();
  const provider = await startProvider({ fixtures });
  const auth = basicAuthorization(fixtures.accountSid, fixtures.authToken);
  const paths = [participantPath(fixtures.phone), participantPath(fixtures.messenger)];
  try {
    const started = performance.now();
    const first = await runLoad(provider.url, auth, paths, requests / 2, concurrency);
    const heapAfterFirst = heapMb();
    const second = await runLoad(provider.url, auth, paths, requests / 2, concurrency);
    const heapAfterSecond = heapMb();
    const seconds = (performance.now() - started) / 1000;
    return {
      requests,
      concurrency,
      errors: first.errors + second.errors,
      invalidBodies: first.invalidBodies + second.invalidBodies,
      requestsPerSecond: requests / seconds,
      heapGrowthMb: heapAfterSecond - heapAfterFirst,
    };
  } finally {
    await provider.close();
  }
}
