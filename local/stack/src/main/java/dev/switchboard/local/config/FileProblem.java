package dev.switchboard.local.config;

/**
 * A mistake in a config file: which file, where in it (an attribute path such as {@code relay.dtmfDetection}, empty
 * for the whole file), and what is wrong.
 */
public record FileProblem(String file, String path, String message) {

    @Override
    public String toString() {
        return file + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
