package dev.stackyard.core.bundle;

/** The install was cancelled (the Cancel button, Ctrl-C, an interrupt); nothing was installed. */
public final class InstallCancelledException extends BundleException {
    private static final long serialVersionUID = 1L;

    public InstallCancelledException(String what) {
        super(what + " was cancelled; nothing was installed");
    }
}
