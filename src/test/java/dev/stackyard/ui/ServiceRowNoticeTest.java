package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.kind.redis.RedisManager;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A redis without a password says in its row how to require one; a pending restart says that first. */
class ServiceRowNoticeTest {
    private static final Instant T = Instant.parse("2026-12-07T05:00:00Z");

    private static ServiceSnapshot snapshot(boolean pendingRestart, String notice, Instant since) {
        return new ServiceSnapshot("cache", ServiceKind.named("redis"), "7.0", ServiceState.RUNNING, 42L, 6379, Path.of("/tmp/c.pid"),
                Path.of("/tmp/c.log"), "redis://127.0.0.1:6379", null, List.of(), null, since, pendingRestart, null, notice, null, null);
    }

    @Test
    void aRedisWithoutAPasswordSaysHowToRequireOne() {
        ServiceRowViewModel row = new ServiceRowViewModel(snapshot(false, RedisManager.NO_PASSWORD_NOTICE, T));
        assertEquals(RedisManager.NO_PASSWORD_NOTICE, row.noticeProperty().get());

        row.apply(snapshot(true, RedisManager.NO_PASSWORD_NOTICE, T.plusSeconds(1)));
        assertEquals(ServiceRowViewModel.PENDING_RESTART, row.noticeProperty().get());

        row.apply(snapshot(false, null, T.plusSeconds(2)));
        assertEquals("", row.noticeProperty().get());
    }
}
