package dev.stackyard.usecase;

import dev.stackyard.core.service.ServiceDefinition;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code stackyard sendmail}: hands one message, as PHP's mail() wrote it, to the mail service over
 * SMTP on 127.0.0.1 (Jakarta Mail's SMTP transport), unchanged apart from a Bcc header, which
 * {@code sendmail -t} never passes on. Stateless.
 */
public final class MailDelivery {
    private MailDelivery() {
    }

    /** A delivery that did not happen; the message is one line for stderr. */
    public static final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /** The SMTP port of the first configured service whose kind catches mail, if any. */
    public static Optional<Integer> mailPort(List<ServiceDefinition> definitions) {
        return MailCommandLine.mailPort(definitions);
    }

    /**
     * Delivers {@code message}.
     *
     * @param fromHeaders  {@code -t}: the recipients of the To, Cc and Bcc headers are added
     * @param recipients   recipients given as arguments
     * @param envelopeFrom {@code -f}, or null for the From header's address
     */
    public static void deliver(byte[] message, int port, boolean fromHeaders, List<String> recipients,
                               String envelopeFrom) throws Failed {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(port));
        props.setProperty("mail.smtp.connectiontimeout", "5000");
        props.setProperty("mail.smtp.timeout", "60000");
        props.setProperty("mail.smtp.localhost", "localhost"); // no look-up of this machine's name
        props.setProperty("mail.mime.allowutf8", "true");
        if (envelopeFrom != null && !envelopeFrom.isBlank()) {
            props.setProperty("mail.smtp.from", envelopeFrom);
        }
        Session session = Session.getInstance(props);
        try {
            MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(message));
            List<Address> to = new ArrayList<>();
            for (String r : recipients) {
                to.addAll(List.of(InternetAddress.parse(r, false)));
            }
            if (fromHeaders) {
                for (String header : List.of("To", "Cc", "Bcc")) {
                    String value = m.getHeader(header, ",");
                    if (value != null && !value.isBlank()) {
                        to.addAll(List.of(InternetAddress.parseHeader(value, false)));
                    }
                }
                m.removeHeader("Bcc");
            }
            if (to.isEmpty()) {
                throw new Failed("stackyard sendmail: the message has no recipient; name one, or use -t with a To header");
            }
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(m, to.toArray(Address[]::new));
            }
        } catch (AddressException e) {
            throw new Failed("stackyard sendmail: not an address: " + e.getRef() + " (" + e.getMessage() + ")");
        } catch (MessagingException e) {
            if (causedBy(e, ConnectException.class)) {
                throw new Failed("stackyard sendmail: no mail service answers on 127.0.0.1:" + port
                        + "; start it (stackyard start ID, or the window's Start)");
            }
            throw new Failed("stackyard sendmail: the mail service on 127.0.0.1:" + port + " refused the message: "
                    + e.getMessage().strip().replace('\n', ' '));
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
