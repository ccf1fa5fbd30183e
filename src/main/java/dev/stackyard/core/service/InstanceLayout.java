package dev.stackyard.core.service;

import java.nio.file.Path;

/**
 * Where one instance of a kind that keeps data (postgres, mariadb) has its files, as far as every
 * such kind agrees: its data folder (the definition's {@code dataDir}, else {@code FOLDER/ID}),
 * Stackyard's folder for the kind ({@code DATA/NAME}, or under the root base as root, see
 * {@link RootBase}), its run folder and its port. Each kind extends it with its own files (password
 * file, markers, socket). Only names paths; immutable.
 */
public abstract class InstanceLayout {
    private final ServiceDefinition definition;
    private final boolean asRoot;
    private final RootBase roots;
    private final String folderName;
    private final String daemon;

    /**
     * @param folderName the kind's folder under Stackyard's data folder ({@code postgres})
     * @param daemon     who listens on the port, for the message when none is set ({@code postgres})
     */
    protected InstanceLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase,
                             String folderName, String daemon) {
        this.definition = definition;
        this.asRoot = asRoot;
        this.roots = new RootBase(rootBase, env);
        this.folderName = folderName;
        this.daemon = daemon;
    }

    public final String id() {
        return definition.id();
    }

    public final boolean asRoot() {
        return asRoot;
    }

    /** Which folders are Stackyard's own, to open for passing through (0711) as root. */
    public final RootBase roots() {
        return roots;
    }

    /** The port, or a ServiceException saying to set one. */
    public final int port() {
        if (definition.port() == null) {
            throw new ServiceException(id(), id() + " has no port; set one (" + daemon + " listens on 127.0.0.1:PORT)");
        }
        return definition.port();
    }

    /** The instance's data folder: the definition's {@code dataDir}, else {@code FOLDER/ID}. */
    public final Path dataDir() {
        Path dir = definition.dataDir() != null ? definition.dataDir() : folder().resolve(id());
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Stackyard's folder for the kind's data folders and the files beside them: {@code DATA/NAME},
     * or under the root base as root when others cannot reach the data folder; an instance already
     * at the usual place stays there.
     */
    public final Path folder() {
        return roots.dataFolder(folderName, asRoot, id());
    }

    /** The service's run folder: the usual one, or under the root base when others cannot reach it. */
    public final Path runDir() {
        return roots.serviceRunDir(id(), asRoot);
    }
}
