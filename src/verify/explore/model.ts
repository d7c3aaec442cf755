/**
 * The request model of the generated part: a participant's canonical request (as the
 * twilio SDK sends it), perturbations along named dimensions as plain data, and the draft
 * a perturbation edits before it becomes a template (credentials by name) and, at the
 * moment it is sent, a request with the run's secrets in. Nothing here sends or judges.
 */
import type { VariantName } from "../../core/cases.js";
import type { ParticipantRef } from "../../core/resource.js";
import { participantPath } from "../../core/resource.js";
import type { ConnectionMode, CredentialName, Piece, RequestTemplate, TemplateHeader } from "../../core/template.js";
import type { HttpResponse } from "../../net/reader.js";
import { SDK_ACCEPT, SDK_ACCEPT_CHARSET, SDK_ACCEPT_ENCODING, SDK_USER_AGENT } from "../live-request.js";

/** One step along one dimension: the dimension's id and its parameters, as data (what fast-check generates and shrinks). */
export interface Perturbation {
  dimension: string;
  params: unknown;
}

/** One request of a case: whose canonical request it starts from, and how it differs from it. */
export interface RequestSpec {
  participant: VariantName;
  perturbations: readonly Perturbation[];
}

/** A generated case: one request, or several that travel together (a sequence). */
export interface Case {
  mode: ConnectionMode;
  requests: readonly RequestSpec[];
}

/** A request while perturbations edit it: the path's SIDs, the query, the headers in order. */
export interface Draft {
  /** Whose canonical request this started from. */
  participant: VariantName;
  ref: ParticipantRef;
  query: [string, Piece[]][];
  headers: [string, Piece[]][];
}

/** The right account's Basic credentials, by name: what the canonical request carries. */
export const RIGHT_BASIC: readonly Piece[] = [
  "Basic ",
  { base64: [{ credential: "accountSid" }, ":", { credential: "authToken" }] },
];

/** The canonical request of a participant: the twilio SDK's headers, in its order. */
export function canonicalDraft(participant: VariantName, ref: ParticipantRef): Draft {
  return {
    participant,
    ref: { ...ref },
    query: [],
    headers: [
      ["User-Agent", [SDK_USER_AGENT]],
      ["Accept-Charset", [SDK_ACCEPT_CHARSET]],
      ["Accept", [SDK_ACCEPT]],
      ["Accept-Encoding", [SDK_ACCEPT_ENCODING]],
      ["Authorization", [...RIGHT_BASIC]],
    ],
  };
}

/** The index of a header in a draft, its name in any letter case; -1 when absent. */
export function headerIndex(draft: Draft, name: string): number {
  const lower = name.toLowerCase();
  return draft.headers.findIndex(([n]) => n.toLowerCase() === lower);
}

/** Sets a header (replacing one of the same name in place, so its position is kept), or removes it with null. */
export function setHeader(draft: Draft, name: string, value: readonly Piece[] | null): void {
  const at = headerIndex(draft, name);
  if (value === null) {
    if (at >= 0) draft.headers.splice(at, 1);
    return;
  }
  if (at >= 0) draft.headers[at] = [draft.headers[at]?.[0] ?? name, [...value]];
  else draft.headers.push([name, [...value]]);
}

/** Literal text of a query name or value, percent-encoded as a client sends it. */
const queryText = (text: string) => encodeURIComponent(text);

/** The draft as a template: the path with its query, the headers as they stand. */
export function templateOf(draft: Draft): RequestTemplate {
  const target: Piece[] = [participantPath(draft.ref)];
  draft.query.forEach(([name, value], index) => {
    target.push(`${index === 0 ? "?" : "&"}${queryText(name)}=`);
    for (const piece of value)
      target.push(
        typeof piece === "string" ? queryText(piece) : "credential" in piece ? { ...piece, uri: true } : piece,
      );
  });
  return {
    method: "GET",
    target,
    headers: draft.headers.map(([name, value]): TemplateHeader => [name, value]),
  };
}

/** The run's credentials by name; the other account's are absent when the fixtures name none. */
export type Secrets = Partial<Record<CredentialName, string>>;

/** A participant's canonical request and the answer it got: what every neutral request is compared with. */
export interface Canonical {
  participant: VariantName;
  template: RequestTemplate;
  /** The headers it sent, lower-case names: what the answer's Vary is read against. */
  sent: Readonly<Record<string, string>>;
  response: HttpResponse;
  /** When the answer arrived (Date.now()), to tell whether a later read came in another second. */
  at: number;
}
