package dev.switchboard.local;

import dev.switchboard.local.caller.InteractiveCall;
import dev.switchboard.local.caller.SimulatedCaller;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.local.stack.RepoRoot;
import dev.switchboard.local.stack.StackListener;
import dev.switchboard.local.stack.ToolCallRecord;
import dev.switchboard.shared.Env;
import dev.switchboard.shared.log.Log;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./switchboard dev}: the local stack and a simulated call in the terminal; {@code --headless} runs only the
 * stack and prints one line {@code READY <voice webhook url>} once it accepts calls.
 */
public final class DevCommand implements Command {

    static final String USAGE = """
            Usage: ./switchboard dev [options]

              --headless            run only the stack (no call in the terminal); prints one line
                                    'READY <voice webhook url>' on standard output once it accepts calls, logs on
                                    standard error, and runs until stopped (Ctrl-C)
              --port N              the HTTP port for the voice webhook (default 8080 with --headless, else a free one)
              --ws-port N           the WebSocket port (default: a free one)
              --use-case ID         the use case the terminal call reaches (default restaurant)
              --to NUMBER           call this number instead
              --from NUMBER         the caller's number (default %s)
              --script FILE|DIR     the scripted model's script, or a directory of them (default local/scripts: each
                                    conversation gets the script whose 'system' regex matches its system prompt)
              --configs DIR         use cases and callers to load (default configs/, prompts from its sibling prompts/)
              --public-url URL      the https base Twilio reaches through a tunnel (e.g. https://abc.ngrok.app);
                                    signatures are checked against it
              --public-ws-url URL   the wss URL put in TwiML through a tunnel (e.g. wss://def.ngrok.app/)
              --verbose             handler logs on the terminal instead of local/.data/dev.log

            The model is OpenAI when OPENAI_API_KEY is set (OPENAI_BASE_URL and OPENAI_MODEL override the endpoint
            and model), otherwise the scripted model. TWILIO_AUTH_TOKEN sets the token signatures are checked with
            (default '%s').
            """.formatted(CallCommand.DEFAULT_FROM, LocalStack.DEFAULT_AUTH_TOKEN);

    private final Env env;

    public DevCommand() {
        this(Env.system());
    }

    DevCommand(Env env) {
        this.env = env;
    }

    @Override
    public String summary() {
        return "the local stack and a simulated call in the terminal (--headless: only the stack)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args, Set.of("--port", "--ws-port", "--use-case", "--to", "--from", "--script",
                    "--configs", "--public-url", "--public-ws-url"), Set.of("--headless", "--verbose"));
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        boolean headless = options.flag("--headless");
        Path root = RepoRoot.find();
        String useCase = options.value("--use-case").orElse("restaurant");
        LocalStack.Builder builder = LocalStack.builder().repoRoot(root).hostEnvironment(env);
        try {
            builder.port(options.intValue("--port", headless ? 8080 : 0));
            builder.webSocketPort(options.intValue("--ws-port", 0));
            Optional<Path> script = options.value("--script").map(Path::of);
            if (script.isPresent() && Files.isDirectory(script.get())) {
                builder.modelScripts(script.get());
            } else if (script.isPresent()) {
                builder.modelScript(script.get());
            }
            options.value("--configs").map(Path::of).ifPresent(builder::configs);
            options.value("--public-url").ifPresent(builder::publicBaseUrl);
            options.value("--public-ws-url").ifPresent(builder::publicWebSocketUrl);
        } catch (Options.UsageException | IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }

        PrintStream terminal = out;
        try {
            if (headless) {
                System.setOut(err);
                Log.redirect(err);
            } else if (!options.flag("--verbose")) {
                Path logFile = root.resolve("local/.data/dev.log");
                Files.createDirectories(logFile.getParent());
                PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
                System.setOut(log);
                Log.redirect(log);
                terminal.println("Handler logs: " + root.relativize(logFile));
            }
        } catch (IOException e) {
            err.println("cannot open the log file: " + e.getMessage());
            return 1;
        }

        LocalStack stack;
        try {
            stack = builder.start();
        } catch (RuntimeException e) {
            err.println("The local stack did not start: " + e.getMessage());
            return 1;
        }
        try {
            if (headless) {
                return headless(stack, terminal, err);
            }
            return interactive(stack, options, useCase, root, terminal);
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            return 2;
        } finally {
            stack.close();
        }
    }

    private int headless(LocalStack stack, PrintStream terminal, PrintStream err) {
        describe(stack, err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }));
        terminal.println("READY " + stack.voiceWebhookUrl());
        terminal.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int interactive(LocalStack stack, Options options, String useCase, Path root, PrintStream terminal)
            throws Options.UsageException {
        describe(stack, terminal);
        String to = UseCaseNumbers.to(options.value("--to"),
                options.value("--configs").map(Path::of).orElse(root.resolve("configs")), useCase);
        String from = options.value("--from").orElse(CallCommand.DEFAULT_FROM);
        terminal.println("Calling " + to + " (" + useCase + ") from " + from + ". " + "Type /help for commands.");
        terminal.println();
        SimulatedCaller caller = new SimulatedCaller(SimulatedCaller.Settings.of(stack.voiceWebhookUrl(),
                stack.authToken(), from, to));
        InteractiveCall call = new InteractiveCall(caller, terminal);
        stack.monitor().addListener(new StackListener() {
            @Override
            public void toolCallFinished(ToolCallRecord record) {
                call.note("[tool " + record.describe() + "]");
            }

            @Override
            public void functionFailed(String functionId, String what, Throwable error) {
                call.note("[" + functionId + " failed on " + what + ": " + error.getMessage() + "]");
            }
        });
        return call.run();
    }

    private static void describe(LocalStack stack, PrintStream out) {
        out.println("Switchboard local stack");
        out.println("  voice webhook    " + stack.voiceWebhookUrl());
        out.println("  WebSocket        " + stack.webSocketUrl());
        out.println("  model            " + stack.modelDescription());
        out.println("  DynamoDB         " + stack.dynamoDb().endpoint() + " (table " + stack.tableName() + ")");
        out.println("  auth token       " + (stack.authToken().equals(LocalStack.DEFAULT_AUTH_TOKEN)
                ? "the local default (set TWILIO_AUTH_TOKEN to change it)" : "from TWILIO_AUTH_TOKEN"));
    }
}
