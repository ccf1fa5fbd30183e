package dev.stackyard.core.site;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code sites:} entry with {@code park}: every sub-folder of {@code dir} is a site named after
 * the sub-folder, found again at every render (so a folder added later is served after the next
 * reload, which a window or {@code stackyard run} makes at once through {@link ParkedFolderWatch}).
 *
 * @param dir the parent folder (absolute)
 * @param php PHP version for its sites, or null (as for {@link LinkedSite#php})
 * @param web nginx service id, or null for the first nginx service
 */
public record ParkedDir(Path dir, String php, String web) {
    public ParkedDir {
        Objects.requireNonNull(dir, "dir");
    }
}
