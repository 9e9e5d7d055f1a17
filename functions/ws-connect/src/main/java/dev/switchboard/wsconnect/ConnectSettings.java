package dev.switchboard.wsconnect;

import dev.switchboard.shared.Env;
import dev.switchboard.shared.aws.AwsClients;
import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.aws.Secrets;
import java.net.URI;

/**
 * {@code $connect}'s configuration, read once per container.
 *
 * @param websocketUrl {@code WEBSOCKET_URL}: the public {@code wss://} URL Twilio connects to and signs (API Gateway
 *                     reports {@code https} and may sit behind a custom domain, so the URL is configuration)
 * @param authToken    {@code TWILIO_AUTH_TOKEN} locally, else the Secrets Manager secret
 *                     {@code TWILIO_AUTH_TOKEN_SECRET_ARN}
 */
public record ConnectSettings(String websocketUrl, Secret authToken) {

    public ConnectSettings {
        URI url = URI.create(websocketUrl);
        if (!"wss".equals(url.getScheme()) && !"ws".equals(url.getScheme())) {
            throw new IllegalStateException("WEBSOCKET_URL must be a wss:// URL, got " + websocketUrl);
        }
        if (url.getRawQuery() != null) {
            throw new IllegalStateException("WEBSOCKET_URL must not have a query string (pass data as <Parameter>s)");
        }
    }

    public static ConnectSettings fromEnv(Env env, AwsClients aws) {
        return new ConnectSettings(env.require("WEBSOCKET_URL"), Secrets.resolve(env, "TWILIO_AUTH_TOKEN", aws));
    }
}
