package dev.switchboard.local;

import dev.switchboard.local.config.ConfigFiles;
import dev.switchboard.local.config.ConfigSet;
import dev.switchboard.local.config.UseCaseFile;
import java.nio.file.Path;
import java.util.Optional;

/** Which number to call to reach a use case, from the configs: its first number, or any unrouted one for the default route. */
final class UseCaseNumbers {

    /** A number no use case claims, which reaches the default route. */
    static final String UNROUTED_NUMBER = "+15550100199";

    private UseCaseNumbers() {
    }

    /** {@code to} when given, else the number of the use case. */
    static String to(Optional<String> to, Path configsDir, String useCaseId) throws Options.UsageException {
        return to.isPresent() ? to.get() : numberFor(configsDir, useCaseId);
    }

    static String numberFor(Path configsDir, String useCaseId) throws Options.UsageException {
        ConfigSet set = ConfigFiles.load(configsDir);
        Optional<UseCaseFile> useCase = set.useCases().stream().filter(u -> u.id().equals(useCaseId)).findFirst();
        if (useCase.isEmpty()) {
            throw new Options.UsageException("no use case '" + useCaseId + "' in " + configsDir + " (there are: "
                    + set.useCases().stream().map(UseCaseFile::id).toList() + ")");
        }
        if (!useCase.get().numbers().isEmpty()) {
            return useCase.get().numbers().get(0);
        }
        if (useCase.get().defaultRoute()) {
            return UNROUTED_NUMBER;
        }
        throw new Options.UsageException("use case '" + useCaseId + "' has no number and is not the default route;"
                + " add a number to its config or call it with --to");
    }
}
