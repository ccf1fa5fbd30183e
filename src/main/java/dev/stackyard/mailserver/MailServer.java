package dev.stackyard.mailserver;

import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stackyard's mail catcher, run by the {@code mail} kind as a process of its own (Stackyard's own
 * Java runtime and class path, this main class): SMTP on 127.0.0.1 that accepts any sender,
 * recipient and login and keeps each message as received ({@link MailStore}), and a page and a
 * Mailpit-shaped API on another port of 127.0.0.1 ({@link MailHttp}). Depends on nothing else of
 * Stackyard's (an ArchUnit rule), so it loads only its libraries.
 *
 * <p>Arguments: {@code --smtp-port N --http-port N --dir FOLDER --keep N --max-size BYTES}. Bad
 * arguments exit 2, a port that cannot be bound exits 1, each with one line on stderr. It stops on
 * TERM (the shutdown hook closes both servers; a message in the middle of DATA is not kept).
 */
public final class MailServer implements AutoCloseable {
    private final SMTPServer smtp;
    private final MailHttp http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    /** The settings, as given on the command line. */
    record Settings(int smtpPort, int httpPort, Path dir, int keep, long maxSize) {
    }

    MailServer(Settings s) throws IOException {
        MailStore store = new MailStore(s.dir(), s.keep());
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        smtp = SMTPServer.port(s.smtpPort())
                .bindAddress(loopback)
                .hostName("localhost")
                .softwareName("Stackyard mail")
                .messageHandlerFactory(new SmtpReceiver(store, s.maxSize()))
                // Any login is accepted: apps configured with a password keep working.
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> { }))
                .maxMessageSize((int) Math.min(Integer.MAX_VALUE, s.maxSize()))
                .maxConnections(1000)
                .executorService(threads)
                .build();
        http = new MailHttp(s.httpPort(), store, threads);
    }

    void start() {
        smtp.start();
        http.start();
    }

    @Override
    public void close() {
        smtp.stop();
        http.stop();
        threads.shutdownNow();
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("mail server: " + e.getMessage());
            System.exit(2);
            return;
        }
        MailServer server;
        try {
            server = new MailServer(settings);
            server.start();
        } catch (IOException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            System.err.println("mail server: cannot start: " + (cause instanceof BindException
                    ? "a port is already in use (SMTP " + settings.smtpPort() + ", HTTP " + settings.httpPort() + "): " + cause.getMessage()
                    : cause.getMessage()));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mail-server-stop"));
        System.out.println("mail server: SMTP on 127.0.0.1:" + settings.smtpPort() + ", web and API on http://127.0.0.1:"
                + settings.httpPort() + "/, messages in " + settings.dir() + " (newest " + settings.keep() + " kept)");
    }

    /** The command line as settings; IllegalArgumentException naming what is wrong. */
    static Settings parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (!List.of("--smtp-port", "--http-port", "--dir", "--keep", "--max-size").contains(key) || i + 1 >= args.size()) {
                throw new IllegalArgumentException("unknown or incomplete argument '" + key
                        + "'; usage: --smtp-port N --http-port N --dir FOLDER --keep N --max-size BYTES");
            }
            values.put(key, args.get(++i));
        }
        for (String required : List.of("--smtp-port", "--http-port", "--dir")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        return new Settings(number(values, "--smtp-port", "1025", 1, 65535), number(values, "--http-port", "8025", 1, 65535),
                Path.of(values.get("--dir")), number(values, "--keep", "500", 1, 1_000_000),
                number(values, "--max-size", Long.toString(25L << 20), 1, Integer.MAX_VALUE));
    }

    private static int number(Map<String, String> values, String key, String fallback, int min, int max) {
        return (int) number(values, key, fallback, min, (long) max);
    }

    private static long number(Map<String, String> values, String key, String fallback, long min, long max) {
        String text = values.getOrDefault(key, fallback);
        try {
            long n = Long.parseLong(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " " + text + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a number");
        }
    }
}
