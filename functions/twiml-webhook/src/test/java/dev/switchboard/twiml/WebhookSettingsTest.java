package dev.switchboard.twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    private final Map<String, String> env = new HashMap<>(Map.of(
            "TABLE_NAME", "switchboard",
            "PUBLIC_BASE_URL", "https://calls.example.com/",
            "WEBSOCKET_URL", "wss://ws.example.com/prod",
            "TWILIO_AUTH_TOKEN", "token"));

    @Test
    void derivesTheWebhookAndActionUrlsFromThePublicBaseUrl() {
        WebhookSettings settings = WebhookSettings.fromEnv(Env.of(env));

        assertThat(settings.voiceUrl()).isEqualTo("https://calls.example.com/twiml");
        assertThat(settings.actionUrl()).isEqualTo("https://calls.example.com/twiml/action");
        assertThat(settings.authToken().value()).isEqualTo("token");
        assertThat(settings.maxReconnects()).isEqualTo(2);
    }

    @Test
    void refusesAWebSocketUrlWithAQueryString() {
        env.put("WEBSOCKET_URL", "wss://ws.example.com/prod?cid=1");

        assertThatThrownBy(() -> WebhookSettings.fromEnv(Env.of(env))).hasMessageContaining("query string");
    }

    @Test
    void refusesAnHttpsWebSocketUrl() {
        env.put("WEBSOCKET_URL", "https://ws.example.com/prod");

        assertThatThrownBy(() -> WebhookSettings.fromEnv(Env.of(env))).hasMessageContaining("wss://");
    }

    @Test
    void namesTheMissingVariable() {
        env.remove("TWILIO_AUTH_TOKEN");

        assertThatThrownBy(() -> WebhookSettings.fromEnv(Env.of(env))).hasMessageContaining("TWILIO_AUTH_TOKEN");
    }

    @Test
    void readsTheReconnectLimit() {
        env.put("MAX_RECONNECTS", "0");

        assertThat(WebhookSettings.fromEnv(Env.of(env)).maxReconnects()).isZero();
    }
}
