package dev.stackyard.cli;

import dev.stackyard.usecase.MailDelivery;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.ArrayList;
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
final class SendmailCommand extends StackyardCli.Base {
    boolean fromHeaders;
    String from;
    boolean ignoreDots;
    Integer port;
    boolean noService;
    List<String> recipients = List.of();
    /** Other sendmail options, ignored; picocli adds to this list, so it must take additions. */
    List<String> ignored = new ArrayList<>();

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "sendmail",
                "Hands a message on standard input to the mail service (PHP's sendmail_path).");
        model.addOption(CommandModel.flag("-t", () -> fromHeaders, v -> fromHeaders = v)
                .description("Also send to the recipients of the To, Cc and Bcc headers.").build());
        model.addOption(CommandModel.option("-f", String.class, () -> from, v -> from = v).paramLabel("ADDRESS")
                .description("The envelope sender (default: the From header's).").build());
        model.addOption(CommandModel.flag("-i -oi", () -> ignoreDots, v -> ignoreDots = v).hidden(true)
                .description("sendmail's 'a lone dot does not end the message': always so here.").build());
        model.addOption(CommandModel.option("--port", Integer.class, () -> port, v -> port = v).paramLabel("PORT")
                .description("The mail service's SMTP port (default: the first mail service in the config).").build());
        model.addOption(CommandModel.flag("--no-mail-service", () -> noService, v -> noService = v).hidden(true)
                .description("Written by Stackyard into php-fpm's config when no mail service was configured.").build());
        model.addPositional(CommandModel.positionals("RECIPIENT", "0..*", () -> recipients, v -> recipients = v).build());
        model.addUnmatchedArgsBinding(CommandModel.unmatched(() -> ignored, v -> ignored = v));
        return model;
    }

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
