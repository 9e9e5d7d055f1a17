package dev.switchboard.shared.snapstart;

import dev.switchboard.shared.config.ConfigKeys;
import dev.switchboard.shared.config.DynamoItems;
import dev.switchboard.shared.config.LoadedUseCase;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.config.UseCaseStore;
import dev.switchboard.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-memory samples the priming steps run on: a use-case item shaped like a real one (relay attributes, a second
 * language, parameters, a tool with a JSON Schema, keypad handlers, an enqueue handoff, data), held as the
 * DynamoDB item a {@code GetItem} would return, so that parsing it runs the same code as a real config load.
 * Fixed values only: nothing here depends on the time, the environment or chance.
 */
public final class PrimingSamples {

    public static final String USE_CASE_ID = "snapstart-priming";
    public static final String CALL_SID = "CA00000000000000000000000000000000";
    public static final String CALLER = "+15550000000";
    public static final String CALLED = "+15550000001";
    public static final String TOOL = "check_order";

    private static final String USE_CASE = """
            {
              "id": "snapstart-priming",
              "description": "SnapStart priming sample",
              "timeZone": "America/New_York",
              "systemPrompt": "You help {{callerName}} at {{time}} on {{date}} in {{language}}. Menu: {{data.menu}}",
              "relay": {"welcomeGreeting": "Hello!", "language": "en-US", "ttsProvider": "Google",
                        "voice": "en-US-Journey-O", "interruptible": "any", "dtmfDetection": "true",
                        "hints": "pickup, delivery"},
              "languages": [{"code": "es-US", "ttsProvider": "Google", "voice": "es-US-Neural2-A"}],
              "parameters": {"tenant": "priming"},
              "llm": {"model": "", "temperature": 0.3, "maxTokens": 200, "historyMessages": 20},
              "tools": [{
                "name": "check_order", "description": "Look up an order", "function": "Priming",
                "filler": "One moment.",
                "parameters": {
                  "type": "object",
                  "properties": {
                    "orderNumber": {"type": "string", "pattern": "^[0-9]{6}$"},
                    "items": {"type": "array", "minItems": 1, "items": {"type": "object",
                      "properties": {"item": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}},
                      "required": ["item"], "additionalProperties": false}},
                    "fulfillment": {"type": "string", "enum": ["pickup", "delivery"]}
                  },
                  "required": ["orderNumber"],
                  "additionalProperties": false
                }
              }],
              "dtmf": [{"key": "0", "action": "handoff"},
                       {"key": "1", "action": "collect", "tool": "check_order", "maxDigits": 6, "terminator": "#"}],
              "handoff": {"mode": "enqueue", "workflowSid": "WW00000000000000000000000000000000",
                          "message": "Connecting you.", "afterFailures": 3},
              "limits": {"maxCallSeconds": 900, "maxTurns": 60, "maxToolSteps": 4},
              "speech": {"voiceSafe": true, "partialPrompts": false, "holdAudioUrl": ""},
              "data": {"menu": [{"id": "margherita", "price": 12.5}], "taxRate": 0.08875}
            }
            """;

    private PrimingSamples() {
    }

    /** The use case as the {@code USECASE#…/CONFIG} item a {@code GetItem} returns. */
    public static Map<String, AttributeValue> useCaseItem() {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ConfigKeys.useCase(USE_CASE_ID));
        item.putAll(DynamoItems.toItem(Json.read(USE_CASE)));
        return item;
    }

    /** The sample item parsed exactly as a config load parses it. */
    public static LoadedUseCase useCase() {
        return UseCaseReader.read(USE_CASE_ID, DynamoItems.toJson(useCaseItem()));
    }

    /** A store that answers every number and id with the {@linkplain #useCase() sample}, parsed on each load. */
    public static UseCaseStore useCases() {
        return new UseCaseStore() {
            @Override
            public LoadedUseCase load(String useCaseId) {
                return useCase();
            }

            @Override
            public String useCaseIdFor(String calledNumber) {
                return USE_CASE_ID;
            }
        };
    }
}
