package dev.stackyard.core.service;

import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.StartFailedException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One kind's knowledge of how to run one configured service: it renders the config files, builds
 * the foreground command, supplies the readiness check and the stop ladder, and turns failures into
 * sentences a person understands. It does not spawn or signal anything itself: the registry hands
 * the {@link Launch} to the process core.
 *
 * <p>Implementations are immutable apart from files on disk, and safe to call from any thread;
 * the registry never calls {@link #prepare} twice at once for one service.
 */
public interface ServiceManager {

    ServiceDefinition definition();

    default String id() {
        return definition().id();
    }

    /** The installation that will run, or empty when the binary is missing (NOT_INSTALLED). */
    Optional<Installation> installation();

    /** What to do when {@link #installation()} is empty, e.g. "install it with: apt install redis-server". */
    String notInstalledHint();

    /**
     * Creates folders, renders config files, and does first-time setup (postgres initdb). May take
     * seconds; reports progress lines to {@code progress}. Never deletes user data.
     *
     * @throws ServiceException with a sentence for a person when setup cannot be done
     */
    Launch prepare(Installation installation, Consumer<String> progress);

    /** What to run and how to tell it is ready. */
    record Launch(ProcessSpec spec, ReadinessCheck readiness, Duration readyTimeout) {
    }

    /** The log file (also while stopped). */
    Path logFile();

    /** The PID file the daemon writes, or the process manager's own one (also while stopped). */
    Path pidFile();

    /** TCP ports on 127.0.0.1 it listens on, checked to be free before spawning. */
    List<Integer> ports();

    /** How a client connects (nginx http://, redis redis://, postgres postgresql://...), else empty. */
    Optional<String> url();

    /**
     * Advice about how this service is configured, for its row (redis without a password: how to
     * require one); empty when there is nothing to say.
     */
    default Optional<String> notice() {
        return Optional.empty();
    }

    /** One sentence saying what failed and, when known, what to do; the log tail goes alongside. */
    default String explain(StartFailedException failure) {
        return failure.getMessage();
    }

    /**
     * A warning about a finished stop, read from the log when the stop needed force (redis that
     * "can't exit" because its final save failed). Empty when there is nothing to say.
     */
    default Optional<String> stopProblem(dev.stackyard.core.process.StopResult result) {
        return Optional.empty();
    }

    /**
     * Called after the process core has stopped the service (and after a crash), to reach
     * processes that are not in its process group (postgres backends, which make their own).
     */
    default void afterStop() {
    }

    /**
     * Deletes the service's data, only on an explicit request ({@code remove --delete-data}), and
     * returns the files and folders it deleted (empty when there was nothing yet). The service must
     * be stopped first.
     *
     * @throws ServiceException when the kind keeps no data (nothing is deleted), or deleting fails
     */
    default List<Path> deleteData() {
        throw new ServiceException(id(), definition().kind() + " keeps no data of its own; there is nothing to delete"
                + " (remove " + id() + " without --delete-data)");
    }
}
