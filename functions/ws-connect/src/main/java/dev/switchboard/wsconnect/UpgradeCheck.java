package dev.switchboard.wsconnect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.twilio.TwilioSignature;
import java.util.List;
import java.util.Map;

/**
 * Whether a WebSocket upgrade comes from Twilio: {@code X-Twilio-Signature} must be Twilio's signature of the
 * configured {@code wss://} URL with no parameters. A mismatch re-reads the auth token once ({@link Secret#refresh},
 * at most once a minute) and checks again when it changed, so rotating the token needs no redeploy.
 */
final class UpgradeCheck {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private final Secret authToken;
    private final String websocketUrl;

    UpgradeCheck(Secret authToken, String websocketUrl) {
        this.authToken = authToken;
        this.websocketUrl = websocketUrl;
    }

    /** 200 to accept the upgrade, 403 to refuse it (logged with the reason). */
    int status(APIGatewayV2WebSocketEvent event) {
        String given = header(event, SIGNATURE_HEADER);
        if (given.isEmpty()) {
            Log.warn("connect.rejected", "reason", "missing signature");
            return 403;
        }
        if (!signed(given)) {
            Log.warn("connect.rejected", "reason", "bad signature");
            return 403;
        }
        Log.info("connect.accepted");
        return 200;
    }

    private boolean signed(String given) {
        if (new TwilioSignature(authToken.value()).isValid(websocketUrl, Map.of(), given)) {
            return true;
        }
        if (authToken.refresh() && new TwilioSignature(authToken.value()).isValid(websocketUrl, Map.of(), given)) {
            Log.info("connect.auth_token_rotated");
            return true;
        }
        return false;
    }

    /** Header lookup ignoring case; API Gateway passes headers as the client wrote them. */
    private static String header(APIGatewayV2WebSocketEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> h : event.getHeaders().entrySet()) {
                if (name.equalsIgnoreCase(h.getKey()) && h.getValue() != null) {
                    return h.getValue().trim();
                }
            }
        }
        if (event.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> h : event.getMultiValueHeaders().entrySet()) {
                if (name.equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                    return h.getValue().getFirst().trim();
                }
            }
        }
        return "";
    }
}
