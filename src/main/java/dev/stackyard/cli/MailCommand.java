package dev.stackyard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.usecase.MailBoxes;
import dev.stackyard.usecase.MailClient;
import dev.stackyard.usecase.MailException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code stackyard mail ...}: the mail a mail service caught, read through its HTTP API. Messages
 * are numbered as {@code mail list} shows them: 1 is the newest.
 */
final class MailCommand extends StackyardCli.Base {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Messages asked for per request while listing all of them. */
    static final int PAGE = 200;

    @Override
    CommandSpec model() {
        return withSubcommands(CommandModel.command(this, "mail", "Reads the mail that a mail service caught."),
                new ListMail(), new Show(), new Clear());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return StackyardCli.USAGE;
    }

    /** What the mail commands share: which mail service. */
    abstract static class Action extends StackyardCli.Base {
        String service;

        /** The model of a mail command, with the option they all take. */
        CommandSpec command(String name, String description) {
            CommandSpec model = CommandModel.command(this, name, description);
            model.addOption(CommandModel.option("--service", String.class, () -> service, v -> service = v).paramLabel("ID")
                    .description("The mail service (needed when there are several).").build());
            return model;
        }

        /** The client of the chosen, running mail service; a wrong {@code --service} is a usage error. */
        MailClient client() throws Exception {
            MailBoxes boxes = context.mail();
            MailBoxes.Box box;
            try {
                box = boxes.pick(service);
            } catch (MailException e) {
                if (boxes.all().isEmpty()) {
                    throw e; // nothing to choose from: the operation fails
                }
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return boxes.client(box);
        }
    }

    static final class ListMail extends Action {
        boolean json;

        @Override
        CommandSpec model() {
            CommandSpec model = command("list",
                    "Lists the messages, newest first: number, time, from, to, attachments, subject; * marks unread ones.");
            model.addOption(CommandModel.flag("--json", () -> json, v -> json = v)
                    .description("Print a JSON array (the stable, scriptable form).").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            MailClient client = client();
            List<MailClient.Summary> all = new ArrayList<>();
            MailClient.Page page;
            do {
                page = client.list(all.size(), PAGE);
                all.addAll(page.messages());
            } while (!page.messages().isEmpty() && all.size() < page.total());
            if (json) {
                ArrayNode array = JsonText.array();
                for (int i = 0; i < all.size(); i++) {
                    MailClient.Summary m = all.get(i);
                    ObjectNode o = array.addObject();
                    o.put("number", i + 1);
                    o.put("id", m.id());
                    o.put("messageId", m.messageId());
                    o.put("time", m.created() == null ? null : m.created().toString());
                    address(o.putObject("from"), m.from());
                    ArrayNode to = o.putArray("to");
                    m.to().forEach(a -> address(to.addObject(), a));
                    ArrayNode cc = o.putArray("cc");
                    m.cc().forEach(a -> address(cc.addObject(), a));
                    o.put("subject", m.subject());
                    o.put("attachments", m.attachments());
                    o.put("size", m.size());
                    o.put("unread", !m.read());
                    o.put("snippet", m.snippet());
                }
                out().println(JsonText.pretty(array));
                return StackyardCli.OK;
            }
            if (all.isEmpty()) {
                out().println("No mail in " + client.service() + ".");
                return StackyardCli.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"N", "TIME", "FROM", "TO", "ATT", "SUBJECT"});
            for (int i = 0; i < all.size(); i++) {
                MailClient.Summary m = all.get(i);
                rows.add(new String[] {(i + 1) + (m.read() ? " " : "*"), time(m.created()), m.from().address(),
                        m.to().stream().map(MailClient.Address::address).collect(Collectors.joining(", ")),
                        m.attachments() == 0 ? "" : Integer.toString(m.attachments()), m.subject()});
            }
            int[] width = new int[5];
            rows.forEach(r -> {
                for (int c = 0; c < width.length; c++) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            });
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < width.length; c++) {
                    line.append(c == 0 ? pad(r[c], width[c], true) : pad(r[c], width[c], false)).append("  ");
                }
                out().println(line.append(r[5]).toString().stripTrailing());
            }
            return StackyardCli.OK;
        }

        private static void address(ObjectNode o, MailClient.Address a) {
            o.put("name", a.name());
            o.put("address", a.address());
        }

        private static String pad(String s, int width, boolean right) {
            String fill = " ".repeat(width - s.length());
            return right ? fill + s : s + fill;
        }
    }

    static final class Show extends Action {
        int number;
        boolean raw;

        @Override
        CommandSpec model() {
            CommandSpec model = command("show",
                    "Shows message N of the list (1 = newest): headers, text and attachments; --raw prints its source.");
            model.addPositional(CommandModel.positional("N", "1", int.class, () -> number, v -> number = v)
                    .description("The message's number in 'stackyard mail list'.").build());
            model.addOption(CommandModel.flag("--raw", () -> raw, v -> raw = v)
                    .description("Print the message's source as it was received.").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            if (number < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "N is a message's number in 'stackyard mail list', from 1 (the newest); got " + number);
            }
            MailClient client = client();
            MailClient.Page page = client.list(number - 1, 1);
            if (page.messages().isEmpty()) {
                throw new MailException("there is no message " + number + " in " + client.service() + ": it holds "
                        + page.total() + (page.total() == 1 ? " message" : " messages") + " (see stackyard mail list)");
            }
            String id = page.messages().getFirst().id();
            if (raw) {
                out().print(new String(client.raw(id), StandardCharsets.UTF_8));
                out().flush();
                return StackyardCli.OK;
            }
            MailClient.Message m = client.message(id);
            out().println("From: " + m.from().display());
            header("To", m.to());
            header("Cc", m.cc());
            header("Bcc", m.bcc());
            header("Reply-To", m.replyTo());
            if (m.date() != null) {
                out().println("Date: " + time(m.date()));
            }
            out().println("Subject: " + m.subject());
            for (MailClient.Attachment a : m.attachments()) {
                out().println("Attachment: " + a.fileName() + " (" + a.contentType() + ", " + size(a.size()) + ")");
            }
            out().println();
            if (!m.text().isBlank()) {
                out().println(m.text().stripTrailing());
            } else if (!m.html().isBlank()) {
                out().println("(no text part; the HTML part is at " + client.viewPage(id) + ")");
            } else {
                out().println("(no text)");
            }
            return StackyardCli.OK;
        }

        private void header(String name, List<MailClient.Address> addresses) {
            if (!addresses.isEmpty()) {
                out().println(name + ": " + addresses.stream().map(MailClient.Address::display).collect(Collectors.joining(", ")));
            }
        }
    }

    static final class Clear extends Action {
        @Override
        CommandSpec model() {
            return command("clear", "Deletes every message of the mail service.");
        }

        @Override
        public Integer call() throws Exception {
            MailClient client = client();
            int total = client.list(0, 1).total();
            client.deleteAll();
            out().println("deleted " + total + (total == 1 ? " message" : " messages") + " from " + client.service());
            return StackyardCli.OK;
        }
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** "512 B", "12.3 kB", "2.1 MB". */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f kB", bytes / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
