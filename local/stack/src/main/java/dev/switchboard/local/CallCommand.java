package dev.switchboard.local;

import dev.switchboard.local.caller.ConversationFile;
import dev.switchboard.local.caller.ConversationRunner;
import dev.switchboard.local.caller.InteractiveCall;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.model.Durations;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.local.stack.RepoRoot;
import dev.switchboard.shared.Env;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./switchboard call}: a simulated Twilio call against a running stack, local ({@code dev --headless}) or
 * deployed: interactive in the terminal, or from a conversation file that checks the agent's answers.
 */
public final class CallCommand implements Command {

    static final String DEFAULT_URL = "http://127.0.0.1:8080/twiml";
    static final String DEFAULT_FROM = "+14155550123";

    static final String USAGE = """
            Usage: ./switchboard call [options]

              --url URL           the voice webhook URL, exactly as configured in Twilio (default %s,
                                  the stack of './switchboard dev --headless --port 8080'); a deployed stack's
                                  VoiceWebhookUrl output works too
              --auth-token TOKEN  the Twilio auth token to sign with (default: $TWILIO_AUTH_TOKEN, else the local
                                  stack's default '%s')
              --use-case ID       call the number of this use case (from configs/); or
              --to NUMBER         the number called (default: the restaurant's number)
              --from NUMBER       the caller's number (default %s, a caller profile in configs/callers.json)
              --file FILE         play a conversation file instead of typing, check its expectations, and exit
                                  non-zero when one fails
              --settle DURATION   quiet time that ends a reply in --file mode (default 300ms local, 2s deployed)
            """.formatted(DEFAULT_URL, LocalStack.DEFAULT_AUTH_TOKEN, DEFAULT_FROM);

    private final Env env;

    public CallCommand() {
        this(Env.system());
    }

    CallCommand(Env env) {
        this.env = env;
    }

    @Override
    public String summary() {
        return "a simulated Twilio call against a local or deployed stack (interactive, or --file conversation.yaml)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        try {
            Options options = Options.parse(args, Set.of("--url", "--auth-token", "--use-case", "--to", "--from",
                    "--file", "--settle"), Set.of());
            Path root = RepoRoot.find();
            String url = options.value("--url").orElse(DEFAULT_URL);
            String token = options.value("--auth-token").or(() -> env.get("TWILIO_AUTH_TOKEN"))
                    .orElse(LocalStack.DEFAULT_AUTH_TOKEN);
            Optional<ConversationFile> conversation = options.value("--file").map(f -> ConversationFile.read(Path.of(f)));
            String to = UseCaseNumbers.to(options.value("--to").or(() -> conversation.flatMap(ConversationFile::to)),
                    root.resolve("configs"), options.value("--use-case")
                            .or(() -> conversation.flatMap(ConversationFile::useCase)).orElse("restaurant"));
            String from = options.value("--from").or(() -> conversation.flatMap(ConversationFile::from)).orElse(DEFAULT_FROM);
            SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(url, token, from, to));
            if (conversation.isPresent()) {
                Optional<Duration> settle = options.value("--settle").map(Durations::parse);
                ConversationRunner.Result result = new ConversationRunner(out, settle.orElse(Duration.ofMillis(300)),
                        settle.orElse(Duration.ofSeconds(2))).run(conversation.get(), caller);
                result.failures().forEach(f -> err.println("FAILED " + f));
                return result.ok() ? 0 : 1;
            }
            out.println("Calling " + to + " from " + from + " through " + url);
            return new InteractiveCall(caller, out).run();
        } catch (java.io.UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Options.UsageException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
