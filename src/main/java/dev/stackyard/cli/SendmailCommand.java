package dev.stackyard.cli;

import dev.stackyard.usecase.MailDelivery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.stackyard.cli.StackyardCli.FAILED;
import static dev.stackyard.cli.StackyardCli.OK;

/**
 * {@code stackyard sendmail}: PHP's {@code sendmail_path} (Stackyard writes it into every php-fpm
 * config it renders, with the port). Reads the message from standard input and hands it to the mail
 * service; 1 with one line on stderr when it cannot, so mail() returns false. Other sendmail
 * options PHP or a framework pass ({@code -i}, {@code -oi}, {@code -bs}...) are accepted and ignored.
 */
@Command(name = "sendmail", description = "Hands a message on standard input to the mail service (PHP's sendmail_path).")
final class SendmailCommand extends StackyardCli.Base {
    @Option(names = "-t", description = "Also send to the recipients of the To, Cc and Bcc headers.")
    boolean fromHeaders;
    @Option(names = "-f", paramLabel = "ADDRESS", description = "The envelope sender (default: the From header's).")
    String from;
    @Option(names = {"-i", "-oi"}, hidden = true, description = "sendmail's 'a lone dot does not end the message': always so here.")
    boolean ignoreDots;
    @Option(names = "--port", paramLabel = "PORT", description = "The mail service's SMTP port (default: the first mail service in the config).")
    Integer port;
    @Option(names = "--no-mail-service", hidden = true,
            description = "Written by Stackyard into php-fpm's config when no mail service was configured.")
    boolean noService;
    @Parameters(paramLabel = "RECIPIENT", arity = "0..*")
    List<String> recipients = List.of();
    @Unmatched
    List<String> ignored = List.of();

    @Override
    public Integer call() throws IOException, dev.stackyard.config.ConfigException {
        if (noService) {
            err().println("stackyard sendmail: no mail service is configured; add one (stackyard add mail mail), then restart php-fpm");
            return FAILED;
        }
        Optional<Integer> target = port != null ? Optional.of(port)
                : MailDelivery.mailPort(context.configStore().load().services());
        if (target.isEmpty()) {
            err().println("stackyard sendmail: no mail service is configured; add one with: stackyard add mail mail");
            return FAILED;
        }
        byte[] message = System.in.readAllBytes();
        try {
            MailDelivery.deliver(message, target.get(), fromHeaders, recipients, from);
            return OK;
        } catch (MailDelivery.Failed e) {
            err().println(e.getMessage());
            return FAILED;
        }
    }
}
