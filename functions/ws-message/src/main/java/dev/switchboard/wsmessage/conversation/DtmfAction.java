package dev.switchboard.wsmessage.conversation;

import java.util.Locale;
import java.util.Optional;

/** What a keypad handler does with its key (the use case's {@code dtmf[].action}). */
enum DtmfAction {
    /** Says the handler's fixed text. */
    SAY,
    /** Hands the call to a person. */
    HANDOFF,
    /** Tells the model which key was pressed. */
    MODEL,
    /** Collects several digits for a tool or the model. */
    COLLECT;

    /** The action named {@code name} (any case); empty for a name this version does not know. */
    static Optional<DtmfAction> named(String name) {
        for (DtmfAction action : values()) {
            if (action.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
