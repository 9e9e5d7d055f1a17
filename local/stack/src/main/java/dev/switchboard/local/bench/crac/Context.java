package dev.switchboard.local.bench.crac;

/** A context resources register with; itself a resource, as in CRaC. */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {
    }

    public abstract void register(R resource);
}
