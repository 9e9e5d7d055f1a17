package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.twilio.Twiml;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The edge every Twilio form webhook shares: read the form (400 when it cannot), check {@code X-Twilio-Signature}
 * against the public URL (403, before anything is stored), require a CallSid (400), then answer with TwiML (200).
 * An exception from the answer still gets TwiML (an apology), never a 5xx: Twilio would play its application-error
 * message.
 *
 * <p>A signature that does not match may have been made with a rotated auth token: the token is read again
 * ({@link Secret#refresh}, at most once a minute) and, when it changed, the signature is checked once more, so
 * rotating the token in Secrets Manager needs no redeploy.
 */
final class TwilioWebhook {

    private static final Pattern CALL_SID = Pattern.compile("[A-Za-z0-9]{2,64}");

    private final Secret authToken;
    private final String publicUrl;

    /** @param publicUrl the URL Twilio requests, as configured (public base URL + path), without query */
    TwilioWebhook(Secret authToken, String publicUrl) {
        this.authToken = authToken;
        this.publicUrl = publicUrl;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<Map<String, String>, String> answer) {
        Log.clear();
        FormRequest request;
        try {
            request = FormRequest.parse(event);
        } catch (FormRequest.MalformedException e) {
            Log.warn("webhook.rejected", "status", 400, "url", publicUrl, "reason", e.getMessage());
            return text(400, "Bad Request");
        }
        String url = request.rawQuery().isEmpty() ? publicUrl : publicUrl + "?" + request.rawQuery();
        boolean signed;
        try {
            signed = signedByTwilio(url, request);
        } catch (RuntimeException e) {
            // the auth token could not be read: nothing is stored or revealed, the caller hears an apology
            Log.error("webhook.failed", e, "reason", "auth token unavailable");
            return twiml(CallTwiml.apology("en-US"));
        }
        if (!signed) {
            Log.warn("webhook.rejected", "status", 403, "url", publicUrl,
                    "reason", request.signature().isEmpty() ? "missing signature" : "signature mismatch");
            return text(403, "Forbidden");
        }
        String callSid = request.params().getOrDefault("CallSid", "");
        if (!CALL_SID.matcher(callSid).matches()) {
            Log.warn("webhook.rejected", "status", 400, "url", publicUrl, "reason", "missing or invalid CallSid");
            return text(400, "Bad Request");
        }
        Log.put("callSid", callSid);
        String twiml;
        try {
            twiml = answer.apply(request.params());
        } catch (RuntimeException e) {
            Log.error("webhook.failed", e);
            twiml = CallTwiml.apology("en-US");
        }
        return twiml(twiml);
    }

    private boolean signedByTwilio(String url, FormRequest request) {
        if (request.signature().isEmpty()) {
            return false;
        }
        if (new TwilioSignature(authToken.value()).isValid(url, request.params(), request.signature())) {
            return true;
        }
        if (authToken.refresh() && new TwilioSignature(authToken.value()).isValid(url, request.params(),
                request.signature())) {
            Log.info("webhook.auth_token_rotated");
            return true;
        }
        return false;
    }

    private static APIGatewayV2HTTPResponse twiml(String twiml) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", Twiml.CONTENT_TYPE))
                .withBody(twiml)
                .withIsBase64Encoded(false)
                .build();
    }

    private static APIGatewayV2HTTPResponse text(int status, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
