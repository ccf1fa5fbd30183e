package dev.stackyard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.core.site.TrustCommands;
import dev.stackyard.usecase.Browser;
import dev.stackyard.usecase.SiteService;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code stackyard site ...}: project folders served at NAME.localhost through nginx and php-fpm. */
final class SiteCommand extends StackyardCli.Base {

    @Override
    CommandSpec model() {
        return withSubcommands(CommandModel.command(this, "site", "Serves project folders at http://NAME.localhost:PORT/."),
                new Link(), new Park(), new Unpark(), new Unlink(), new ListSites(), new Open(),
                new Secure(), new Unsecure(), new Php(), new Trust(), new Reload());
    }

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

    static final class Link extends Action {
        Path dir;
        String name;
        String php;
        String web;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "link",
                    "Serves DIR at http://NAME.localhost:PORT/ (web root: DIR/public, DIR/web, else DIR).");
            model.addPositional(CommandModel.positional("DIR", "1", Path.class, () -> dir, v -> dir = v).build());
            model.addOption(CommandModel.option("--name", String.class, () -> name, v -> name = v).paramLabel("<name>")
                    .description("Site name (default: the folder's name, made DNS-safe).").build());
            model.addOption(CommandModel.option("--php", String.class, () -> php, v -> php = v).paramLabel("VERSION")
                    .description("PHP version (default: the nginx service's php-fpm).").build());
            model.addOption(CommandModel.option("--web", String.class, () -> web, v -> web = v).paramLabel("ID")
                    .description("nginx service (default: the first one).").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().link(dir, name, php, web));
        }
    }

    static final class Park extends Action {
        Path dir;
        String php;
        String web;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "park",
                    "Serves every sub-folder of DIR as a site named after it (also ones added later, after a reload).");
            model.addPositional(CommandModel.positional("DIR", "1", Path.class, () -> dir, v -> dir = v).build());
            model.addOption(CommandModel.option("--php", String.class, () -> php, v -> php = v).paramLabel("VERSION").build());
            model.addOption(CommandModel.option("--web", String.class, () -> web, v -> web = v).paramLabel("ID").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().park(dir, php, web));
        }
    }

    static final class Unpark extends Action {
        Path dir;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "unpark", "Stops serving the sub-folders of DIR (the folders are not touched).");
            model.addPositional(CommandModel.positional("DIR", "1", Path.class, () -> dir, v -> dir = v).build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().unpark(dir));
        }
    }

    static final class Unlink extends Action {
        String name;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "unlink", "Stops serving a linked site (its folder is not touched).");
            model.addPositional(CommandModel.positional("NAME", "1", String.class, () -> name, v -> name = v).build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().unlink(name));
        }
    }

    static final class Secure extends Action {
        String name;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "secure",
                    "Also serves NAME at https://NAME.localhost:TLSPORT/ with a certificate of the local CA.");
            model.addPositional(CommandModel.positional("NAME", "1", String.class, () -> name, v -> name = v).build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().secure(name, true));
        }
    }

    static final class Unsecure extends Action {
        String name;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "unsecure", "Serves NAME over plain HTTP only.");
            model.addPositional(CommandModel.positional("NAME", "1", String.class, () -> name, v -> name = v).build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().secure(name, false));
        }
    }

    static final class Php extends Action {
        String name;
        String version;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "php", "Sets the PHP version of a site (no VERSION: the nginx service's php-fpm).");
            model.addPositional(CommandModel.positional("NAME", "1", String.class, () -> name, v -> name = v).index("0").build());
            model.addPositional(CommandModel.positional("VERSION", "0..1", String.class, () -> version, v -> version = v).index("1")
                    .build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().php(name, version));
        }
    }

    static final class Reload extends Action {
        @Override
        CommandSpec model() {
            return CommandModel.command(this, "reload",
                    "Renders the sites again (finds new sub-folders of parked folders) and reloads nginx gracefully.");
        }

        @Override
        public Integer call() throws Exception {
            return print(context.sites().reload());
        }
    }

    static final class ListSites extends StackyardCli.Base {
        boolean json;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "list",
                    "Lists the sites: name, URL, folder, web root, PHP version, secure, broken.");
            model.addOption(CommandModel.flag("--json", () -> json, v -> json = v)
                    .description("Print a JSON array (the stable, scriptable form).").build());
            return model;
        }

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

    static final class Open extends StackyardCli.Base {
        String name;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "open", "Opens a site in the browser (xdg-open).");
            model.addPositional(CommandModel.positional("NAME", "1", String.class, () -> name, v -> name = v).build());
            return model;
        }

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

    static final class Trust extends StackyardCli.Base {
        boolean yes;

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "trust",
                    "Prints the commands that make your browsers trust the local CA (your NSS databases only); --yes runs them.");
            model.addOption(CommandModel.flag("--yes", () -> yes, v -> yes = v)
                    .description("Run the commands (needs certutil from libnss3-tools).").build());
            return model;
        }

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
