package dev.stackyard.ui;

import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigProblem;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Add dialog's validation and submission, with the inline executor. */
class AddServiceViewModelTest {
    private static final ServiceKind POSTGRES = ServiceKind.named("postgres");
    private final FakeStack stack = new FakeStack();
    private final Recorders.Ports ports = new Recorders.Ports();

    @BeforeEach
    void services() {
        stack.add("pg", ServiceKind.named("postgres"), ServiceState.RUNNING, 5432)
                .add("cache", ServiceKind.named("redis"), ServiceState.STOPPED, 5434);
    }

    private AddServiceViewModel form(Executor background) {
        AddServiceViewModel vm = new AddServiceViewModel(stack, ports, background, UiExecutor.inline(), stack.snapshots());
        if (vm.kindProperty().get() != POSTGRES) {
            vm.kindProperty().set(POSTGRES); // reads its versions and suggests a port
        } else {
            vm.load();
        }
        return vm;
    }

    private AddServiceViewModel form() {
        return form(Runnable::run);
    }

    @Test
    void versionsAreListedNewestFirstAndThePortIsTheNextFreeOneNotInTheConfig() {
        ports.taken.put(5433, "port 5433 is already in use by PID 7 (nc)");
        AddServiceViewModel vm = form();
        assertEquals(List.of("15", "14"), vm.versions());
        assertEquals("15", vm.versionProperty().get());
        // 5432 is pg's (config), 5433 is held by a live process, 5434 is cache's (config).
        assertEquals("5435", vm.portProperty().get());
        assertFalse(vm.loadingProperty().get());
    }

    @Test
    void okIsDisabledUntilAnIdIsTyped() {
        AddServiceViewModel vm = form();
        assertFalse(vm.isValid());
        vm.idProperty().set("app-db");
        assertTrue(vm.isValid());
        assertEquals("", vm.idErrorProperty().get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"App", "-db", "db_1", "db 1", "é", "a123456789012345678901234567890123456789x"})
    void malformedIdsAreRefused(String id) {
        AddServiceViewModel vm = form();
        vm.idProperty().set(id);
        assertFalse(vm.isValid());
        assertTrue(vm.idErrorProperty().get().startsWith("Use lowercase letters"), vm.idErrorProperty().get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "app-db", "pg2", "a12345678901234567890123456789012345678x"})
    void wellFormedIdsAreAccepted(String id) {
        assertTrue(AddServiceViewModel.idProblem(id, Set.of("pg")).isEmpty(), id);
    }

    @Test
    void aDuplicateIdIsRefused() {
        AddServiceViewModel vm = form();
        vm.idProperty().set("pg");
        assertFalse(vm.isValid());
        assertEquals("A service named 'pg' already exists", vm.idErrorProperty().get());
    }

    @Test
    void aPortOfTheConfigIsRefusedNamingItsService() {
        AddServiceViewModel vm = form();
        vm.idProperty().set("app-db");
        vm.portProperty().set("5434");
        assertFalse(vm.isValid());
        assertEquals("Port 5434 is already used by 'cache'", vm.portErrorProperty().get());
    }

    @Test
    void aPortHeldByALiveProcessIsRefusedNamingTheHolder() {
        ports.taken.put(6000, "port 6000 is already in use by PID 42 (nc)");
        AddServiceViewModel vm = form();
        vm.idProperty().set("app-db");
        vm.portProperty().set("6000");
        assertFalse(vm.isValid());
        assertEquals("Port 6000 is already in use by PID 42 (nc); choose another port", vm.portErrorProperty().get());
        vm.portProperty().set("6001");
        assertTrue(vm.isValid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0", "65536", "-5", "5.5"})
    void badPortsAreRefused(String port) {
        AddServiceViewModel vm = form();
        vm.idProperty().set("app-db");
        vm.portProperty().set(port);
        assertFalse(vm.isValid());
        assertFalse(vm.portErrorProperty().get().isEmpty());
    }

    @Test
    void okWaitsForTheLivePortCheck() {
        Recorders.HeldExecutor held = new Recorders.HeldExecutor();
        AddServiceViewModel vm = form(held);
        held.runAll(); // versions and port suggestion
        held.runAll(); // the check of the suggested port
        vm.idProperty().set("app-db");
        assertTrue(vm.isValid());
        vm.portProperty().set("7000");
        assertTrue(vm.checkingPortProperty().get());
        assertFalse(vm.isValid(), "OK while the port is not checked yet");
        held.runAll();
        assertTrue(vm.isValid());
    }

    @Test
    void aStaleLivePortCheckDoesNotOverrideTheNewerInput() {
        ports.taken.put(7000, "port 7000 is already in use by PID 1 (x)");
        Recorders.HeldExecutor held = new Recorders.HeldExecutor();
        AddServiceViewModel vm = form(held);
        held.runAll();
        held.runAll();
        vm.idProperty().set("app-db");
        vm.portProperty().set("7000");
        vm.portProperty().set("7001");
        held.runAll(); // both checks answer, the 7000 one first
        assertEquals("", vm.portErrorProperty().get());
        assertTrue(vm.isValid());
    }

    @Test
    void submitAddsAPinnedVersionOnTheChosenPortAndSaysDone() {
        AddServiceViewModel vm = form();
        vm.idProperty().set("app-db");
        vm.versionProperty().set("14");
        vm.portProperty().set("6543");
        vm.submit();
        assertTrue(vm.doneProperty().get());
        ServiceDefinition d = stack.added.getFirst();
        assertEquals("app-db", d.id());
        assertEquals(ServiceKind.named("postgres"), d.kind());
        assertEquals("14", d.version());
        assertEquals(6543, d.port());
        assertFalse(d.autostart());
        assertFalse(vm.isValid(), "no second submission");
    }

    @Test
    void aConfigRefusalStaysInTheDialog() {
        stack.configProblem = new ConfigException(Path.of("/x/stackyard.yaml"),
                List.of(new ConfigProblem("services[2].port", 9, "6543 is already used by 'other'")));
        AddServiceViewModel vm = form();
        vm.idProperty().set("app-db");
        vm.portProperty().set("6543");
        vm.submit();
        assertFalse(vm.doneProperty().get());
        assertTrue(vm.submitErrorProperty().get().contains("services[2].port"), vm.submitErrorProperty().get());
        assertTrue(vm.isValid(), "may try again");
    }

    @Test
    void withNoPostgresInstalledTheInstanceCanStillBeAddedAndSaysSo() {
        stack.versions.clear();
        AddServiceViewModel vm = form();
        assertNull(vm.versionProperty().get());
        assertTrue(vm.versionNoteProperty().get().contains("not installed"));
        vm.idProperty().set("app-db");
        assertTrue(vm.isValid());
    }

    @Test
    void aMailCatcherHasNothingToInstallAndSaysNothingAboutIt() {
        stack.versions.clear();
        AddServiceViewModel vm = form();
        vm.kindProperty().set(ServiceKind.named("mail"));
        assertNull(vm.versionProperty().get());
        assertEquals("", vm.versionNoteProperty().get(), "mail runs on Stackyard's own runtime");
        assertEquals("1025", vm.portProperty().get());
    }

    @Test
    void theKindsOfferedAreThoseWithInstancesAndEachSuggestsAPortFromItsOwnFirstPort() {
        AddServiceViewModel vm = form();
        assertTrue(vm.kinds().containsAll(List.of(POSTGRES, ServiceKind.named("redis"))), vm.kinds().toString());
        assertFalse(vm.kinds().contains(ServiceKind.named("nginx")), "nginx is configured by hand");
        assertFalse(vm.kinds().contains(ServiceKind.named("process")));

        vm.kindProperty().set(ServiceKind.named("redis"));
        // 6379 is free here (the config's redis is on 5434).
        assertEquals("6379", vm.portProperty().get());
        vm.idProperty().set("cache2");
        vm.submit();
        assertEquals(ServiceKind.named("redis"), stack.added.getFirst().kind());
        assertEquals(6379, stack.added.getFirst().port());
    }

    @Test
    void aPortThePersonTypedIsKeptWhenTheKindChanges() {
        AddServiceViewModel vm = form();
        vm.portProperty().set("7777");
        vm.kindProperty().set(ServiceKind.named("redis"));
        assertEquals("7777", vm.portProperty().get());
    }
}
