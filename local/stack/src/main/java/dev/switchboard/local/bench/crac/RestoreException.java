package dev.switchboard.local.bench.crac;

/** An {@code afterRestore} failed; its failures are suppressed exceptions. */
public class RestoreException extends Exception {
    public RestoreException() {
        super("a resource failed after the restore");
    }
}
