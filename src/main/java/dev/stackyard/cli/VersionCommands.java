package dev.stackyard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.bundle.BundleException;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleUsers;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.InstallPolicy;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.Versions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code versions}, {@code install} and {@code uninstall}: Stackyard's own builds of the kinds installable from a Maven repository. */
final class VersionCommands {
    private VersionCommands() {
    }

    /** The KIND of install and uninstall: one of the kinds installable from a Maven repository. */
    private static PositionalParamSpec kindParameter(Supplier<String> get, Consumer<String> set) {
        return CommandModel.positional("KIND", "1", String.class, get, set).index("0")
                .completionCandidates(new KindNames.Installable()).description("${COMPLETION-CANDIDATES}").build();
    }

    /** The options of install and uninstall that allow a weaker download. */
    private static void addTrustOptions(CommandSpec model, Supplier<Boolean> getHttp, Consumer<Boolean> setHttp,
                                        Supplier<Boolean> getSha1, Consumer<Boolean> setSha1) {
        model.addOption(CommandModel.flag("--allow-http", getHttp, setHttp).description("Allow a plain http:// repository "
                + "that is not on this machine (anyone on the network could change the download).").build());
        model.addOption(CommandModel.flag("--allow-sha1", getSha1, setSha1).description("Allow an artifact proven only by "
                + "a SHA-1 checksum (no .sha256, no verified publisher signature).").build());
    }

    static ServiceKind kind(CommandLine cmd, String name) {
        ServiceKind kind = ServiceKind.fromConfigName(name).orElse(null);
        if (kind == null || !kind.spec().versions().versioned()) {
            throw new CommandLine.ParameterException(cmd, "unknown kind '" + name + "'; use " + KindNames.sentence(KindNames::versioned));
        }
        return kind;
    }

    static final class ListVersions extends StackyardCli.Base {
        String kindName;
        boolean json;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "versions",
                    "Lists installed and installable versions (system packages and Stackyard's own bundles).");
            model.addPositional(CommandModel.positional("KIND", "0..1", String.class, () -> kindName, v -> kindName = v)
                    .completionCandidates(new KindNames.Versioned()).description("${COMPLETION-CANDIDATES} (default: all).").build());
            model.addOption(CommandModel.flag("--json", () -> json, v -> json = v).description("Print a JSON array.").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            ServiceKind only = kindName == null ? null : kind(spec.commandLine(), kindName);
            BundleInstaller installer = context.bundleInstaller();
            List<VersionCatalog.KindVersions> all;
            String repositoryUrl;
            try (MavenRepository repository = context.mavenRepository()) {
                repositoryUrl = repository.toString();
                all = VersionCatalog.list(VersionCatalog.kinds(only), context.installations(), installer.sources(), repository);
            }
            if (json) {
                ArrayNode array = JsonText.array();
                for (VersionCatalog.KindVersions k : all) {
                    ObjectNode o = array.addObject();
                    o.put("kind", k.kind().configName());
                    ArrayNode installed = o.putArray("installed");
                    for (Installation i : k.installed()) {
                        ObjectNode n = installed.addObject();
                        n.put("version", i.version());
                        n.put("exactVersion", i.exactVersion());
                        n.put("path", i.binary().toString());
                        n.put("origin", i.origin());
                        n.put("bundled", i.bundled());
                    }
                    ArrayNode installable = o.putArray("installable");
                    k.installable().forEach(installable::add);
                    o.put("repository", installer.sources().get(k.kind()).isPresent() ? repositoryUrl : null);
                    o.put("installableError", k.installableError());
                }
                out().println(JsonText.pretty(array));
                return StackyardCli.OK;
            }
            PrintWriter out = out();
            for (VersionCatalog.KindVersions k : all) {
                out.println(k.kind().configName());
                if (k.installed().isEmpty()) {
                    out.println("  installed:   none");
                }
                for (Installation i : k.installed()) {
                    out.printf("  installed:   %-9s %s  (%s)%n", i.exactVersion(), i.binary(), i.origin());
                }
                if (k.installableError() != null) {
                    out.println("  installable: unknown — " + k.installableError());
                } else if (installer.sources().get(k.kind()).isEmpty()) {
                    out.println("  installable: none from Stackyard; use the system's packages");
                } else {
                    List<String> newest = BundleInstaller.newestPerMajor(k.installable());
                    out.println("  installable: " + String.join(" ", newest) + "  (newest of each; "
                            + k.installable().size() + " in all, from " + repositoryUrl + ")");
                    out.println("               stackyard install " + k.kind().configName() + " "
                            + (newest.isEmpty() ? "VERSION" : Versions.major(newest.getFirst())));
                }
            }
            return StackyardCli.OK;
        }
    }

    static final class Install extends StackyardCli.Base {
        String kindName;
        String version;
        boolean allowHttp;
        boolean allowSha1;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "install",
                    "Installs a version from a Maven repository (no root): 'install postgres 17' takes the newest 17.x.");
            model.addPositional(kindParameter(() -> kindName, v -> kindName = v));
            model.addPositional(CommandModel.positional("VERSION", "0..1", String.class, () -> version, v -> version = v).index("1")
                    .description("A major (17) or an exact version (17.11.0); default: the newest.").build());
            addTrustOptions(model, () -> allowHttp, v -> allowHttp = v, () -> allowSha1, v -> allowSha1 = v);
            return model;
        }

        @Override
        public Integer call() throws Exception {
            ServiceKind kind = kind(spec.commandLine(), kindName);
            BundleInstaller installer = context.bundleInstaller();
            Cancellation cancel = new Cancellation();
            CountDownLatch finished = new CountDownLatch(1);
            // Ctrl-C or TERM: cancel, and let the install remove what it made before the JVM goes.
            Thread hook = new Thread(() -> {
                cancel.cancel();
                try {
                    finished.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "install-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            try (MavenRepository repository = context.mavenRepository()) {
                BundleInstaller.Installed done = installer.install(kind, version, repository,
                        new InstallPolicy(allowHttp, allowSha1), progress(), cancel);
                if (done.already()) {
                    out().println(kind + " " + done.version() + " is already installed in " + done.folder());
                } else {
                    out().println("installed " + kind + " " + done.version() + " in " + done.folder());
                }
                if (kind.spec().instances().isPresent()) {
                    out().println("use it with: stackyard add " + kind + " ID --version " + Versions.major(done.version()));
                }
                return StackyardCli.OK;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook is running and has been released above.
                }
            }
        }

        /** Steps as lines; on a terminal, bytes and percent rewritten in place. */
        private InstallProgress progress() {
            PrintWriter out = out();
            Console console = System.console();
            boolean tty = console != null && console.isTerminal();
            return new InstallProgress() {
                private long lastPercent = -1;
                private boolean inLine;

                @Override
                public void step(String description) {
                    if (inLine) {
                        out.println();
                        inLine = false;
                    }
                    out.println(description);
                    out.flush();
                }

                @Override
                public void bytes(long done, long total) {
                    if (!tty) {
                        return;
                    }
                    long percent = total > 0 ? done * 100 / total : done >> 20;
                    if (percent != lastPercent || done == total) {
                        lastPercent = percent;
                        out.print("\r  " + VersionCatalog.progressText(done, total) + "   ");
                        out.flush();
                        inLine = true;
                    }
                }
            };
        }
    }

    static final class Uninstall extends StackyardCli.Base {
        String kindName;
        String version;
        boolean allowHttp;
        boolean allowSha1;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "uninstall",
                    "Removes one of Stackyard's bundles (refused while a service uses it).");
            model.addPositional(kindParameter(() -> kindName, v -> kindName = v));
            model.addPositional(CommandModel.positional("VERSION", "1", String.class, () -> version, v -> version = v).index("1")
                    .description("The exact version, as 'stackyard versions' shows it.").build());
            addTrustOptions(model, () -> allowHttp, v -> allowHttp = v, () -> allowSha1, v -> allowSha1 = v);
            return model;
        }

        @Override
        public Integer call() throws Exception {
            ServiceKind kind = kind(spec.commandLine(), kindName);
            BundleInstaller installer = context.bundleInstaller();
            if (!installer.installed(kind).contains(version)) {
                throw new BundleException(kind + " " + version + " is not one of Stackyard's bundles (installed: "
                        + (installer.installed(kind).isEmpty() ? "none" : String.join(", ", installer.installed(kind)))
                        + "); system packages are removed with the system's package manager");
            }
            List<String> users = BundleUsers.of(kind, installer.folder(kind, version),
                    context.configStore().load().services(), context.installations());
            if (!users.isEmpty()) {
                err().println("stackyard: " + kind + " " + version + " is used by " + String.join(", ", users)
                        + "; remove " + (users.size() == 1 ? "that service" : "those services")
                        + " or set another version for " + (users.size() == 1 ? "it" : "them") + " first");
                return StackyardCli.FAILED;
            }
            installer.uninstall(kind, version);
            context.installations().rescan();
            out().println("uninstalled " + kind + " " + version);
            return StackyardCli.OK;
        }
    }
}
