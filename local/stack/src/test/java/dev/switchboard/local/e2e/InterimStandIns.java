package dev.switchboard.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import dev.switchboard.local.stack.LocalStack;
import dev.switchboard.shared.Env;

/**
 * A stand-in for the one handler class template.yaml names that is not on the class path yet (its branch has not
 * landed): ws-message's ToolContinuationHandler. It is used only while the real class is missing; once it exists
 * this does nothing and can go.
 */
final class InterimStandIns {

    private InterimStandIns() {
    }

    static boolean exists(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static LocalStack.Builder forMissingHandlers(LocalStack.Builder builder) {
        if (!exists("dev.switchboard.wsmessage.ToolContinuationHandler")) {
            builder.function("ToolContinuationFunction", Ignore::new);
        }
        return builder;
    }

    /** Accepts and ignores its event. */
    public static final class Ignore {
        Ignore(Env env) {
        }

        public Object handleRequest(Object event, Context context) {
            return null;
        }
    }
}
