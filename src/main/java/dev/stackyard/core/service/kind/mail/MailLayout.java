package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.service.InstanceLayout;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;

import java.nio.file.Path;

/**
 * Where one mail service keeps its files: its messages in {@code DATA/mail/ID} (or {@code dataDir};
 * under the root base as root when the account cannot reach the data folder), and, as root, the
 * copy of the server's class path the account can read ({@code mail-lib} beside the data folders).
 */
final class MailLayout extends InstanceLayout {
    MailLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env, asRoot, rootBase, MailKind.INSTANCES.dataFolder(), "the mail catcher");
    }

    /** As root: the server's class path, copied where its account can read it. */
    Path classPathCopy() {
        return roots().home().resolve("mail-lib");
    }
}
