package dev.switchboard.tools.restaurant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.log.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Texts through Twilio's Messages REST API: {@code POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}
 * with form fields {@code To}, {@code From}, {@code Body} and HTTP basic auth (account SID, auth token).
 * The auth token comes from its {@link Secret} (Secrets Manager when deployed). Timeouts stay well inside the
 * tool's Lambda timeout. The one retry: after a 401 the token is read again ({@link Secret#refresh}, at most once a
 * minute) and, when it changed, the message is sent once more (a 401 sent nothing); nothing else is retried (a
 * retry after a lost answer could text the caller twice).
 */
final class TwilioSmsSender implements SmsSender {

    static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    private final HttpClient http;
    private final URI messagesUri;
    private final String accountSid;
    private final String fromNumber;
    private final Secret authToken;

    TwilioSmsSender(String baseUrl, String accountSid, String fromNumber, Secret authToken) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.messagesUri = URI.create(base + "/2010-04-01/Accounts/" + accountSid + "/Messages.json");
        this.accountSid = accountSid;
        this.fromNumber = fromNumber;
        this.authToken = authToken;
    }

    @Override
    public SmsReceipt send(String to, String body) {
        String form = "To=" + encode(to) + "&From=" + encode(fromNumber) + "&Body=" + encode(body);
        HttpResponse<String> response = post(form);
        if (response.statusCode() == 401 && refreshedToken()) {
            Log.info("sms.auth_token_rotated");
            response = post(form);
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new SmsReceipt(json.path("sid").asText(""), json.path("status").asText(""));
        }
        int code = json.path("code").asInt(0);
        String message = json.path("message").asText("HTTP " + status);
        SmsException.Kind kind = status == 401 || status == 403 ? SmsException.Kind.UNAUTHORIZED
                : status == 429 || status >= 500 ? SmsException.Kind.UNAVAILABLE
                : SmsException.Kind.REJECTED;
        throw new SmsException(kind, status, code, message);
    }

    private HttpResponse<String> post(String form) {
        HttpRequest request = HttpRequest.newBuilder(messagesUri)
                .timeout(Duration.ofSeconds(8))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((accountSid + ":" + token()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "Twilio did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "interrupted while texting", e);
        }
    }

    private String token() {
        try {
            return authToken.value();
        } catch (RuntimeException e) {
            throw new SmsException(SmsException.Kind.UNAVAILABLE, "cannot read the Twilio auth token: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private boolean refreshedToken() {
        try {
            return authToken.refresh();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Json.read(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return Json.object();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
