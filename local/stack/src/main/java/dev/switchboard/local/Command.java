package dev.switchboard.local;

import java.io.PrintStream;
import java.util.List;

/** One {@code ./switchboard} subcommand. */
public interface Command {

    /** One line for the launcher's usage text. */
    String summary();

    /** Runs with the arguments after the subcommand's name; returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
