package dev.switchboard.tools.restaurant;

/**
 * The use case's {@code data} lacks something a restaurant tool needs, or has it in a shape it cannot read
 * (a console typo). The tool answers with {@code config_error} and logs the attribute; the call goes on.
 */
final class RestaurantConfigException extends RuntimeException {

    private final String attribute;

    RestaurantConfigException(String attribute, String reason) {
        super(attribute + ": " + reason);
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }
}
