package dev.stackyard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.core.site.TrustCommands;
import dev.stackyard.usecase.Browser;
import dev.stackyard.usecase.SiteService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code stackyard site ...}: project folders served at NAME.localhost through nginx and php-fpm. */
@Command(name = "site", description = "Serves project folders at http://NAME.localhost:PORT/.",
        subcommands = {SiteCommand.Link.class, SiteCommand.Park.class, SiteCommand.Unpark.class, SiteCommand.Unlink.class,
                SiteCommand.ListSites.class, SiteCommand.Open.class, SiteCommand.Secure.class, SiteCommand.Unsecure.class,
                SiteCommand.Php.class, SiteCommand.Trust.class, SiteCommand.Reload.class})
final class SiteCommand extends StackyardCli.Base {

    @Override
    public Integer call() {
        err().println("stackyard site: name what to do (link, park, list, secure...):");
        spec.commandLine().usage(err());
        return StackyardCli.USAGE;
    }

    /** Prints a command's result: its sentence, then how each nginx service took it. */
    abstract static class Action extends StackyardCli.Base {
        int print(SiteService.Result result) {
            out().println(result.message());
            result.describe().forEach(line -> out().println("  " + line));
            return StackyardCli.OK;
        }
    }

    @Command(name = "link", description = "Serves DIR at http://NAME.localhost:PORT/ (web root: DIR/public, DIR/web, else DIR).")
    static final class Link extends Action {
        @Parameters(paramLabel = "DIR", arity = "1")
        Path dir;
        @Option(names = "--name", description = "Site name (default: the folder's name, made DNS-safe).")
        String name;
        @Option(names = "--php", paramLabel = "VERSION", description = "PHP version (default: the nginx service's php-fpm).")
        String php;
        @Option(names = "--web", paramLabel = "ID", description = "nginx service (default: the first one).")
        String web;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().link(dir, name, php, web));
        }
    }

    @Command(name = "park", description = "Serves every sub-folder of DIR as a site named after it (also ones added later, after a reload).")
    static final class Park extends Action {
        @Parameters(paramLabel = "DIR", arity = "1")
        Path dir;
        @Option(names = "--php", paramLabel = "VERSION")
        String php;
        @Option(names = "--web", paramLabel = "ID")
        String web;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().park(dir, php, web));
        }
    }

    @Command(name = "unpark", description = "Stops serving the sub-folders of DIR (the folders are not touched).")
    static final class Unpark extends Action {
        @Parameters(paramLabel = "DIR", arity = "1")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().unpark(dir));
        }
    }

    @Command(name = "unlink", description = "Stops serving a linked site (its folder is not touched).")
    static final class Unlink extends Action {
        @Parameters(paramLabel = "NAME", arity = "1")
        String name;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().unlink(name));
        }
    }

    @Command(name = "secure", description = "Also serves NAME at https://NAME.localhost:TLSPORT/ with a certificate of the local CA.")
    static final class Secure extends Action {
        @Parameters(paramLabel = "NAME", arity = "1")
        String name;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().secure(name, true));
        }
    }

    @Command(name = "unsecure", description = "Serves NAME over plain HTTP only.")
    static final class Unsecure extends Action {
        @Parameters(paramLabel = "NAME", arity = "1")
        String name;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().secure(name, false));
        }
    }

    @Command(name = "php", description = "Sets the PHP version of a site (no VERSION: the nginx service's php-fpm).")
    static final class Php extends Action {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "VERSION", arity = "0..1")
        String version;

        @Override
        public Integer call() throws Exception {
            return print(context.sites().php(name, version));
        }
    }

    @Command(name = "reload", description = "Renders the sites again (finds new sub-folders of parked folders) and reloads nginx gracefully.")
    static final class Reload extends Action {
        @Override
        public Integer call() throws Exception {
            return print(context.sites().reload());
        }
    }

    @Command(name = "list", description = "Lists the sites: name, URL, folder, web root, PHP version, secure, broken.")
    static final class ListSites extends StackyardCli.Base {
        @Option(names = "--json", description = "Print a JSON array (the stable, scriptable form).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            SiteService sites = context.sites();
            sites.refresh();
            List<Site> all = sites.list();
            if (json) {
                ArrayNode array = JsonText.array();
                for (Site s : all) {
                    ObjectNode o = array.addObject();
                    o.put("name", s.name());
                    o.put("url", s.url());
                    o.put("httpsUrl", s.secure() ? s.preferredUrl() : null);
                    o.put("dir", s.dir().toString());
                    o.put("root", s.root().toString());
                    o.put("php", s.phpVersion());
                    o.put("phpService", s.phpService());
                    o.put("web", s.web());
                    o.put("secure", s.secure());
                    o.put("parkedIn", s.parkedIn() == null ? null : s.parkedIn().toString());
                    o.put("nginx", s.nginx() == null ? null : s.nginx().toString());
                    o.put("broken", s.broken());
                }
                out().println(JsonText.pretty(array));
                return StackyardCli.OK;
            }
            if (all.isEmpty()) {
                out().println("No sites. Link one with: stackyard site link DIR");
                return StackyardCli.OK;
            }
            out().printf("%-20s %-40s %-8s %-6s %s%n", "NAME", "URL", "PHP", "SECURE", "FOLDER / BROKEN");
            for (Site s : all) {
                out().printf("%-20s %-40s %-8s %-6s %s%n", s.name(), s.preferredUrl(),
                        s.phpVersion() != null ? s.phpVersion() : s.phpService() != null ? "(" + s.phpService() + ")" : "-",
                        s.secure() ? "yes" : "no", s.served() ? s.root() : "BROKEN: " + s.broken());
            }
            return StackyardCli.OK;
        }
    }

    @Command(name = "open", description = "Opens a site in the browser (xdg-open).")
    static final class Open extends StackyardCli.Base {
        @Parameters(paramLabel = "NAME", arity = "1")
        String name;

        @Override
        public Integer call() throws Exception {
            SiteService sites = context.sites();
            sites.refresh();
            Site site = sites.find(name).orElseThrow(() -> new SiteException("no site is named '" + name + "'"));
            String url = site.preferredUrl();
            out().println(url);
            try {
                Process p = Browser.open(url);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    err().println("xdg-open could not open it; open the URL above yourself");
                    return StackyardCli.FAILED;
                }
            } catch (IOException e) {
                err().println("xdg-open is not available (" + e.getMessage() + "); open the URL above yourself");
                return StackyardCli.FAILED;
            }
            return StackyardCli.OK;
        }
    }

    @Command(name = "trust", description = "Prints the commands that make your browsers trust the local CA (your NSS databases only); --yes runs them.")
    static final class Trust extends StackyardCli.Base {
        @Option(names = "--yes", description = "Run the commands (needs certutil from libnss3-tools).")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            SiteService sites = context.sites();
            Path ca = sites.caCertificate();
            Path home = Path.of(System.getProperty("user.home"));
            List<List<String>> commands = TrustCommands.commands(home, ca);
            if (!yes) {
                out().println("# The local CA is " + ca + ". These commands add it to your own browsers' NSS");
                out().println("# databases (Chrome/Chromium and Firefox profiles); the system store is not touched.");
                out().println("# Run them yourself, or run: stackyard site trust --yes");
                commands.forEach(c -> out().println(TrustCommands.shellLine(c)));
                return StackyardCli.OK;
            }
            TrustCommands.run(commands, home);
            out().println("added " + ca + " as '" + TrustCommands.NICKNAME + "' to " + commands.stream()
                    .filter(c -> c.contains("-A")).count() + " NSS database(s); restart the browser");
            return StackyardCli.OK;
        }
    }
}
