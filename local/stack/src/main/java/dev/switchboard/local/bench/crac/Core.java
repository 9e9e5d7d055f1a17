package dev.switchboard.local.bench.crac;

import java.util.ArrayList;
import java.util.List;

/** The global context, and a "checkpoint" that runs the hooks without a snapshot. */
public final class Core {

    private static final Global GLOBAL = new Global();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Runs every registered resource's {@code beforeCheckpoint} (newest first), then {@code afterRestore} (oldest first). */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        CheckpointException before = new CheckpointException();
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            before.addSuppressed(e);
        }
        if (before.getSuppressed().length > 0) {
            throw before;
        }
        RestoreException after = new RestoreException();
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            after.addSuppressed(e);
        }
        if (after.getSuppressed().length > 0) {
            throw after;
        }
    }

    /** How many resources were registered (each a proxy that may refer to its resource only weakly). */
    public static int registered() {
        return GLOBAL.size();
    }

    private static final class Global extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        synchronized int size() {
            return resources.size();
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            List<Resource> copy;
            synchronized (this) {
                copy = new ArrayList<>(resources);
            }
            for (int i = copy.size() - 1; i >= 0; i--) {
                copy.get(i).beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            List<Resource> copy;
            synchronized (this) {
                copy = new ArrayList<>(resources);
            }
            for (Resource resource : copy) {
                resource.afterRestore(this);
            }
        }
    }
}
