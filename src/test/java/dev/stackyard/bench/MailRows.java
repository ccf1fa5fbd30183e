package dev.stackyard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.probe.PortCheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The mail catcher (issue 18): SMTP accept → visible through the API (median over 200 messages),
 * messages per second with 8 concurrent senders, and the server process's own RSS idle and after
 * 1,000 messages (it keeps the default 500).
 */
final class MailRows {
    static final int LATENCY_MESSAGES = 200;
    static final int SENDERS = 8;
    static final int PER_SENDER = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Report report;
    private final Path root;
    private final HttpClient http = HttpClient.newHttpClient();

    MailRows(Report report, Path root) {
        this.report = report;
        this.root = root;
    }

    void run() throws Exception {
        try (BenchHome home = BenchHome.create(root, "mail")) {
            int smtp = PortCheck.findFree(21500);
            int page = PortCheck.findFree(smtp + 1);
            ServiceRegistry registry = home.registry(List.of(ServiceDefinition.builder("mail", ServiceKind.named("mail"))
                    .port(smtp).mail(new ServiceDefinition.MailSettings(page, null, null)).build()));
            long pid = registry.start("mail").pid();
            double idle = rssMiB(pid);

            List<Double> latencies = new ArrayList<>();
            try (Smtp client = new Smtp(smtp)) {
                for (int i = 0; i < LATENCY_MESSAGES; i++) {
                    long t0 = System.nanoTime();
                    client.send("Latency " + i);
                    while (total(page) < i + 1) {
                        Thread.onSpinWait();
                    }
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
            }
            report.row("mail: SMTP accept → visible in the API, ms", null, Stats.of(latencies).format(), null, LATENCY_MESSAGES);

            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            long t0 = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    done.add(pool.submit(() -> {
                        try (Smtp client = new Smtp(smtp)) {
                            for (int i = 0; i < PER_SENDER; i++) {
                                client.send("Sender " + sender + " #" + i);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.row("mail: messages/s, " + SENDERS + " concurrent senders", null,
                    Stats.num(SENDERS * PER_SENDER / seconds, false), null, SENDERS * PER_SENDER);
            report.row("mail: server RSS, MiB: idle → after " + (LATENCY_MESSAGES + SENDERS * PER_SENDER) + " messages",
                    null, Stats.num(idle, false) + " → " + Stats.num(rssMiB(pid), false), null, 1);
        }
    }

    private int total(int page) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + page
                + "/api/v1/messages?limit=1")).build(), HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(r.body()).get("total").asInt();
    }

    private static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for PID " + pid);
    }

    /** One SMTP connection sending small messages, reply by reply. */
    private static final class Smtp implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Smtp(int port) throws IOException {
            socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            expect("220");
            say("EHLO bench", "250");
        }

        void send(String subject) throws IOException {
            say("MAIL FROM:<bench@example.com>", "250");
            say("RCPT TO:<reader@example.com>", "250");
            say("DATA", "354");
            say("From: bench@example.com\r\nTo: reader@example.com\r\nSubject: " + subject
                    + "\r\n\r\nA short body of a typical notification mail.\r\n.", "250");
        }

        private void say(String line, String code) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(code);
        }

        private void expect(String code) throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null || !line.startsWith(code)) {
                    throw new IOException("expected " + code + ", got " + line);
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
