package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UseCaseReaderTest {

    private static final String CLEAN = """
            {
              "id": "demo",
              "description": "Demo line",
              "timeZone": "America/New_York",
              "systemPrompt": "You are the demo agent. It is {{now}}.",
              "relay": {"welcomeGreeting": "Hi!", "language": "en-US", "dtmfDetection": "true",
                        "interruptible": "speech", "ttsProvider": "Google", "voice": "en-US-Journey-O"},
              "languages": [{"code": "es-US", "ttsProvider": "Google", "voice": "es-US-Neural2-A"}],
              "parameters": {"brand": "demo"},
              "llm": {"model": "gpt-4o-mini", "temperature": 0.2, "maxTokens": 300, "historyMessages": 20},
              "tools": [{"name": "lookup", "description": "Looks up", "function": "Lookup", "filler": "One moment.",
                         "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}],
              "dtmf": [{"key": "0", "action": "handoff"}, {"key": "1", "action": "say", "text": "We open at nine."},
                       {"key": "2", "action": "collect", "tool": "lookup", "maxDigits": 6, "sensitive": true}],
              "handoff": {"mode": "dial", "number": "+14155550100", "message": "Connecting you.", "afterFailures": 2},
              "limits": {"maxCallSeconds": 900, "maxTurns": 40, "maxToolSteps": 3},
              "speech": {"voiceSafe": true, "partialPrompts": false},
              "data": {"hours": {"mon": "9-17"}}
            }
            """;

    @Test
    void readsACleanUseCaseWithoutProblems() {
        LoadedUseCase loaded = read(CLEAN);

        assertThat(loaded.problems()).isEmpty();
        UseCase u = loaded.useCase();
        assertThat(u.id()).isEqualTo("demo");
        assertThat(u.timeZone()).isEqualTo("America/New_York");
        assertThat(u.relay()).containsEntry("dtmfDetection", "true").containsEntry("interruptible", "speech").hasSize(6);
        assertThat(u.languages()).containsExactly(new UseCase.LanguageOption("es-US",
                Map.of("ttsProvider", "Google", "voice", "es-US-Neural2-A")));
        assertThat(u.parameters()).containsExactlyEntriesOf(Map.of("brand", "demo"));
        assertThat(u.llm()).isEqualTo(new UseCase.LlmSettings("gpt-4o-mini", 0.2, 300, 20, 1500));
        assertThat(u.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("lookup");
            assertThat(t.function()).isEqualTo("Lookup");
            assertThat(t.filler()).isEqualTo("One moment.");
            assertThat(t.parameters()).containsEntry("type", "object").containsEntry("required", List.of("q"));
        });
        assertThat(u.dtmf()).extracting(UseCase.DtmfHandler::key).containsExactly("0", "1", "2");
        assertThat(u.dtmf().get(2)).isEqualTo(new UseCase.DtmfHandler("2", "collect", "", "lookup", 6, "#", 5000, true));
        assertThat(u.handoff()).isEqualTo(new UseCase.Handoff("dial", "", "+14155550100", "Connecting you.", 2));
        assertThat(u.limits()).isEqualTo(new UseCase.Limits(900, 40, 3));
        assertThat(u.data()).containsEntry("hours", Map.of("mon", "9-17"));
    }

    @Test
    void fallsBackToTheBuiltInUseCaseWhenTheDocumentIsNotAMap() {
        LoadedUseCase loaded = UseCaseReader.read("demo", Json.read("[1,2]"));

        assertThat(loaded.useCase()).isEqualTo(DefaultUseCase.useCase());
        assertProblem(loaded, "", "not a map");
    }

    @Test
    void usesDefaultsForEverythingMissingAndOnlyComplainsAboutThePrompt() {
        LoadedUseCase loaded = read("{}");

        UseCase d = DefaultUseCase.useCase();
        assertThat(loaded.problems()).singleElement().satisfies(p -> assertThat(p.attribute()).isEqualTo("systemPrompt"));
        assertThat(loaded.useCase().id()).isEqualTo("demo");
        assertThat(loaded.useCase().relay()).isEqualTo(d.relay());
        assertThat(loaded.useCase().llm()).isEqualTo(d.llm());
        assertThat(loaded.useCase().handoff()).isEqualTo(d.handoff());
        assertThat(loaded.useCase().limits()).isEqualTo(d.limits());
        assertThat(loaded.useCase().systemPrompt()).isEqualTo(d.systemPrompt());
    }

    @Test
    void reportsUnknownTopLevelAttributesButIgnoresKeyAttributes() {
        LoadedUseCase loaded = read("{\"pk\":\"USECASE#demo\",\"sk\":\"CONFIG\",\"systemPrompt\":\"p\",\"limit\":{}}");

        assertThat(loaded.problems()).singleElement().isEqualTo(new ConfigProblem("demo", "limit", "unknown attribute; ignored"));
    }

    @Test
    void keepsTheKeysIdWhenTheStoredIdDiffers() {
        LoadedUseCase loaded = read("{\"id\":\"other\",\"systemPrompt\":\"p\"}");

        assertThat(loaded.useCase().id()).isEqualTo("demo");
        assertProblem(loaded, "id", "does not match");
    }

    @Test
    void replacesAnUnknownTimeZoneWithUtc() {
        LoadedUseCase loaded = read("{\"timeZone\":\"Mars/Olympus\",\"systemPrompt\":\"p\"}");

        assertThat(loaded.useCase().timeZone()).isEqualTo("UTC");
        assertProblem(loaded, "timeZone", "'Mars/Olympus' is not an IANA time zone");
    }

    @Test
    void replacesAnEmptyPromptWithTheBuiltInOne() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"  \"}");

        assertThat(loaded.useCase().systemPrompt()).isEqualTo(DefaultUseCase.SYSTEM_PROMPT);
        assertProblem(loaded, "systemPrompt", "empty");
    }

    @Test
    void normalisesBooleansAndNumbersTypedWhereRelayExpectsStrings() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":{\"dtmfDetection\":true,\"speechTimeout\":5000,"
                + "\"eotThreshold\":0.70,\"preemptible\":false}}");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.useCase().relay()).containsExactlyInAnyOrderEntriesOf(Map.of("dtmfDetection", "true",
                "speechTimeout", "5000", "eotThreshold", "0.7", "preemptible", "false"));
    }

    @Test
    void dropsUnknownRelayAttributesInsteadOfEmittingThem() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":{\"welcomegreeting\":\"Hi\",\"language\":\"en-US\"}}");

        assertThat(loaded.useCase().relay()).containsOnlyKeys("language");
        assertProblem(loaded, "relay.welcomegreeting", "unknown attribute; not emitted");
    }

    @Test
    void refusesARelayUrlBecauseTheDeploymentSetsIt() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":{\"url\":\"wss://evil.example\"}}");

        assertThat(loaded.useCase().relay()).doesNotContainKey("url");
        assertProblem(loaded, "relay.url", "the deployment sets it (WEBSOCKET_URL)");
    }

    @Test
    void dropsRelayValuesTwilioWouldReject() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":{\"interruptible\":\"sometimes\","
                + "\"ttsProvider\":\"Polly\",\"dtmfDetection\":\"yes\",\"language\":\"english\",\"speechTimeout\":\"soon\","
                + "\"eotThreshold\":0.95,\"debug\":\"debugging everything\",\"voice\":{\"id\":1}}}");

        assertThat(loaded.useCase().relay()).isEmpty();
        assertProblem(loaded, "relay.interruptible", "'sometimes' is not one of none, dtmf, speech, any");
        assertProblem(loaded, "relay.ttsProvider", "'Polly' is not one of Google, Amazon, ElevenLabs");
        assertProblem(loaded, "relay.dtmfDetection", "'yes' is not one of true, false");
        assertProblem(loaded, "relay.language", "not a BCP-47 language tag");
        assertProblem(loaded, "relay.speechTimeout", "'soon' is not auto or 600-5000 milliseconds");
        assertProblem(loaded, "relay.eotThreshold", "0.95 is not a number from 0.5 to 0.9");
        assertProblem(loaded, "relay.debug", "'debugging everything' is not space-separated words");
        assertProblem(loaded, "relay.voice", "expected a string, found a map (M)");
    }

    @Test
    void acceptsProviderNamesAsDocumentedOrInLowerCase() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":{\"ttsProvider\":\"google\",\"transcriptionProvider\":\"deepgram\"}}");
        LoadedUseCase shouted = read("{\"systemPrompt\":\"p\",\"relay\":{\"ttsProvider\":\"GOOGLE\"}}");

        assertProblem(shouted, "relay.ttsProvider", "'GOOGLE' is not one of Google, Amazon, ElevenLabs");
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void acceptsSpeechTimeoutsTwilioTakesOnly() {
        LoadedUseCase ok = read("{\"systemPrompt\":\"p\",\"relay\":{\"speechTimeout\":600}}");
        LoadedUseCase top = read("{\"systemPrompt\":\"p\",\"relay\":{\"speechTimeout\":\"5000\"}}");
        LoadedUseCase auto = read("{\"systemPrompt\":\"p\",\"relay\":{\"speechTimeout\":\"auto\"}}");
        LoadedUseCase low = read("{\"systemPrompt\":\"p\",\"relay\":{\"speechTimeout\":599}}");
        LoadedUseCase high = read("{\"systemPrompt\":\"p\",\"relay\":{\"speechTimeout\":5001}}");

        assertThat(ok.useCase().relay()).containsEntry("speechTimeout", "600");
        assertThat(top.useCase().relay()).containsEntry("speechTimeout", "5000");
        assertThat(auto.useCase().relay()).containsEntry("speechTimeout", "auto");
        assertThat(low.useCase().relay()).doesNotContainKey("speechTimeout");
        assertProblem(low, "relay.speechTimeout", "599 is not auto or 600-5000 milliseconds");
        assertProblem(high, "relay.speechTimeout", "5001 is not auto or 600-5000 milliseconds");
    }

    @Test
    void dropsAProviderThatCannotServeMulti() {
        LoadedUseCase loaded = read("""
                {"systemPrompt": "p",
                 "relay": {"ttsLanguage": "multi", "ttsProvider": "Google",
                           "transcriptionLanguage": "multi", "transcriptionProvider": "deepgram"},
                 "languages": [{"code": "multi", "ttsProvider": "Amazon", "transcriptionProvider": "Google",
                                "voice": "v"},
                               {"code": "es-US", "ttsProvider": "Amazon", "transcriptionProvider": "Google"}]}
                """);

        assertThat(loaded.useCase().relay()).containsOnlyKeys("ttsLanguage", "transcriptionLanguage",
                "transcriptionProvider");
        assertProblem(loaded, "relay.ttsProvider", "'Google' is not ElevenLabs, which ttsLanguage multi needs");
        assertThat(loaded.useCase().languages()).containsExactly(
                new UseCase.LanguageOption("multi", Map.of("voice", "v")),
                new UseCase.LanguageOption("es-US", Map.of("ttsProvider", "Amazon", "transcriptionProvider", "Google")));
        assertProblem(loaded, "languages[0].ttsProvider", "'Amazon' is not ElevenLabs, which code multi needs");
        assertProblem(loaded, "languages[0].transcriptionProvider", "'Google' is not Deepgram, which code multi needs");
        assertThat(loaded.problems()).hasSize(3);
    }

    @Test
    void dropsBadLanguageEntriesOneByOne() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"languages\":[{\"voice\":\"x\"},{\"code\":\"es ES\"},"
                + "{\"code\":\"fr-FR\",\"tone\":\"warm\"},{\"code\":\"fr-FR\"},\"de-DE\"]}");

        assertThat(loaded.useCase().languages()).containsExactly(new UseCase.LanguageOption("fr-FR", Map.of()));
        assertProblem(loaded, "languages[0].code", "missing");
        assertProblem(loaded, "languages[1].code", "not a BCP-47");
        assertProblem(loaded, "languages[2].tone", "unknown attribute; not emitted");
        assertProblem(loaded, "languages[3].code", "listed twice");
        assertProblem(loaded, "languages[4]", "expected a map, found a string (S) 'de-DE'");
    }

    @Test
    void ignoresReservedAndNonScalarParameters() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"parameters\":{\"callSid\":\"x\",\"tier\":2,"
                + "\"nested\":{\"a\":1},\"bad name\":\"v\"}}");

        assertThat(loaded.useCase().parameters()).containsExactlyEntriesOf(Map.of("tier", "2"));
        assertProblem(loaded, "parameters.callSid", "reserved");
        assertProblem(loaded, "parameters.nested", "expected a string, a number or true or false, found a map (M)");
        assertProblem(loaded, "parameters.bad name", "parameter name");
    }

    @Test
    void fallsBackPerLlmSettingAndAcceptsNumbersTypedAsStrings() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"llm\":{\"model\":\"gpt-4o\",\"temperature\":\"0.3\","
                + "\"maxTokens\":\"lots\",\"historyMessages\":1.5,\"topP\":1}}");

        UseCase.LlmSettings d = DefaultUseCase.useCase().llm();
        assertThat(loaded.useCase().llm()).isEqualTo(new UseCase.LlmSettings("gpt-4o", 0.3, d.maxTokens(), d.historyMessages(), d.fillerAfterMs()));
        assertProblem(loaded, "llm.maxTokens", "expected a whole number, found a string (S) 'lots'; using " + d.maxTokens());
        assertProblem(loaded, "llm.historyMessages", "expected a whole number");
        assertProblem(loaded, "llm.topP", "unknown attribute");
    }

    @Test
    void rejectsAnOutOfRangeTemperature() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"llm\":{\"temperature\":3}}");

        assertThat(loaded.useCase().llm().temperature()).isEqualTo(DefaultUseCase.useCase().llm().temperature());
        assertProblem(loaded, "llm.temperature", "must be between 0 and 2, found 3");
    }

    @Test
    void dropsToolsThatCannotRun() {
        LoadedUseCase loaded = read("""
                {"systemPrompt":"p","tools":[
                  {"name":"ok","description":"d","function":"Fn"},
                  {"name":"no function","description":"d","function":"Fn"},
                  {"name":"nofn","description":"d"},
                  {"name":"nodesc","function":"Fn"},
                  {"name":"ok","description":"again","function":"Fn"},
                  {"name":"badparams","description":"d","function":"Fn","parameters":{"type":"string"}},
                  {"name":"listparams","description":"d","function":"Fn","parameters":[1]},
                  {"name":"fnblank","description":"d","function":" "}
                ]}
                """);

        assertThat(loaded.useCase().tools()).extracting(UseCase.ToolSpec::name).containsExactly("ok");
        assertThat(loaded.useCase().tools().get(0).parameters()).containsEntry("type", "object");
        assertProblem(loaded, "tools[1].name", "not 1-64 letters");
        assertProblem(loaded, "tools[2].function", "missing; tool dropped");
        assertProblem(loaded, "tools[3].description", "missing");
        assertProblem(loaded, "tools[4].name", "defined twice");
        assertProblem(loaded, "tools[5].parameters.type", "must be 'object', found 'string'");
        assertProblem(loaded, "tools[6].parameters", "expected a map, found a list (L)");
        assertProblem(loaded, "tools[7].function", "empty");
    }

    @Test
    void dropsDtmfHandlersThatCannotWorkAndAcceptsNumericKeys() {
        LoadedUseCase loaded = read("""
                {"systemPrompt":"p","dtmf":[
                  {"key":1,"action":"say","text":"Hours"},
                  {"key":"1","action":"handoff"},
                  {"key":"A","action":"handoff"},
                  {"key":"2","action":"dance"},
                  {"key":"3","action":"say"},
                  {"key":"4","action":"collect","tool":"missing"},
                  {"key":"5","action":"collect","terminator":"x","maxDigits":99}
                ]}
                """);

        assertThat(loaded.useCase().dtmf()).extracting(UseCase.DtmfHandler::key).containsExactly("1", "5");
        assertThat(loaded.useCase().dtmf().get(1).terminator()).isEqualTo("#");
        assertThat(loaded.useCase().dtmf().get(1).maxDigits()).isEqualTo(10);
        assertProblem(loaded, "dtmf[1].key", "has two handlers");
        assertProblem(loaded, "dtmf[2].key", "'A' is not one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, *, #");
        assertProblem(loaded, "dtmf[3].action", "'dance'");
        assertProblem(loaded, "dtmf[4].text", "needs the text");
        assertProblem(loaded, "dtmf[5].tool", "no tool named 'missing'");
        assertProblem(loaded, "dtmf[6].terminator", "using '#'");
        assertProblem(loaded, "dtmf[6].maxDigits", "between 1 and 32");
    }

    @Test
    void fallsBackToHangupWhenTheHandoffTargetIsMissingOrInvalid() {
        LoadedUseCase enqueue = read("{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"enqueue\",\"message\":\"Bye\"}}");
        LoadedUseCase dial = read("{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"dial\",\"number\":\"555-1234\"}}");
        LoadedUseCase mode = read("{\"systemPrompt\":\"p\",\"handoff\":{\"mode\":\"transfer\"}}");

        assertThat(enqueue.useCase().handoff().mode()).isEqualTo("hangup");
        assertThat(enqueue.useCase().handoff().message()).isEqualTo("Bye");
        assertProblem(enqueue, "handoff.workflowSid", "missing; mode enqueue falls back to hangup");
        assertThat(dial.useCase().handoff().mode()).isEqualTo("hangup");
        assertProblem(dial, "handoff.number", "'555-1234' is not an E.164 number");
        assertThat(mode.useCase().handoff().mode()).isEqualTo("hangup");
        assertProblem(mode, "handoff.mode", "'transfer' is not one of enqueue, dial, hangup");
    }

    @Test
    void fallsBackPerLimit() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"limits\":{\"maxCallSeconds\":0,\"maxTurns\":\"12\",\"maxToolSteps\":true}}");

        UseCase.Limits d = DefaultUseCase.useCase().limits();
        assertThat(loaded.useCase().limits()).isEqualTo(new UseCase.Limits(d.maxCallSeconds(), 12, d.maxToolSteps()));
        assertProblem(loaded, "limits.maxCallSeconds", "must be between 30 and 14400");
        assertProblem(loaded, "limits.maxToolSteps", "found a boolean (BOOL) true");
    }

    @Test
    void refusesANonHttpsHoldAudioUrlAndNonBooleanSwitches() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"speech\":{\"holdAudioUrl\":\"http://x/a.mp3\",\"voiceSafe\":\"no\"}}");

        assertThat(loaded.useCase().speech()).isEqualTo(DefaultUseCase.useCase().speech());
        assertProblem(loaded, "speech.holdAudioUrl", "not an https:// URL");
        assertProblem(loaded, "speech.voiceSafe", "expected true or false");
    }

    @Test
    void replacesWronglyTypedSectionsWithTheirDefaults() {
        LoadedUseCase loaded = read("{\"systemPrompt\":\"p\",\"relay\":\"welcome\",\"tools\":{\"a\":1},\"data\":[1],"
                + "\"llm\":\"gpt\",\"handoff\":null}");

        assertThat(loaded.useCase().relay()).isEmpty();
        assertThat(loaded.useCase().tools()).isEmpty();
        assertThat(loaded.useCase().data()).isEmpty();
        assertProblem(loaded, "relay", "expected a map, found a string (S) 'welcome'");
        assertProblem(loaded, "tools", "expected a list, found a map (M)");
        assertProblem(loaded, "data", "expected a map, found a list (L)");
        assertProblem(loaded, "llm", "expected a map");
        assertProblem(loaded, "handoff", "found a null (NULL)");
    }

    @Test
    void readsPhrasesPerLanguageAndFallsBackToThePrimaryLanguageThenEnglish() {
        LoadedUseCase loaded = read("""
                {"systemPrompt": "p", "phrases": {
                  "apology": {"en-US": "Sorry about that.", "es-US": "Perdón."},
                  "filler": {"es-US": "Un momento."}}}
                """);

        assertThat(loaded.problems()).isEmpty();
        Phrases phrases = loaded.useCase().phrases();
        assertThat(phrases.say(Phrases.Phrase.APOLOGY, "es-US")).isEqualTo("Perdón.");
        assertThat(phrases.say(Phrases.Phrase.APOLOGY, "es-MX")).isEqualTo("Perdón.");
        assertThat(phrases.say(Phrases.Phrase.APOLOGY, "en-GB")).isEqualTo("Sorry about that.");
        assertThat(phrases.say(Phrases.Phrase.FILLER, "en-US")).isEqualTo(Phrases.Phrase.FILLER.english());
        assertThat(phrases.say(Phrases.Phrase.FILLER, "fr-FR")).isEqualTo("Un momento.");
        assertThat(phrases.say(Phrases.Phrase.GOODBYE, "es-US")).isEqualTo(Phrases.Phrase.GOODBYE.english());
    }

    @Test
    void dropsUnknownPhrasesBadLanguageCodesAndEmptyTexts() {
        LoadedUseCase loaded = read("""
                {"systemPrompt": "p", "llm": {"fillerAfterMs": 100}, "phrases": {
                  "hello": {"en-US": "Hi"}, "apology": {"english": "Sorry", "es-US": " "}, "filler": "wait"}}
                """);

        assertProblem(loaded, "phrases.hello", "unknown attribute; ignored");
        assertProblem(loaded, "phrases.apology.english", "not a language code");
        assertProblem(loaded, "phrases.apology.es-US", "empty");
        assertProblem(loaded, "phrases.filler", "expected a map");
        assertProblem(loaded, "llm.fillerAfterMs", "100 is not 0 (never) or 300-10000; using 1500");
        assertThat(loaded.useCase().llm().fillerAfterMs()).isEqualTo(1500);
        assertThat(loaded.useCase().phrases().say(Phrases.Phrase.APOLOGY, "es-US"))
                .isEqualTo(Phrases.Phrase.APOLOGY.english());
    }

    private static LoadedUseCase read(String json) {
        return UseCaseReader.read("demo", Json.read(json));
    }

    private static void assertProblem(LoadedUseCase loaded, String attribute, String reasonPart) {
        assertThat(loaded.problems())
                .as("problems: %s", loaded.problems())
                .anySatisfy(p -> {
                    assertThat(p.useCaseId()).isEqualTo("demo");
                    assertThat(p.attribute()).isEqualTo(attribute);
                    assertThat(p.reason()).contains(reasonPart);
                });
    }
}
