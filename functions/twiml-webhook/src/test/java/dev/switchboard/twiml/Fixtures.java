package dev.switchboard.twiml;

import dev.switchboard.shared.aws.Secret;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.session.CallSessionStore;
import dev.switchboard.shared.session.ReconnectCounter;
import java.time.InstantSource;
import java.util.Optional;

/** Settings and use-case items shared by the handler tests; they match generate-events.mjs. */
final class Fixtures {

    static final String AUTH_TOKEN = "9f2c1e7b4a6d8c0e3b5a7d9f1c3e5a7b";
    static final String BASE_URL = "https://abc123.execute-api.us-east-1.amazonaws.com";
    static final String WS_URL = "wss://ws456.execute-api.us-east-1.amazonaws.com/prod";
    static final String CALL_SID = "CA00000000000000000000000000000001";
    static final String CALLED = "+15005550006";
    static final String CALLER = "+14155550123";
    static final String WORKFLOW = "WW0123456789abcdef0123456789abcdef";

    static final String PIZZA = """
            {
              "id": "pizza",
              "description": "Test pizzeria",
              "timeZone": "America/New_York",
              "systemPrompt": "You take pizza orders.",
              "relay": {"welcomeGreeting": "Hi! Tony & Maria's <Pizza>, \\"best\\" in town.",
                        "welcomeGreetingInterruptible": "any", "language": "en-US", "ttsProvider": "ElevenLabs",
                        "voice": "UgBBYS2sOqTuMpoF3BR0", "dtmfDetection": true, "interruptible": "speech",
                        "hints": "Margherita, Quattro Formaggi"},
              "languages": [{"code": "es-ES", "ttsProvider": "Google", "voice": "es-ES-Neural2-B"}],
              "parameters": {"brand": "Tony & Maria's"},
              "handoff": {"mode": "enqueue", "workflowSid": "WW0123456789abcdef0123456789abcdef",
                          "message": "Let me get someone from the shop for you."},
              "phrases": {"connectionLost": {"en-US": "Sorry, our line to the shop dropped.",
                                             "es-ES": "Perdón, se cortó nuestra línea con la tienda."}}
            }
            """;

    static final String ASSISTANT = """
            {"id": "assistant", "systemPrompt": "You help.",
             "relay": {"welcomeGreeting": "Hello from the assistant.", "language": "en-US"}}
            """;

    /** A console edit gone wrong, in DynamoDB JSON: a map where a string belongs, bad enum, numbers as strings. */
    static final String BROKEN_TYPED = """
            {
              "id": {"S": "pizza"},
              "systemPrompt": {"S": "You take pizza orders."},
              "relay": {"M": {
                "welcomeGreeting": {"S": "Hi there!"},
                "dtmfDetection": {"BOOL": true},
                "speechTimeout": {"N": "1500"},
                "voice": {"M": {"name": {"S": "Joanna"}}},
                "interruptible": {"S": "sometimes"},
                "welcomegreeting": {"S": "typo"}
              }},
              "languages": {"S": "es-ES"},
              "llm": {"M": {"temperature": {"S": "warm"}}},
              "limits": {"L": []},
              "handoff": {"M": {"mode": {"S": "enqueue"}}}
            }
            """;

    private Fixtures() {
    }

    static WebhookSettings settings() {
        return new WebhookSettings("switchboard-test", BASE_URL, WS_URL, Secret.of(AUTH_TOKEN), 2);
    }

    static FakeTable table() {
        return new FakeTable()
                .route(CALLED, "pizza")
                .route("default", "assistant")
                .put("USECASE#pizza", "CONFIG", PIZZA)
                .put("USECASE#assistant", "CONFIG", ASSISTANT);
    }

    /** The voice webhook's ports: settings, use cases, sessions, clock (it counts no reconnects, reads no language). */
    static WebhookPorts voicePorts(WebhookSettings settings, UseCaseStore useCases, CallSessionStore sessions,
                                   InstantSource clock) {
        return new WebhookPorts(settings, useCases, sessions, callSid -> Integer.MAX_VALUE,
                connectionId -> Optional.empty(), clock);
    }

    /** The action callback's ports (it reads no clock of its own). */
    static WebhookPorts actionPorts(WebhookSettings settings, UseCaseStore useCases, CallSessionStore sessions,
                                    ReconnectCounter reconnects, CallLanguages languages) {
        return new WebhookPorts(settings, useCases, sessions, reconnects, languages, InstantSource.system());
    }
}
