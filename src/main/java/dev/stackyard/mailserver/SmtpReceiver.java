package dev.stackyard.mailserver;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.RejectException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts every sender and recipient and hands DATA to the {@link MailStore}. A message over the
 * limit is answered {@code 552 5.3.4} (RFC 5321's "exceeded storage allocation") after its bytes
 * were read to the end, so the session goes on; the library itself already refuses a too large
 * {@code MAIL FROM ... SIZE=}. One handler per transaction, on that session's thread.
 */
final class SmtpReceiver implements MessageHandlerFactory {
    private final MailStore store;
    private final long limit;

    SmtpReceiver(MailStore store, long limit) {
        this.store = store;
        this.limit = limit;
    }

    @Override
    public MessageHandler create(MessageContext context) {
        return new MessageHandler() {
            private String from = "";
            private final List<String> to = new ArrayList<>();

            @Override
            public void from(String sender) {
                from = sender == null ? "" : sender;
            }

            @Override
            public void recipient(String recipient) {
                to.add(recipient);
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                try {
                    String id = store.receive(from, to, data, limit);
                    return "Ok: queued as " + id;
                } catch (MailStore.TooLarge e) {
                    throw new RejectException(552, "5.3.4 Message size exceeds fixed limit (" + limit + " bytes)");
                }
            }

            @Override
            public void done() {
                // Nothing held between transactions.
            }
        };
    }
}
