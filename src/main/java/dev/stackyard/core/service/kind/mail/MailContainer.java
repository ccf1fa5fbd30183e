package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ServiceDefinition;

import java.util.List;
import java.util.Map;

/**
 * The mail catcher as Mailpit's official image ({@code axllent/mailpit}), whose API ours follows:
 * SMTP on 1025 and the web page and API on 8025, published on this service's two ports; any SMTP
 * login accepted, the newest {@code keep} messages kept in its database in the data volume.
 * Ready when its own {@code readyz} check passes.
 */
final class MailContainer {
    static final String IMAGE = "axllent/mailpit";
    static final int SMTP_PORT = 1025;
    static final int HTTP_PORT = 8025;

    private MailContainer() {
    }

    static ContainerSpec of(ServiceDefinition definition) {
        ServiceDefinition.MailSettings mail = definition.mail();
        ContainerSpec.Image image = ContainerSpec.Image.of(IMAGE, SMTP_PORT, "/data", List.of("CMD", "/mailpit", "readyz"))
                .withEnvironment(Map.of(
                        "MP_DATABASE", "/data/mailpit.db",
                        "MP_MAX_MESSAGES", Integer.toString(mail.keep()),
                        "MP_SMTP_AUTH_ACCEPT_ANY", "1",
                        "MP_SMTP_AUTH_ALLOW_INSECURE", "1"));
        return mail.httpPort() == null ? image : image.withMorePorts(Map.of(mail.httpPort(), HTTP_PORT));
    }
}
