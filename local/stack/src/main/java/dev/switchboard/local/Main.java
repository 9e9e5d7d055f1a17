package dev.switchboard.local;

import dev.switchboard.local.config.ConfigCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./switchboard}: dispatches to a subcommand. Add a command by registering it below.
 * {@code ./switchboard bench} is not one of them: the launcher runs it from its own module, {@code local/bench}.
 */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    Main() {
        commands.put("dev", new DevCommand());
        commands.put("call", new CallCommand());
        commands.put("config", new ConfigCommand());
    }

    public static void main(String[] args) {
        System.exit(new Main().run(Arrays.asList(args), System.out, System.err));
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? 2 : 0;
        }
        Command command = commands.get(args.get(0));
        if (command == null) {
            err.println("Unknown command '" + args.get(0) + "'.");
            usage(err);
            return 2;
        }
        return command.run(args.subList(1, args.size()), out, err);
    }

    private void usage(PrintStream stream) {
        stream.println("Usage: ./switchboard <command> [arguments]");
        stream.println();
        commands.forEach((name, command) -> stream.printf("  %-8s %s%n", name, command.summary()));
        stream.printf("  %-8s %s%n", "bench", "measure latency, interrupts, concurrency, cold start, sizes and cost on"
                + " the local stack (module local/bench)");
    }
}
