/** Credentials and encodings the secrets tests share. */

/** An account SID and an auth token shaped as Twilio's (AC + 32 hex digits; 32 hex digits). */
export const ACCOUNT = `AC${"0123456789abcdef".repeat(2)}`;
export const TOKEN = "9f3c1b7e5d2a4c6b8e0f1a3d5c7b9e2f";
export const OTHER_ACCOUNT = `AC${"fedcba9876543210".repeat(2)}`;
export const OTHER_TOKEN = "4e6a8c0b2d4f6a8c0e2b4d6f8a0c2e4b";
/** API keys of each account: SK + 32 hex digits, and a secret shaped as Twilio's (32 characters). */
export const KEY = { sid: `SK${"13579bdf02468ace".repeat(2)}`, secret: "k3Y5ecretA1b2C3d4E5f6G7h8I9j0K1l" };
export const OTHER_KEY = { sid: `SK${"ace02468bdf13579".repeat(2)}`, secret: "oTh3rK3ySecretZ9y8X7w6V5u4T3s2R1" };

/** What an HTTP Basic header carries after `Basic `. */
export const basic = (username: string, password: string) =>
  Buffer.from(`${username}:${password}`, "utf8").toString("base64");

/** The escaping src/report/junit.ts applies to attribute values. */
export const xmlEscaped = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
