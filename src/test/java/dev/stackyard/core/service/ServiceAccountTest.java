package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAccountTest {
    @Test
    void nobodyAndRootAreNeverAnAccountToRunAs() {
        assertFalse(ServiceAccount.parse("nobody", "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)").orElseThrow().usable());
        assertFalse(ServiceAccount.parse("daemon", "uid=1(daemon) gid=1(daemon) groups=1(daemon)").orElseThrow().usable());
        assertFalse(ServiceAccount.parse("root", "uid=0(root) gid=0(root) groups=0(root)").orElseThrow().usable());
        assertTrue(ServiceAccount.parse("www-data", "uid=33(www-data) gid=33(www-data) groups=33(www-data)").orElseThrow().usable());
    }

    @Test
    void withOnlySharedCandidatesTheStartIsRefusedSayingWhatToCreate() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> ServiceAccount.forRoot("pg", List.of("no-such-account-x", "nobody"), "PostgreSQL refuses to run as root"));
        assertTrue(e.getMessage().contains("PostgreSQL refuses to run as root"), e.getMessage());
        assertTrue(e.getMessage().contains("useradd --system --no-create-home no-such-account-x"), e.getMessage());
    }

    @Test
    void theGroupNameIsKeptForDaemonsThatTakeNames() {
        ServiceAccount a = ServiceAccount.parse("www-data", "uid=33(www-data) gid=33(www-data) groups=33(www-data)").orElseThrow();
        assertEquals("www-data", a.group());
        assertEquals(33, a.gid());
    }
}
