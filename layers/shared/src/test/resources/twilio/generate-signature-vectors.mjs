// Generates signature-vectors.json with Twilio's own helper library (npm `twilio`), run once:
//   cd /tmp && npm install twilio
//   NODE_PATH=/tmp/node_modules node generate-signature-vectors.mjs > signature-vectors.json
// Each vector: the auth token, the URL Twilio requested, the form params, the signature that
// getExpectedTwilioSignature computes, and what validateRequest answers for `validateUrl` + `header`.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { getExpectedTwilioSignature, validateRequest } = require("twilio/lib/webhooks/webhooks");

const token = "9f2c1e7b4a6d8c0e3b5a7d9f1c3e5a7b";
const otherToken = "0000000000000000ffffffffffffffff";
const base = "https://abc123.execute-api.us-east-1.amazonaws.com";
const voice = {
  AccountSid: "AC00000000000000000000000000000001",
  ApiVersion: "2010-04-01",
  CallSid: "CA00000000000000000000000000000001",
  CallStatus: "ringing",
  Called: "+15005550006",
  Caller: "+14155550123",
  Direction: "inbound",
  From: "+14155550123",
  FromCity: "SAN FRANCISCO",
  FromCountry: "US",
  To: "+15005550006",
};

const cases = [];
function add(name, url, params, opts = {}) {
  const signedUrl = opts.signedUrl ?? url;
  const signature = getExpectedTwilioSignature(opts.signToken ?? token, signedUrl, params);
  const header = opts.header ?? signature;
  const validateParams = opts.validateParams ?? params;
  cases.push({
    name,
    authToken: token,
    url: signedUrl,
    params,
    signature: getExpectedTwilioSignature(token, signedUrl, params),
    validateUrl: url,
    validateParams,
    header,
    valid: validateRequest(token, header, url, validateParams),
  });
}

add("voice webhook", base + "/twiml", voice);
add("unicode caller name", base + "/twiml", { ...voice, CallerName: "José Müller 日本語 😀" });
add("ampersand, spaces, equals and plus in values", base + "/twiml",
    { ...voice, CallerName: "Tom & Jerry = friends + more", Digits: "1 2#*", Note: "a%20b <c> \"q\" 'x'" });
add("query string in the URL", base + "/twiml?useCase=restaurant&lang=es-ES&x=a%20b", voice);
add("websocket upgrade: wss URL and no params", "wss://ws456.execute-api.us-east-1.amazonaws.com/prod", {});
add("connect action callback with HandoffData", base + "/twiml/action", {
  AccountSid: voice.AccountSid, CallSid: voice.CallSid, CallStatus: "in-progress", From: voice.From, To: voice.To,
  SessionId: "VX00000000000000000000000000000001", SessionStatus: "ended", SessionDuration: "42",
  HandoffData: JSON.stringify({ action: "handoff", reason: "caller_request", summary: "Catering & big orders <50+>", language: "en-US" }),
});
add("empty parameter value", base + "/twiml", { ...voice, ForwardedFrom: "" });
add("signed with :443, requested without port", base + "/twiml", voice,
    { signedUrl: "https://abc123.execute-api.us-east-1.amazonaws.com:443/twiml" });
add("wrong auth token", base + "/twiml", voice, { header: getExpectedTwilioSignature(otherToken, base + "/twiml", voice) });
add("tampered parameter", base + "/twiml", voice, { validateParams: { ...voice, To: "+15005550007" } });
add("missing parameter", base + "/twiml", voice, { validateParams: Object.fromEntries(Object.entries(voice).filter(([k]) => k !== "FromCity")) });
add("different path", base + "/twiml", voice, { header: getExpectedTwilioSignature(token, base + "/twiml/action", voice) });
add("http instead of https", base + "/twiml", voice, { header: getExpectedTwilioSignature(token, "http://abc123.execute-api.us-east-1.amazonaws.com/twiml", voice) });

console.log(JSON.stringify({ generator: "npm twilio " + require("twilio/package.json").version, vectors: cases }, null, 2));
