package dev.stackyard.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to logback for the app's own JVMs, named by the system property
 * {@code slf4j.provider} (app/Main sets it): logback's {@code LogbackServiceProvider} with its
 * auto-configuration replaced by {@link LogConfigurator#applyTo}. What it saves is the class path
 * scans: SLF4J's search for providers, logback's search for configurators and its look for a
 * {@code logback-test.xml} each read the index of every jar on the class path (31 of them in the
 * package) to find a file that is in one jar or none; in the installed CLI that was most of the
 * 90 ms a hello-world pays for the class path. Without the property (the tests, a
 * {@code -Dlogback.configurationFile}) logback configures itself as usual.
 */
public final class AppLogProvider implements SLF4JServiceProvider {
    /** The SLF4J API version this binds to (logback's provider says the same). */
    private static final String API_VERSION = "2.0.99";

    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    /** Public, no arguments: SLF4J instantiates it by name. */
    public AppLogProvider() {
    }

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        LogConfigurator.applyTo(context);
        if (new StatusUtil(context).getHighestLevel(0) >= Status.WARN) {
            // Only then: StatusPrinter2's date format looks up a ZoneId (a class path scan, see LineLayout).
            new StatusPrinter2().print(context);
        }
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }
}
