package dev.switchboard.shared.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64(HMAC-SHA1(authToken, url + each POST parameter's
 * name and value, sorted by name)). For the ConversationRelay WebSocket upgrade the URL is the {@code wss://} URL
 * and there are no parameters.
 */
public final class TwilioSignature {

    private final byte[] authToken;

    public TwilioSignature(String authToken) {
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("Twilio auth token is not configured");
        }
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * Checks a signature in constant time. Like Twilio's helper libraries it also accepts the URL with or without
     * the scheme's default port, since proxies add or drop it.
     */
    public boolean isValid(String url, Map<String, String> params, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (String candidate : UrlVariants.withAndWithoutDefaultPort(url)) {
            valid |= MessageDigest.isEqual(sign(candidate, params).getBytes(StandardCharsets.UTF_8), given);
        }
        return valid;
    }
}
