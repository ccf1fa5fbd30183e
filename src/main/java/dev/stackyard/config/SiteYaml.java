package dev.stackyard.config;

import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.ParkedDir;

import java.util.ArrayList;
import java.util.List;

/** Writes a {@code sites:} entry as YAML lines, only the keys that are set (as {@link ServiceYaml} does for services). */
final class SiteYaml {
    private SiteYaml() {
    }

    static List<String> lines(LinkedSite site) {
        List<String> lines = new ArrayList<>();
        lines.add("name: " + ServiceYaml.scalar(site.name()));
        lines.add("dir: " + ServiceYaml.scalar(site.dir().toString()));
        if (site.php() != null) {
            lines.add("php: " + ServiceYaml.quoted(site.php()));
        }
        if (site.web() != null) {
            lines.add("web: " + ServiceYaml.scalar(site.web()));
        }
        if (site.secure()) {
            lines.add("secure: true");
        }
        if (site.nginx() != null) {
            lines.add("nginx: " + ServiceYaml.scalar(site.nginx().toString()));
        }
        return lines;
    }

    static List<String> lines(ParkedDir park) {
        List<String> lines = new ArrayList<>();
        lines.add("park: " + ServiceYaml.scalar(park.dir().toString()));
        if (park.php() != null) {
            lines.add("php: " + ServiceYaml.quoted(park.php()));
        }
        if (park.web() != null) {
            lines.add("web: " + ServiceYaml.scalar(park.web()));
        }
        return lines;
    }
}
