package dev.switchboard.twiml;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Twilio form webhook as API Gateway (HTTP API, payload 2.0) delivers it: the decoded form parameters, the
 * {@code X-Twilio-Signature} header and the raw query string. Absent header or query read as empty strings.
 */
record FormRequest(Map<String, String> params, String signature, String rawQuery) {

    FormRequest {
        params = Map.copyOf(params);
    }

    /** Why a request could not be read; its message is logged, never returned to the caller. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    static FormRequest parse(APIGatewayV2HTTPEvent event) throws MalformedException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        String contentType = headers.getOrDefault("content-type", "application/x-www-form-urlencoded");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new MalformedException("content type " + contentType + " is not a form");
        }
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.getIsBase64Encoded()) {
            try {
                body = strictUtf8(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new MalformedException("body is not valid Base64");
            }
        }
        return new FormRequest(form(body), headers.getOrDefault("x-twilio-signature", ""),
                event.getRawQueryString() == null ? "" : event.getRawQueryString());
    }

    private static Map<String, String> form(String body) throws MalformedException {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                throw new MalformedException("parameter " + name + " appears twice");
            }
        }
        return params;
    }

    /** Decodes one form-encoded component: {@code +} is a space, {@code %XX} a byte, bytes must be UTF-8. */
    private static String decode(String component) throws MalformedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= component.length()) {
                    throw new MalformedException("truncated percent escape");
                }
                int hi = Character.digit(component.charAt(i + 1), 16);
                int lo = Character.digit(component.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedException("invalid percent escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int codePoint = component.codePointAt(i);
                byte[] raw = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    private static String strictUtf8(byte[] bytes) throws MalformedException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("body is not UTF-8");
        }
    }
}
