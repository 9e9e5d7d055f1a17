// Writes the API Gateway HTTP API (payload v2.0) events the handler tests read, signed with Twilio's own helper
// library (npm `twilio`). Run once:
//   cd /tmp && npm install twilio
//   NODE_PATH=/tmp/node_modules node generate-events.mjs
// Test settings: PUBLIC_BASE_URL=https://abc123.execute-api.us-east-1.amazonaws.com, auth token below.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const { getExpectedTwilioSignature } = require("twilio/lib/webhooks/webhooks");

const token = "9f2c1e7b4a6d8c0e3b5a7d9f1c3e5a7b";
const host = "abc123.execute-api.us-east-1.amazonaws.com";
const base = "https://" + host;
const voice = {
  AccountSid: "AC00000000000000000000000000000001",
  ApiVersion: "2010-04-01",
  CallSid: "CA00000000000000000000000000000001",
  CallStatus: "ringing",
  Called: "+15005550006",
  CalledCountry: "US",
  Caller: "+14155550123",
  CallerCountry: "US",
  Direction: "inbound",
  From: "+14155550123",
  FromCity: "SAN FRANCISCO",
  FromCountry: "US",
  FromState: "CA",
  To: "+15005550006",
  ToCountry: "US",
};
const action = {
  AccountSid: voice.AccountSid,
  ApplicationSid: "AP00000000000000000000000000000001",
  CallSid: voice.CallSid,
  CallStatus: "in-progress",
  Direction: "inbound",
  From: voice.From,
  To: voice.To,
  SessionId: "VX00000000000000000000000000000001",
  SessionDuration: "93",
};

function event(route, { params, rawQuery = "", signature = "valid", body, contentType = "application/x-www-form-urlencoded" }) {
  const path = route.split(" ")[1];
  const form = body ?? new URLSearchParams(params).toString();
  const url = base + path + (rawQuery ? "?" + rawQuery : "");
  const headers = {
    "accept": "*/*",
    "content-length": String(Buffer.byteLength(form)),
    "content-type": contentType,
    "host": host,
    "i-twilio-idempotency-token": "3c5f1d2e-7a9b-4c8d-9e0f-1a2b3c4d5e6f",
    "user-agent": "TwilioProxy/1.1",
    "x-amzn-trace-id": "Root=1-6748c3a0-0123456789abcdef01234567",
    "x-forwarded-for": "54.172.60.2",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
    "x-home-region": "us1",
  };
  if (signature === "valid") {
    headers["x-twilio-signature"] = getExpectedTwilioSignature(token, url, params);
  } else if (signature === "wrong") {
    headers["x-twilio-signature"] = getExpectedTwilioSignature("0000000000000000ffffffffffffffff", url, params);
  }
  return {
    version: "2.0",
    routeKey: route,
    rawPath: path,
    rawQueryString: rawQuery,
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: host,
      domainPrefix: "abc123",
      http: { method: "POST", path, protocol: "HTTP/1.1", sourceIp: "54.172.60.2", userAgent: "TwilioProxy/1.1" },
      requestId: "C2v0LhL5oAMEPxQ=",
      routeKey: route,
      stage: "$default",
      time: "28/Nov/2026:10:19:12 +0000",
      timeEpoch: 1795861152000,
    },
    body: Buffer.from(form, "utf-8").toString("base64"),
    isBase64Encoded: true,
  };
}

function write(name, e) {
  writeFileSync(new URL(name + ".json", import.meta.url), JSON.stringify(e, null, 2) + "\n");
}

const VOICE = "POST /twiml";
const ACTION = "POST /twiml/action";
write("voice-happy", event(VOICE, { params: voice }));
write("voice-unicode-caller", event(VOICE, { params: { ...voice, CallerName: "José & Müller <日本> \"😀\"" } }));
write("voice-with-query", event(VOICE, { params: voice, rawQuery: "source=tunnel&x=a%20b" }));
write("voice-bad-signature", event(VOICE, { params: voice, signature: "wrong" }));
write("voice-missing-signature", event(VOICE, { params: voice, signature: "none" }));
const { CallSid, ...noCallSid } = voice;
write("voice-missing-callsid", event(VOICE, { params: noCallSid }));
write("voice-malformed-body", event(VOICE, { params: voice, body: "CallSid=CA1&To=%zz&From=%E2%28" }));
write("voice-json-body", event(VOICE, { params: voice, body: JSON.stringify(voice), contentType: "application/json" }));
write("voice-unknown-number", event(VOICE, { params: { ...voice, To: "+15550009999", Called: "+15550009999" } }));
write("action-handoff", event(ACTION, { params: { ...action, SessionStatus: "ended",
  HandoffData: JSON.stringify({ action: "handoff", reason: "caller_request", summary: "Wants catering for 50 & a \"party\" <today>", language: "en-US" }) } }));
write("action-hangup", event(ACTION, { params: { ...action, SessionStatus: "ended",
  HandoffData: JSON.stringify({ action: "hangup", reason: "goodbye", summary: "Order placed", language: "en-US" }) } }));
write("action-dropped-socket", event(ACTION, { params: { ...action, SessionStatus: "failed", ErrorCode: "64105",
  ErrorMessage: "WebSocket connection ended" } }));
write("action-failed-other", event(ACTION, { params: { ...action, SessionStatus: "failed", ErrorCode: "64101",
  ErrorMessage: "Invalid ConversationRelay configuration" } }));
write("action-caller-hung-up", event(ACTION, { params: { ...action, CallStatus: "completed", SessionStatus: "completed" } }));
write("action-bad-signature", event(ACTION, { params: { ...action, SessionStatus: "ended" }, signature: "wrong" }));
