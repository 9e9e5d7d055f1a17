package dev.switchboard.local.bench.crac;

/** What {@code org.crac} registers here (a proxy for the application's {@code org.crac.Resource}). */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
