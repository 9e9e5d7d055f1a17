package dev.switchboard.local.bench.crac;

/** A {@code beforeCheckpoint} failed; its failures are suppressed exceptions. */
public class CheckpointException extends Exception {
    public CheckpointException() {
        super("a resource failed before the checkpoint");
    }
}
