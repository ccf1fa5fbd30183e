package dev.stackyard.app;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.usecase.MailArrivals;
import dev.stackyard.usecase.StackControl;
import dev.stackyard.usecase.StackyardSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The window's watch of the mail folders, for the Mail tab and new-mail notices: the folders of
 * the mail services configured now, after every config change, and after a mail service starts
 * (it makes its folder on its first start). Closed with the window.
 */
final class MailWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailWatch.class);

    private final MailArrivals arrivals = new MailArrivals();

    /** What the watch says when mail arrives; subscribe to it. */
    MailArrivals arrivals() {
        return arrivals;
    }

    /** Watches {@code session}'s mail folders from now on; the first look runs on {@code background}. */
    void start(StackyardSession session, Executor background) {
        Runnable watch = () -> {
            try {
                arrivals.watch(session.mail().all());
            } catch (RuntimeException e) {
                log.warn("new mail will not be noticed: {}", e.getMessage());
            }
        };
        session.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot snapshot) {
                if (snapshot.state() == ServiceState.RUNNING) {
                    background.execute(watch);
                }
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                watch.run();
            }
        });
        background.execute(watch);
    }

    @Override
    public void close() {
        arrivals.close();
    }
}
