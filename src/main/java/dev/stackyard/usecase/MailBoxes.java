package dev.stackyard.usecase;

import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The configured mail services (the services whose kind has a {@link Kind#mailbox mailbox}), for
 * the Mail tab, new-mail notices and {@code stackyard mail}, and a {@link MailClient} for each. Which
 * kind catches mail is the descriptor's answer; nothing here names it. Thread-safe; the clients
 * live until {@link #close()}.
 */
public final class MailBoxes implements AutoCloseable {

    /**
     * One mail service.
     *
     * @param serviceId the service's id
     * @param state     its state when it was looked up
     * @param mailbox   its API and message folder
     */
    public record Box(String serviceId, ServiceState state, Kind.Mailbox mailbox) {
        public boolean running() {
            return state == ServiceState.RUNNING;
        }
    }

    private final Supplier<List<Box>> boxes;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, MailClient> clients = new ConcurrentHashMap<>();

    /** @param boxes the mail services now, asked on every look-up */
    public MailBoxes(Supplier<List<Box>> boxes) {
        this.boxes = boxes;
    }

    /** The mail services of a registry, asked on every look-up (a CLI builds it lazily). */
    public static MailBoxes of(Supplier<ServiceRegistry> registry) {
        return new MailBoxes(() -> in(registry.get()));
    }

    /** Every configured mail service, in config order, with its state now. */
    public List<Box> all() {
        return boxes.get();
    }

    /** The services of a registry whose kind has a mailbox, in config order. */
    static List<Box> in(ServiceRegistry r) {
        List<Box> out = new ArrayList<>();
        for (ServiceSnapshot s : r.snapshots()) {
            Optional<ServiceManager> manager = r.manager(s.id());
            if (manager.isEmpty()) {
                continue;
            }
            s.kind().spec().mailbox(manager.get().definition(), r.environment())
                    .ifPresent(m -> out.add(new Box(s.id(), s.state(), m)));
        }
        return List.copyOf(out);
    }

    /**
     * The mail service to read: the one named, else the only one.
     *
     * @param serviceId a service id, or null for "the only mail service"
     * @throws MailException naming what to do when there is none, the id is no mail service, or
     *                       there are several and none was named
     */
    public Box pick(String serviceId) throws MailException {
        List<Box> boxes = all();
        if (boxes.isEmpty()) {
            throw new MailException("no mail service is configured: add one to stackyard.yaml"
                    + " (a service whose kind catches mail), then start it");
        }
        List<String> ids = boxes.stream().map(Box::serviceId).toList();
        if (serviceId == null) {
            if (boxes.size() > 1) {
                throw new MailException("there are " + boxes.size() + " mail services (" + String.join(", ", ids)
                        + "): choose one with --service ID");
            }
            return boxes.getFirst();
        }
        return boxes.stream().filter(b -> b.serviceId().equals(serviceId)).findFirst().orElseThrow(() ->
                new MailException("'" + serviceId + "' is not a mail service; mail services: " + String.join(", ", ids)));
    }

    /**
     * The client of a running mail service.
     *
     * @throws MailException when it is not running (saying how to start it)
     */
    public MailClient client(Box box) throws MailException {
        if (!box.running()) {
            throw new MailException("the mail service " + box.serviceId() + " is not running ("
                    + box.state().name().toLowerCase() + "): start it with: stackyard start " + box.serviceId());
        }
        URI api = box.mailbox().api();
        MailClient client = clients.compute(box.serviceId(), (id, old) -> {
            if (old != null && old.api().equals(api)) {
                return old;
            }
            if (old != null) {
                old.close();
            }
            return new MailClient(id, api, requests);
        });
        return client;
    }

    /** How many requests the clients made so far (what the Mail tab costs, for tests). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        clients.values().forEach(MailClient::close);
        clients.clear();
    }
}
