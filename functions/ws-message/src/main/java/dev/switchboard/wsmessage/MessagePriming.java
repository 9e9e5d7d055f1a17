package dev.switchboard.wsmessage;

import dev.switchboard.shared.llm.LlmMessage;
import dev.switchboard.shared.llm.LlmRequest;
import dev.switchboard.shared.llm.ToolCall;
import dev.switchboard.shared.llm.ToolDefinition;
import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.relay.OutboundMessage;
import dev.switchboard.shared.relay.RelayProtocol;
import dev.switchboard.shared.relay.SpeechChunker;
import dev.switchboard.shared.relay.VoiceSafeText;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, runs the per-frame code paths that need no network (frame parsing and
 * writing, speech cleaning and chunking, building an openai-java request with tools and history) so their classes
 * are loaded and initialised in the snapshot instead of on the first call's critical path.
 */
final class MessagePriming implements Resource {

    private static final List<String> FRAMES = List.of(
            "{\"type\":\"setup\",\"callSid\":\"CA0\",\"from\":\"+10000000000\",\"customParameters\":{\"callSid\":\"CA0\"}}",
            "{\"type\":\"prompt\",\"voicePrompt\":\"hello\",\"lang\":\"en-US\",\"last\":true}",
            "{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"hi\",\"durationUntilInterruptMs\":\"10\"}",
            "{\"type\":\"dtmf\",\"digit\":\"1\"}", "{\"type\":\"info\",\"name\":\"agentSpeaking\",\"value\":\"on\"}",
            "{\"type\":\"error\",\"description\":\"x\"}", "{not json");

    private final OpenAiLlm llm;

    MessagePriming(OpenAiLlm llm) {
        this.llm = llm;
    }

    /** Registers the hook; a JVM without CRaC (tests, local) ignores it. */
    static void register(OpenAiLlm llm) {
        Core.getGlobalContext().register(new MessagePriming(llm));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        FRAMES.forEach(RelayProtocol::parse);
        RelayProtocol.write(OutboundMessage.Text.last("ready"));
        RelayProtocol.write(new OutboundMessage.End("{}"));
        SpeechChunker chunker = new SpeechChunker();
        chunker.accept(VoiceSafeText.clean("**Hello** there, see https://example.com e.g. now. "));
        chunker.finish();
        llm.params(new LlmRequest("", 0.2, 50, List.of(new LlmMessage.System("s"), new LlmMessage.User("u"),
                new LlmMessage.Assistant("", List.of(new ToolCall("c", "t", "{}"))), new LlmMessage.ToolResult("c", "{}")),
                List.of(new ToolDefinition("t", "d", Map.of("type", "object", "properties", Map.of())))));
        Log.info("snapstart.primed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: SDK and OkHttp clients re-establish connections on their own
    }
}
