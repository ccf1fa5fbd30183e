package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.site.SiteKinds;
import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.ParkedDir;
import dev.stackyard.core.site.SiteNames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Binds and validates the {@code sites:} list: each entry is a linked site ({@code name}, {@code dir})
 * or a parked folder ({@code park}); names are DNS labels and unique, {@code php} is a version,
 * {@code web} names an nginx service, {@code nginx} is a path (relative to the config file). Whether
 * folders and files exist is not checked here: a missing folder or nginx file makes a broken site at
 * run time, not an invalid file.
 */
final class SiteConfigReader {
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}");

    private final YamlDocument document;
    private final List<ConfigProblem> problems;
    private final RecordBinder binder;
    private final BiFunction<String, String, Path> paths;

    /** @param paths resolves a path value ({@code ~/}, relative to the file) at a config path, reporting problems */
    SiteConfigReader(YamlDocument document, List<ConfigProblem> problems, RecordBinder binder,
                     BiFunction<String, String, Path> paths) {
        this.document = document;
        this.problems = problems;
        this.binder = binder;
        this.paths = paths;
    }

    /** The entries in file order, each a {@link LinkedSite} or a {@link ParkedDir}; invalid ones left out. */
    List<Record> read(List<JsonNode> items, List<ServiceDefinition> services) {
        List<Record> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        Map<String, String> names = new HashMap<>();
        Map<Path, String> parks = new HashMap<>();
        boolean hasNginx = services.stream().anyMatch(s -> SiteKinds.servesSites(s.kind()));
        for (int i = 0; i < items.size(); i++) {
            String path = "sites[" + i + "]";
            if (items.get(i).isNull()) {
                problem(path, "empty entry; remove the lone '-'");
                continue;
            }
            SiteDto dto = binder.bind(SiteDto.class, items.get(i), path);
            if (dto == null) {
                continue;
            }
            int before = problems.size();
            if (dto.php() != null && !VERSION.matcher(dto.php()).matches()) {
                problem(path + ".php", "'" + dto.php() + "' is not a PHP version like \"8.2\"");
            }
            if (dto.web() != null) {
                services.stream().filter(s -> s.id().equals(dto.web())).findFirst().ifPresentOrElse(s -> {
                    if (!SiteKinds.servesSites(s.kind())) {
                        problem(path + ".web", "'" + dto.web() + "' is a " + s.kind().configName()
                                + " service; web must name an nginx service");
                    }
                }, () -> problem(path + ".web", "no service has id '" + dto.web() + "'; web must name an nginx service"));
            } else if (!hasNginx) {
                problem(path, "no nginx service is configured to serve it; add one to services");
            }
            Record entry = dto.park() != null ? park(path, dto, parks) : link(path, dto, names);
            if (entry != null && problems.size() == before) {
                out.add(entry);
            }
        }
        return out;
    }

    private ParkedDir park(String path, SiteDto dto, Map<Path, String> parks) {
        if (dto.name() != null || dto.dir() != null || dto.secure() != null || dto.nginx() != null) {
            problem(path, "a parked folder (park) takes no name, dir, secure or nginx; link a single site with name and dir");
            return null;
        }
        Path dir = paths.apply(path + ".park", dto.park());
        if (dir == null) {
            return null;
        }
        String first = parks.putIfAbsent(dir, path);
        if (first != null) {
            problem(path + ".park", dir + " is already parked at " + first + " (line " + document.line(first) + ")");
        }
        return new ParkedDir(dir, dto.php(), dto.web());
    }

    private LinkedSite link(String path, SiteDto dto, Map<String, String> names) {
        if (dto.dir() == null) {
            problem(path, "missing dir (the project folder) or park (a folder of projects)");
            return null;
        }
        Path dir = paths.apply(path + ".dir", dto.dir());
        if (dir == null) {
            return null;
        }
        String name = dto.name();
        if (name == null) {
            name = SiteNames.fromFolder(dir.getFileName() == null ? "" : dir.getFileName().toString()).orElse(null);
            if (name == null) {
                problem(path, "missing name, and the folder's name has nothing usable in it; set name");
                return null;
            }
        } else if (SiteNames.problem(name).isPresent()) {
            problem(path + ".name", SiteNames.problem(name).get());
            return null;
        }
        String first = names.putIfAbsent(name, path);
        if (first != null) {
            problem(path + (dto.name() != null ? ".name" : ""), "'" + name + "' is already the name of " + first
                    + " (line " + document.line(first) + ")");
        }
        Path nginx = null;
        if (dto.nginx() != null) {
            // Relative to the config file, as dir is; whether it may be used is decided at render time (SiteSnippets).
            nginx = paths.apply(path + ".nginx", dto.nginx());
            if (nginx == null) {
                return null;
            }
        }
        return new LinkedSite(name, dir, dto.php(), dto.web(), dto.secure() != null && dto.secure(), nginx);
    }

    private void problem(String path, String message) {
        problems.add(new ConfigProblem(path, document.line(path), message));
    }
}
