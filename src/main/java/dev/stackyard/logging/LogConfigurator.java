package dev.stackyard.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

import java.nio.file.Path;

/**
 * The app's logging, set up in code rather than from a logback.xml: parsing XML (Joran) loaded
 * about 500 classes on every CLI call, several times what this needs. Found by logback through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} before any XML is looked for.
 *
 * <p>Contract: INFO and up (or {@code STACKYARD_LOG_LEVEL}) go to {@code stackyard.log} in the
 * folder named by the system property {@code stackyard.logDir} (Main sets it to the service log
 * folder; else the temp folder), appended; ERROR also to stderr, so a command's output stays what
 * the command prints. The app's own JVMs get it through {@link AppLogProvider} without any class path
 * scan. Found by logback instead (the tests), it steps aside, letting logback's XML lookup run as usual, when
 * {@code -Dlogback.configurationFile} is given or a {@code logback-test.xml} is on the class path
 * (the tests'), unless {@code -Dstackyard.appLogging=true} asks for the app's set-up anyway (the
 * benchmark's idle JVM).
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Public, no arguments: logback instantiates it through the service loader. */
    public LogConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!Boolean.getBoolean("stackyard.appLogging") && (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        applyTo(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The app's set-up, without the look for another configuration ({@link AppLogProvider}'s way in). */
    static void applyTo(LoggerContext context) {
        String dir = System.getProperty("stackyard.logDir", System.getProperty("java.io.tmpdir"));

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(Path.of(dir, "stackyard.log").toString());
        file.setAppend(true);
        file.setEncoder(encoder(context, LineLayout.file()));
        file.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        ThresholdFilter errorsOnly = new ThresholdFilter();
        errorsOnly.setLevel("ERROR");
        errorsOnly.start();
        stderr.addFilter(errorsOnly);
        stderr.setEncoder(encoder(context, LineLayout.console()));
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("STACKYARD_LOG_LEVEL"), Level.INFO));
        root.addAppender(file);
        root.addAppender(stderr);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, LineLayout layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
