/**
 * A Pact Broker double: the part of the Pact Broker HAL API that `pact broker publish`,
 * `can-i-deploy`, `record-deployment`, the pact verifier and src/broker/verification.ts
 * use, served on 127.0.0.1 with an in-memory store. No real broker can run on these
 * machines (it needs Docker or Ruby gems); this one keeps what it receives so tests
 * can assert on it, and computes answers (pacts for verification, the matrix) from
 * what was published, verified and deployed rather than from canned replies.
 *
 * Not emulated: webhooks, labels, tags as selectors (beyond storing them), released
 * versions, merge of pacts on conflict, pagination, the HAL browser, and anything
 * the commands above never request.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface PactRecord {
  consumer: string;
  provider: string;
  consumerVersion: string;
  sha: string;
  content: Record<string, unknown>;
}

export interface VersionRecord {
  pacticipant: string;
  number: string;
  branches: string[];
  tags: string[];
  buildUrl?: string;
  /** Creation order: "latest" means the highest. */
  order: number;
}

export interface VerificationRecord {
  consumer: string;
  provider: string;
  sha: string;
  providerVersion: string;
  success: boolean;
  body: Record<string, unknown>;
}

export interface DeploymentRecord {
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance?: string;
  currentlyDeployed: boolean;
}

export interface InjectedFailure {
  method: string;
  path: RegExp;
  status: number;
  /** The error message the broker answers with (default "injected failure"). */
  message?: string;
}

export interface BrokerDoubleOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** The main branch of every pacticipant (the real broker detects it from the first branch). */
  mainBranch?: string;
}

export interface BrokerDouble {
  url: string;
  requests: ReceivedRequest[];
  /** Bodies of POST /contracts/publish, as received. */
  publications: Record<string, unknown>[];
  /** Bodies of the for-verification POSTs, as received. */
  forVerification: Record<string, unknown>[];
  branchVersions: { pacticipant: string; branch: string; version: string }[];
  pacts: PactRecord[];
  versions: VersionRecord[];
  verifications: VerificationRecord[];
  deployments: DeploymentRecord[];
  /** Query strings of GET /matrix. */
  matrixQueries: string[];
  /** Makes the next request matching method and path answer `status`. */
  failNext(failure: InjectedFailure): void;
  /** Stores a pact as `POST /contracts/publish` would, for tests that need no CLI run. */
  seedPact(pact: Record<string, unknown>, consumerVersion: string, branch?: string): PactRecord;
  recordVerification(pact: PactRecord, providerVersion: string, success: boolean): void;
  recordDeployment(pacticipant: string, version: string, environment: string): void;
  close(): Promise<void>;
}

const HAL = "application/hal+json;charset=utf-8";
const ENVIRONMENTS = [
  { uuid: "c540ce64-5493-48c5-ab7c-28dae27b166b", name: "test", production: false },
  { uuid: "16926ef3-590f-4e3f-838e-719717aa88c9", name: "production", production: true },
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const seg = encodeURIComponent;

export async function startBrokerDouble(options: BrokerDoubleOptions = {}): Promise<BrokerDouble> {
  const mainBranch = options.mainBranch ?? "main";
  const failures: InjectedFailure[] = [];
  let order = 0;
  let base = "";

  const state = {
    requests: [] as ReceivedRequest[],
    publications: [] as Record<string, unknown>[],
    forVerification: [] as Record<string, unknown>[],
    branchVersions: [] as { pacticipant: string; branch: string; version: string }[],
    pacts: [] as PactRecord[],
    versions: [] as VersionRecord[],
    verifications: [] as VerificationRecord[],
    deployments: [] as DeploymentRecord[],
    matrixQueries: [] as string[],
  };

  // ---- the store -------------------------------------------------------------------------
  function version(pacticipant: string, number: string): VersionRecord {
    let found = state.versions.find((v) => v.pacticipant === pacticipant && v.number === number);
    if (!found) {
      found = { pacticipant, number, branches: [], tags: [], order: ++order };
      state.versions.push(found);
    }
    return found;
  }
  const findVersion = (pacticipant: string, number: string) =>
    state.versions.find((v) => v.pacticipant === pacticipant && v.number === number);
  const addBranch = (v: VersionRecord, branch: string | undefined) => {
    if (branch && !v.branches.includes(branch)) v.branches.push(branch);
  };

  function storePact(content: Record<string, unknown>, consumerVersion: string, branch?: string): PactRecord {
    const consumer = (content.consumer as { name: string }).name;
    const provider = (content.provider as { name: string }).name;
    const sha = createHash("sha1").update(JSON.stringify(content)).digest("hex");
    addBranch(version(consumer, consumerVersion), branch);
    state.pacts = state.pacts.filter(
      (p) => !(p.consumer === consumer && p.provider === provider && p.consumerVersion === consumerVersion),
    );
    const record = { consumer, provider, consumerVersion, sha, content };
    state.pacts.push(record);
    return record;
  }

  function recordDeployment(pacticipant: string, number: string, environment: string, applicationInstance?: string) {
    // Deploying a version replaces whatever version of it was in that environment (and instance).
    for (const d of state.deployments) {
      if (
        d.pacticipant === pacticipant &&
        d.environment === environment &&
        d.applicationInstance === applicationInstance
      ) {
        d.currentlyDeployed = false;
      }
    }
    const record: DeploymentRecord = { pacticipant, version: number, environment, currentlyDeployed: true };
    if (applicationInstance) record.applicationInstance = applicationInstance;
    state.deployments.push(record);
    return record;
  }

  const deployedVersions = (pacticipant: string, environment?: string) =>
    state.deployments
      .filter(
        (d) => d.pacticipant === pacticipant && d.currentlyDeployed && (!environment || d.environment === environment),
      )
      .map((d) => d.version);
  const latestOf = (versions: VersionRecord[]) =>
    versions.reduce<VersionRecord | undefined>((a, v) => (a && a.order > v.order ? a : v), undefined);
  const pactFor = (consumer: string, provider: string, consumerVersion: string) =>
    state.pacts.find(
      (p) => p.consumer === consumer && p.provider === provider && p.consumerVersion === consumerVersion,
    );
  const lastVerification = (sha: string, providerVersion: string) =>
    state.verifications.filter((v) => v.sha === sha && v.providerVersion === providerVersion).at(-1);

  // ---- links -----------------------------------------------------------------------------
  const pactPath = (p: PactRecord) =>
    `/pacts/provider/${seg(p.provider)}/consumer/${seg(p.consumer)}/pact-version/${p.sha}`;
  const pacticipantUrl = (name: string) => `${base}/pacticipants/${seg(name)}`;
  const versionUrl = (name: string, number: string) => `${pacticipantUrl(name)}/versions/${seg(number)}`;

  function pactResource(p: PactRecord) {
    return {
      ...p.content,
      createdAt: new Date().toISOString(),
      _links: {
        self: { href: base + pactPath(p), name: `Pact between ${p.consumer} (${p.consumerVersion}) and ${p.provider}` },
        "pb:consumer": { href: pacticipantUrl(p.consumer), name: p.consumer },
        "pb:provider": { href: pacticipantUrl(p.provider), name: p.provider },
        "pb:publish-verification-results": {
          href: `${base}${pactPath(p)}/verification-results`,
          title: "Publish verification results",
        },
      },
    };
  }

  // ---- pacts for verification ------------------------------------------------------------
  function pactsForVerification(provider: string, body: Record<string, unknown>) {
    const selectors = (body.consumerVersionSelectors as Record<string, unknown>[] | undefined) ?? [{ latest: true }];
    const providerBranch = body.providerVersionBranch as string | undefined;
    // The real broker's own validation of the request.
    if (!providerBranch && selectors.some((s) => s.matchingBranch)) {
      throw new HttpError(400, "the matchingBranch selector requires providerVersionBranch");
    }
    if (!providerBranch && body.includeWipPactsSince) {
      throw new HttpError(400, "includeWipPactsSince requires providerVersionBranch");
    }
    const consumers = [...new Set(state.pacts.filter((p) => p.provider === provider).map((p) => p.consumer))];
    const chosen = new Map<string, { pact: PactRecord; why: string[] }>();
    const choose = (pact: PactRecord | undefined, why: string) => {
      if (!pact) return;
      const entry = chosen.get(pact.sha) ?? { pact, why: [] };
      entry.why.push(why);
      chosen.set(pact.sha, entry);
    };
    for (const selector of selectors) {
      for (const consumer of consumers) {
        if (selector.consumer && selector.consumer !== consumer) continue;
        const withPact = state.versions.filter(
          (v) => v.pacticipant === consumer && pactFor(consumer, provider, v.number),
        );
        const onBranch = (branch: string) => latestOf(withPact.filter((v) => v.branches.includes(branch)));
        const pick = (v: VersionRecord | undefined, why: string) =>
          choose(v && pactFor(consumer, provider, v.number), why);
        if (selector.mainBranch) pick(onBranch(mainBranch), `latest from main branch of ${consumer}`);
        else if (selector.matchingBranch) {
          if (providerBranch) pick(onBranch(providerBranch), `latest from matching branch ${providerBranch}`);
        } else if (typeof selector.branch === "string")
          pick(onBranch(selector.branch), `latest from branch ${selector.branch}`);
        else if (selector.deployedOrReleased || selector.deployed) {
          for (const number of deployedVersions(consumer, selector.environment as string | undefined)) {
            pick(findVersion(consumer, number), `currently deployed version of ${consumer}`);
          }
        } else if (selector.latest) pick(latestOf(withPact), `latest version of ${consumer}`);
        else throw new HttpError(400, `unsupported consumer version selector ${JSON.stringify(selector)}`);
      }
    }
    // Pending: never yet verified successfully by a provider version of this branch.
    const verifiedOnBranch = (sha: string) =>
      state.verifications.some(
        (v) =>
          v.sha === sha &&
          v.success &&
          (!providerBranch || findVersion(provider, v.providerVersion)?.branches.includes(providerBranch)),
      );
    const entries = [...chosen.values()].map(({ pact, why }) => ({ pact, why, wip: false }));
    if (body.includeWipPactsSince) {
      // WIP: the latest pact of every consumer branch, not otherwise selected and still pending.
      for (const consumer of consumers) {
        const branches = new Set(state.versions.filter((v) => v.pacticipant === consumer).flatMap((v) => v.branches));
        for (const branch of branches) {
          const latest = latestOf(
            state.versions.filter(
              (v) => v.pacticipant === consumer && v.branches.includes(branch) && pactFor(consumer, provider, v.number),
            ),
          );
          const pact = latest && pactFor(consumer, provider, latest.number);
          if (
            pact &&
            !chosen.has(pact.sha) &&
            !verifiedOnBranch(pact.sha) &&
            !entries.some((e) => e.pact.sha === pact.sha)
          ) {
            entries.push({ pact, why: [`work in progress from branch ${branch}`], wip: true });
          }
        }
      }
    }
    return {
      _embedded: {
        pacts: entries.map(({ pact, why, wip }) => {
          const pending = wip || (body.includePendingStatus === true && !verifiedOnBranch(pact.sha));
          return {
            shortDescription: why.join(", "),
            verificationProperties: {
              pending,
              ...(wip ? { wip: true } : {}),
              notices: [
                {
                  when: "before_verification",
                  text: `The pact at ${base + pactPath(pact)} is being verified because it matches: ${why.join(", ")}`,
                },
              ],
            },
            _links: {
              self: {
                href: base + pactPath(pact),
                name: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${pact.provider}`,
              },
            },
          };
        }),
      },
      _links: { self: { href: `${base}/pacts/provider/${seg(provider)}/for-verification` } },
    };
  }

  // ---- the matrix (can-i-deploy) ---------------------------------------------------------
  function matrix(query: URLSearchParams) {
    const pacticipants = query.getAll("q[][pacticipant]");
    const numbers = query.getAll("q[][version]");
    const environment = query.get("environment") ?? undefined;
    if (pacticipants.length !== 1 || numbers.length !== 1) {
      throw new HttpError(400, "this broker double answers one pacticipant version at a time");
    }
    const name = pacticipants[0] as string;
    const number = numbers[0] as string;
    if (!findVersion(name, number)) {
      throw new HttpError(400, `No pacticipant version found for ${name} ${number}`);
    }
    // The versions of the other side to check against: those in the environment, or the latest.
    const counterparts = (other: string) =>
      environment
        ? deployedVersions(other, environment)
        : [latestOf(state.versions.filter((v) => v.pacticipant === other))?.number].filter((v): v is string => !!v);
    const rows: { consumer: string; cv: string; provider: string; pv: string; pact: PactRecord }[] = [];
    const missing: string[] = [];
    // As a consumer, every provider of this version's pacts must be there and have verified them.
    for (const pact of state.pacts.filter((p) => p.consumer === name && p.consumerVersion === number)) {
      const providerVersions = counterparts(pact.provider);
      if (!providerVersions.length) {
        missing.push(
          `There is no verified pact between version ${number} of ${name} and a version of ${pact.provider}${environment ? ` currently in ${environment}` : ""}`,
        );
      }
      for (const pv of providerVersions) rows.push({ consumer: name, cv: number, provider: pact.provider, pv, pact });
    }
    // As a provider, only the consumers already there matter.
    const consumers = new Set(state.pacts.filter((p) => p.provider === name).map((p) => p.consumer));
    for (const consumer of consumers) {
      for (const cv of counterparts(consumer)) {
        const pact = pactFor(consumer, name, cv);
        if (pact) rows.push({ consumer, cv, provider: name, pv: number, pact });
      }
    }
    const results = rows.map((row) => ({ row, verification: lastVerification(row.pact.sha, row.pv) }));
    const success = results.filter((r) => r.verification?.success === true).length;
    const failed = results.filter((r) => r.verification?.success === false).length;
    const unknown = results.length - success - failed;
    // A missing provider will not turn up by waiting; an unverified pact might (retry-while-unknown).
    const deployable = failed > 0 || missing.length > 0 ? false : unknown > 0 ? null : true;
    const reason =
      deployable === true
        ? "All required verification results are published and successful"
        : [
            ...missing,
            ...results
              .filter((r) => r.verification?.success !== true)
              .map((r) =>
                r.verification
                  ? `The verification for the pact between version ${r.row.cv} of ${r.row.consumer} and version ${r.row.pv} of ${r.row.provider} failed`
                  : `There is no verified pact between version ${r.row.cv} of ${r.row.consumer} and version ${r.row.pv} of ${r.row.provider}`,
              ),
          ].join("\n");
    return {
      summary: { deployable, reason, success, failed, unknown },
      notices: [{ type: deployable ? "success" : "error", text: reason }],
      matrix: results.map(({ row, verification }) => ({
        consumer: { name: row.consumer, version: { number: row.cv } },
        provider: { name: row.provider, version: { number: row.pv } },
        pact: { createdAt: new Date().toISOString(), _links: { self: { href: base + pactPath(row.pact) } } },
        verificationResult: verification
          ? {
              success: verification.success,
              verifiedAt: new Date().toISOString(),
              _links: {
                self: {
                  href: `${base}${pactPath(row.pact)}/verification-results/${state.verifications.indexOf(verification) + 1}`,
                },
              },
            }
          : null,
      })),
    };
  }

  // ---- routes ----------------------------------------------------------------------------
  function route(
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): [number, unknown] {
    const [a, b, c, d, e, f, g, h] = parts;
    if (method === "GET" && parts.length === 0) {
      return [
        200,
        {
          _links: {
            self: { href: base, title: "Index" },
            "pb:publish-contracts": { href: `${base}/contracts/publish`, title: "Publish contracts", templated: false },
            "pb:provider-pacts-for-verification": {
              href: `${base}/pacts/provider/{provider}/for-verification`,
              title: "Pact versions to be verified for the specified provider",
              templated: true,
            },
            "pb:latest-pact-versions": { href: `${base}/pacts/latest`, title: "Latest pact versions" },
            "pb:pacticipant": { href: `${base}/pacticipants/{pacticipant}`, templated: true },
            "pb:pacticipant-version": {
              href: `${base}/pacticipants/{pacticipant}/versions/{version}`,
              templated: true,
            },
            "pb:environments": { href: `${base}/environments`, title: "Environments" },
          },
        },
      ];
    }
    if (method === "POST" && a === "contracts" && b === "publish" && parts.length === 2) {
      state.publications.push(body);
      const name = body.pacticipantName as string;
      const number = body.pacticipantVersionNumber as string;
      if (!name || !number || !Array.isArray(body.contracts))
        throw new HttpError(400, "pacticipantName, pacticipantVersionNumber and contracts are required");
      const v = version(name, number);
      addBranch(v, body.branch as string | undefined);
      for (const tag of (body.tags as string[] | undefined) ?? []) if (!v.tags.includes(tag)) v.tags.push(tag);
      if (body.buildUrl) v.buildUrl = body.buildUrl as string;
      const stored = (body.contracts as Record<string, string>[]).map((contract) => {
        const content = JSON.parse(Buffer.from(contract.content ?? "", "base64").toString("utf8"));
        if (content.consumer?.name !== contract.consumerName || content.provider?.name !== contract.providerName) {
          throw new HttpError(400, "consumerName and providerName must match the names inside the pact");
        }
        return storePact(content, number, body.branch as string | undefined);
      });
      const self = { href: versionUrl(name, number), name: number, title: "Pacticipant version" };
      return [
        200,
        {
          notices: [
            {
              type: "success",
              text: `Created ${name} version ${number}${v.branches.length ? ` with branch ${v.branches.join(", ")}` : ""}`,
            },
            ...stored.map((p) => ({
              type: "success",
              text: `Pact published for ${p.consumer} and ${p.provider}: ${base + pactPath(p)}`,
            })),
          ],
          logs: [],
          _embedded: {
            pacticipant: { name, _links: { self: { href: pacticipantUrl(name) } } },
            version: { number, _links: { self } },
          },
          _links: {
            "pb:pacticipant": { href: pacticipantUrl(name), name, title: "Pacticipant" },
            "pb:pacticipant-version": self,
            "pb:pacticipant-version-tags": v.tags.map((tag) => ({
              href: `${versionUrl(name, number)}/tags/${seg(tag)}`,
              name: tag,
            })),
            "pb:contracts": stored.map((p) => ({
              href: base + pactPath(p),
              name: `Pact between ${p.consumer} and ${p.provider}`,
              title: "Pact",
            })),
          },
        },
      ];
    }
    if (a === "pacts" && b === "provider" && c && d === "for-verification" && parts.length === 4) {
      if (method === "GET")
        return [200, { _links: { self: { href: `${base}/pacts/provider/${seg(c)}/for-verification` } } }];
      if (method === "POST") {
        state.forVerification.push(body);
        return [200, pactsForVerification(c, body)];
      }
    }
    if (a === "pacts" && b === "provider" && c && d === "consumer" && e && f === "pact-version" && g) {
      const pact = state.pacts.find((p) => p.provider === c && p.consumer === e && p.sha === g);
      if (!pact) throw new HttpError(404, "no such pact");
      if (method === "GET" && parts.length === 7) return [200, pactResource(pact)];
      if (method === "POST" && h === "verification-results" && parts.length === 8) {
        const providerVersion = body.providerApplicationVersion as string;
        if (!providerVersion || typeof body.success !== "boolean") {
          throw new HttpError(400, "providerApplicationVersion and success are required");
        }
        version(c, providerVersion);
        state.verifications.push({ consumer: e, provider: c, sha: g, providerVersion, success: body.success, body });
        return [
          201,
          {
            ...body,
            _links: { self: { href: `${base}${pactPath(pact)}/verification-results/${state.verifications.length}` } },
          },
        ];
      }
    }
    if (a === "pacticipants" && b) {
      if (method === "GET" && parts.length === 2) {
        return [
          200,
          {
            name: b,
            mainBranch,
            _links: {
              self: { href: pacticipantUrl(b) },
              "pb:branch-version": {
                href: `${pacticipantUrl(b)}/branches/{branch}/versions/{version}`,
                templated: true,
              },
              "pb:version": { href: `${pacticipantUrl(b)}/versions/{version}`, templated: true },
            },
          },
        ];
      }
      if (method === "PUT" && c === "branches" && d && e === "versions" && f && parts.length === 6) {
        addBranch(version(b, f), d);
        state.branchVersions.push({ pacticipant: b, branch: d, version: f });
        return [200, { _links: { self: { href: `${pacticipantUrl(b)}/branches/${seg(d)}/versions/${seg(f)}` } } }];
      }
      if (c === "versions" && d) {
        const v = findVersion(b, d);
        if (!v) throw new HttpError(404, `No pacticipant version ${b} ${d}`);
        if (method === "GET" && parts.length === 4) {
          return [
            200,
            {
              number: v.number,
              branchVersions: v.branches.map((name) => ({ name })),
              _links: {
                self: { href: versionUrl(b, d) },
                "pb:record-deployment": ENVIRONMENTS.map((env) => ({
                  name: env.name,
                  title: `Record deployment to ${env.name}`,
                  href: `${versionUrl(b, d)}/deployed-versions/environment/${env.uuid}`,
                })),
              },
            },
          ];
        }
        if (method === "POST" && e === "deployed-versions" && f === "environment" && g && parts.length === 7) {
          const environment = ENVIRONMENTS.find((env) => env.uuid === g);
          if (!environment) throw new HttpError(404, "no such environment");
          const record = recordDeployment(b, d, environment.name, body.applicationInstance as string | undefined);
          return [
            201,
            { uuid: randomUUID(), ...record, _links: { self: { href: `${base}/deployed-versions/${randomUUID()}` } } },
          ];
        }
      }
    }
    if (method === "GET" && a === "environments" && parts.length === 1) {
      return [200, { _embedded: { environments: ENVIRONMENTS.map((env) => ({ ...env, displayName: env.name })) } }];
    }
    if (method === "GET" && a === "matrix" && parts.length === 1) {
      state.matrixQueries.push(query.toString());
      return [200, matrix(query)];
    }
    throw new HttpError(404, `the broker double has no ${method} ${parts.join("/") || "/"}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    let body: Record<string, unknown> = {};
    let status = 200;
    let answer: unknown;
    try {
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new HttpError(400, "body is not JSON");
        }
      }
      state.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization, body });
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
        throw new HttpError(401, "Unauthorized");
      const failure = failures.findIndex((f) => f.method === method && f.path.test(url.pathname));
      if (failure >= 0) {
        const [injected] = failures.splice(failure, 1);
        throw new HttpError(injected?.status ?? 500, injected?.message ?? "injected failure");
      }
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      [status, answer] = route(method, parts, url.searchParams, body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      answer = { error: { message: error.message }, errors: [error.message] };
    }
    res.writeHead(status, { "Content-Type": HAL });
    res.end(JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      res.writeHead(500, { "Content-Type": HAL });
      res.end(JSON.stringify({ error: { message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(state, {
    url: base,
    failNext: (failure: InjectedFailure) => void failures.push(failure),
    seedPact: storePact,
    recordVerification(pact: PactRecord, providerVersion: string, success: boolean) {
      version(pact.provider, providerVersion);
      state.verifications.push({
        consumer: pact.consumer,
        provider: pact.provider,
        sha: pact.sha,
        providerVersion,
        success,
        body: { success },
      });
    },
    recordDeployment(pacticipant: string, number: string, environment: string) {
      version(pacticipant, number);
      recordDeployment(pacticipant, number, environment);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
