package dev.stackyard.core.bundle;

/**
 * What a person explicitly allowed for one install, beyond the safe defaults: a plain
 * {@code http://} repository that is not on this machine ({@code stackyard install --allow-http}),
 * and an artifact whose only proof of integrity is a SHA-1 checksum and no verified publisher
 * signature ({@code stackyard install --allow-sha1}). Both are off unless asked for.
 */
public record InstallPolicy(boolean allowHttp, boolean allowSha1) {
    /** Nothing beyond the defaults: https (or http on loopback) and SHA-256 or a verified signature. */
    public static final InstallPolicy STRICT = new InstallPolicy(false, false);
}
