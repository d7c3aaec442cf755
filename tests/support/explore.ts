/** What the generated part's unit tests build on: two participants, two accounts, a canonical answer, the context a dimension reads. */
import type { VariantName } from "../../src/core/cases.js";
import type { ParticipantRef } from "../../src/core/resource.js";
import type { HttpResponse } from "../../src/net/reader.js";
import type { DimensionContext } from "../../src/verify/explore/dimensions.js";

const hex = (c: string) => c.repeat(32);

/** Two participants in two sessions of two services. */
export const refs: Record<VariantName, ParticipantRef> = {
  phone: { serviceSid: `KS${hex("1")}`, sessionSid: `KC${hex("2")}`, participantSid: `KP${hex("3")}` },
  messenger: { serviceSid: `KS${hex("6")}`, sessionSid: `KC${hex("4")}`, participantSid: `KP${hex("5")}` },
};

/** The run's credentials by name: an account and a second one, each with an API key. */
export const secrets = {
  accountSid: `AC${hex("a")}`,
  authToken: "9f86d081884c7d659a2feaa0c55ad015",
  otherAccountSid: `AC${hex("b")}`,
  otherAuthToken: "60303ae22b998861bce3b28f33eec1be",
  apiKey: `SK${hex("c")}`,
  apiSecret: "keysecret0123456789abcdefKEYSECR",
  otherApiKey: `SK${hex("d")}`,
  otherApiSecret: "otherkeysecret0123456789abcdefOK",
};

/** A canonical answer with both validators. */
export const canonicalAnswer: HttpResponse = {
  status: 200,
  headers: { "content-type": "application/json", etag: '"abc"', "last-modified": "Wed, 01 Jan 2020 00:00:00 GMT" },
  body: Buffer.from('{"sid":"KP3","date_updated":"2020-01-01T00:00:00Z"}'),
  truncated: false,
};

/** What a dimension reads: both participants answered with the canonical answer. */
export const dimensionContext: DimensionContext = {
  refs,
  accountSid: secrets.accountSid,
  otherAccountSid: secrets.otherAccountSid,
  secrets,
  canonical: { phone: canonicalAnswer, messenger: canonicalAnswer },
};
