package dev.switchboard.wsmessage.llm;

/**
 * A chat model that streams its reply. The adapter is {@code OpenAiLlm} in the ws-message function (openai-java
 * is too heavy for the layer).
 */
public interface Llm {

    /**
     * Sends the request and returns the open stream; the request is on the wire when this returns. Returns or
     * throws within the request's {@link LlmRequest#timeLimit}, and the stream ends by then too.
     *
     * @throws LlmException when the model cannot be reached or refuses the request ({@link LlmException.Kind#TIMEOUT}
     *                      when the time limit ran out first)
     */
    LlmStream stream(LlmRequest request);
}
