package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The mail kind's defaults, applied in one place: keys left out of an entry (or of a definition made in code). */
class MailKindTest {
    private static final MailKind KIND = new MailKind();

    private static ServiceDefinition.MailSettings defaults(Integer port, ServiceDefinition.MailSettings given) {
        ServiceDefinition d = ServiceDefinition.builder("mail", ServiceKind.named("mail")).port(port).mail(given).build();
        return KIND.withDefaults(d, Path.of("/data")).mail();
    }

    @Test
    void anEntryWithOnlyAPortGetsThePagePortPlus7000AndTheDefaultLimits() {
        assertEquals(new ServiceDefinition.MailSettings(8026, 500, 25L * 1024 * 1024), defaults(1026, null));
    }

    @Test
    void whatAnEntrySaysIsKeptAndOnlyTheRestDefaulted() {
        assertEquals(new ServiceDefinition.MailSettings(9000, 500, 25L * 1024 * 1024),
                defaults(1025, new ServiceDefinition.MailSettings(9000, null, null)));
        assertEquals(new ServiceDefinition.MailSettings(8025, 20, 1024L),
                defaults(1025, new ServiceDefinition.MailSettings(null, 20, 1024L)));
    }

    @Test
    void aPortTooHighForPlus7000FallsBackTo8025() {
        assertEquals(8025, MailKind.defaultHttpPort(60000));
    }
}
