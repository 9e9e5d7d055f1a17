package dev.switchboard.tools.restaurant;

import dev.switchboard.shared.log.Log;
import dev.switchboard.shared.tools.ToolInvocation;
import dev.switchboard.shared.tools.ToolResult;

/** Failed results the restaurant tools share. */
final class RestaurantAnswers {

    private RestaurantAnswers() {
    }

    /** The use case's data is incomplete: logged with the attribute; the model hears only that it cannot help. */
    static ToolResult configError(ToolInvocation invocation, RestaurantConfigException e) {
        Log.warn("config.problem", "useCase", invocation.useCase().id(), "attribute", e.attribute(),
                "reason", e.getMessage());
        return invocation.failed("config_error", "The restaurant's setup is incomplete, so this cannot be done "
                + "right now. Apologise to the caller and offer another way to help.");
    }

    static ToolResult invalid(ToolInvocation invocation, String problems) {
        String tool = invocation.request().name();
        return invocation.failed("invalid_arguments", "The arguments for " + tool + " are invalid: " + problems
                + ". Correct them (ask the caller if something is missing) and call " + tool + " again.");
    }
}
