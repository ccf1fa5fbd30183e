package dev.stackyard.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfiguratorTest {
    private final String appLogging = System.getProperty("stackyard.appLogging");
    private final String logDir = System.getProperty("stackyard.logDir");
    private final PrintStream err = System.err;

    @AfterEach
    void restore() {
        restore("stackyard.appLogging", appLogging);
        restore("stackyard.logDir", logDir);
        System.setErr(err);
    }

    @Test
    void infoGoesToTheLogFileAndErrorsAlsoToStderr(@TempDir Path dir) throws Exception {
        System.setProperty("stackyard.appLogging", "true");
        System.setProperty("stackyard.logDir", dir.toString());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's service provider does
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
        context.start();
        context.getLogger("Probe").debug("below the level");
        context.getLogger("Probe").info("an info line");
        context.getLogger("Probe").error("an error line");
        context.stop();

        String log = Files.readString(dir.resolve("stackyard.log"));
        assertTrue(log.contains("INFO  Probe - an info line"), log);
        assertTrue(log.contains("ERROR Probe - an error line"), log);
        assertFalse(log.contains("below the level"), log);
        String stderr = captured.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("ERROR Probe - an error line"), stderr);
        assertFalse(stderr.contains("an info line"), stderr);
    }

    @Test
    void linesKeepTheirFormatAndAnExceptionItsStackTrace(@TempDir Path dir) throws Exception {
        System.setProperty("stackyard.appLogging", "true");
        System.setProperty("stackyard.logDir", dir.toString());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        context.start();
        context.getLogger("dev.stackyard.Probe").warn("port {} taken", 8080);
        context.getLogger("dev.stackyard.Probe").error("failed", new IllegalStateException("boom"));
        context.stop();

        java.util.List<String> lines = Files.readAllLines(dir.resolve("stackyard.log"));
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[[^]]+] WARN  Probe - port 8080 taken"),
                lines.get(0));
        assertTrue(lines.get(1).matches(".* \\[[^]]+] ERROR Probe - failed"), lines.get(1));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(2));
        assertTrue(lines.get(3).startsWith("\tat dev.stackyard.logging.LogConfiguratorTest."), lines.get(3));
        String stderr = captured.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR Probe - failed\\R"
                + "java.lang.IllegalStateException: boom\\R\tat .*"), stderr);
    }

    @Test
    void stepsAsideForTheTestsLogbackTestXml() {
        System.clearProperty("stackyard.appLogging");
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        context.stop();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
