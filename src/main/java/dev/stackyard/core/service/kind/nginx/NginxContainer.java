package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ContainerSpec.Mount;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.Templates;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * nginx as the official {@code nginx:MAJOR.MINOR} image, serving what Stackyard serves: its default
 * server and its sites, rendered from the same templates with the containers' paths
 * ({@code FILE} beside the Compose file, mounted over the image's {@code conf.d/default.conf}).
 * The web folders are bind-mounted read-only here, and read-write into the php-fpm services that
 * run their scripts, at the same paths (php-fpm opens the script nginx names). Ready, as for
 * Stackyard's probe, when {@code /stackyard-health} answers 200 (the image carries curl).
 *
 * <p>HTTPS listeners are left out: their certificates come from this machine's local CA.
 */
final class NginxContainer {
    static final int PORT = 80;
    static final String CONF = "/etc/nginx/conf.d/default.conf";
    /** The image's fastcgi_params plus SCRIPT_FILENAME, as Stackyard's own fastcgi_params. */
    static final String FASTCGI_PARAMS = "/etc/nginx/fastcgi.conf";

    private NginxContainer() {
    }

    static ContainerSpec of(ContainerRequest request) {
        ServiceDefinition definition = request.definition();
        String id = definition.id();
        String file = id + ".nginx.conf";
        String root = "/srv/" + id + "/www";
        List<Mount> mounts = new ArrayList<>(List.of(new Mount("./" + file, CONF, true)));
        Map<String, List<Mount>> peers = new TreeMap<>();
        // The default root is made at nginx's first start: a folder that is not there yet is not mounted
        // (Compose refuses a bind mount of a missing folder), and the default server answers 404.
        if (definition.root() != null && Files.isDirectory(definition.root())) {
            mounts.add(new Mount(definition.root().toAbsolutePath().toString(), root, true));
            if (definition.php() != null) {
                peers.computeIfAbsent(definition.php(), k -> new ArrayList<>())
                        .add(new Mount(definition.root().toAbsolutePath().toString(), root, false));
            }
        }
        StringBuilder sites = new StringBuilder();
        for (ContainerRequest.Site site : request.sites()) {
            String hostDir = site.hostDir().toAbsolutePath().toString();
            mounts.add(new Mount(hostDir, site.containerDir(), true));
            if (site.php() != null) {
                List<Mount> php = peers.computeIfAbsent(site.php(), k -> new ArrayList<>());
                Mount mount = new Mount(hostDir, site.containerDir(), false);
                if (!php.contains(mount)) {
                    php.add(mount);
                }
            }
            sites.append(Templates.render("nginx/site.conf", Map.of(
                    "name", site.name(),
                    "dir", site.containerDir(),
                    "listen", Integer.toString(PORT),
                    "tls", "",
                    "host", site.name() + ".localhost",
                    "root", quoted(id, site.containerRoot()),
                    "locations", locations(request, site.php()).stripTrailing())));
        }
        String text = Templates.render("nginx/container.conf", Map.of(
                "id", id,
                "port", Integer.toString(PORT),
                "root", root,
                "locations", locations(request, definition.php()).stripTrailing(),
                "sites", sites.toString().stripTrailing()));
        return ContainerSpec.Image.of("nginx:" + ContainerSpec.leading(request.requireVersion(), 2), PORT, null,
                        List.of("CMD", "curl", "-fsS", "-o", "/dev/null",
                                "http://127.0.0.1:" + PORT + NginxManager.HEALTH_PATH))
                .withMounts(mounts, peers, Map.of(file, text.stripTrailing() + "\n"));
    }

    /** The location blocks passing PHP to php-fpm service {@code php} where Compose's network has it. */
    private static String locations(ContainerRequest request, String php) {
        if (php == null) {
            return Templates.render("nginx/locations-static.conf", Map.of());
        }
        String id = request.definition().id();
        String address = request.addressOf().apply(php).orElseThrow(() -> new ServiceException(id,
                id + " cannot be exported: its PHP runs on '" + php + "', which is not exported"));
        return Templates.render("nginx/locations-php.conf", Map.of(
                "php", php,
                "fastcgiParams", FASTCGI_PARAMS,
                "fastcgiPass", address));
    }

    /** A container path inside nginx's double quotes ({@code $} would be expanded even there). */
    private static String quoted(String id, String path) {
        if (path.contains("$") || path.contains("\n")) {
            throw new ServiceException(id, id + " cannot be exported: nginx cannot use the path " + path
                    + " (it contains $ or a line break); rename the folder");
        }
        return path.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
