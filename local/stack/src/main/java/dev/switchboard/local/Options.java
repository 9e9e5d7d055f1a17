package dev.switchboard.local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A subcommand's {@code --name value} options and {@code --flag}s; anything else is a mistake the user is told about. */
public final class Options {

    /** Thrown for an unknown option or a missing value; its message is shown to the user. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Options() {
    }

    public static Options parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions)
            throws UsageException {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (flagOptions.contains(name) && inline == null) {
                options.flags.add(name);
            } else if (valueOptions.contains(name)) {
                if (inline == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    inline = args.get(++i);
                }
                options.values.put(name, inline);
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return options;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public int intValue(String name, int fallback) throws UsageException {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + value.get() + "'");
        }
    }
}
