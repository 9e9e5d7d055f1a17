package dev.switchboard.twiml;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.aws.Secrets;
import java.net.URI;

/**
 * The webhook's configuration, read once per container.
 *
 * @param tableName     {@code TABLE_NAME}
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}: the public base of the HTTP API as Twilio sees it (no trailing
 *                      slash); the voice webhook is {@code /twiml} under it, the action callback {@code /twiml/action}
 * @param websocketUrl  {@code WEBSOCKET_URL}: the {@code wss://} URL put in TwiML (no query string)
 * @param authToken     the Twilio auth token ({@code TWILIO_AUTH_TOKEN} locally, the Secrets Manager secret named by
 *                      {@code TWILIO_AUTH_TOKEN_SECRET_ARN} when deployed)
 * @param maxReconnects how often one call may get a fresh ConversationRelay session after its socket dropped
 *                      ({@code MAX_RECONNECTS}, default 2)
 */
public record WebhookSettings(String tableName, String publicBaseUrl, String websocketUrl, Secret authToken,
                              int maxReconnects) {

    public static final String VOICE_PATH = "/twiml";
    public static final String ACTION_PATH = "/twiml/action";

    public WebhookSettings {
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        URI base = URI.create(publicBaseUrl);
        if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
            throw new IllegalStateException("PUBLIC_BASE_URL must be an http(s) URL, got " + publicBaseUrl);
        }
        URI ws = URI.create(websocketUrl);
        if (!"wss".equals(ws.getScheme()) && !"ws".equals(ws.getScheme())) {
            throw new IllegalStateException("WEBSOCKET_URL must be a wss:// URL, got " + websocketUrl);
        }
        if (ws.getRawQuery() != null) {
            throw new IllegalStateException("WEBSOCKET_URL must not have a query string (Twilio signs the upgrade URL;"
                    + " pass data as <Parameter>s)");
        }
        if (maxReconnects < 0) {
            throw new IllegalStateException("MAX_RECONNECTS must not be negative");
        }
    }

    public static WebhookSettings fromEnv(Env env) {
        return fromEnv(env, AwsClients.from(env));
    }

    /** The auth token from {@code TWILIO_AUTH_TOKEN} locally, from {@code TWILIO_AUTH_TOKEN_SECRET_ARN} when deployed. */
    public static WebhookSettings fromEnv(Env env, AwsClients aws) {
        return new WebhookSettings(env.require("TABLE_NAME"), env.require("PUBLIC_BASE_URL"),
                env.require("WEBSOCKET_URL"), Secrets.resolve(env, "TWILIO_AUTH_TOKEN", aws),
                env.getInt("MAX_RECONNECTS", 2));
    }

    public String voiceUrl() {
        return publicBaseUrl + VOICE_PATH;
    }

    public String actionUrl() {
        return publicBaseUrl + ACTION_PATH;
    }
}
