package dev.stackyard.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subcommands registered one by one (StackyardCli.COMMANDS) are the ones help shows and usage finds. */
class StackyardCliTest {

    @Test
    void eachRegisteredNameIsItsCommandsOwnName() {
        for (Map.Entry<String, Class<? extends StackyardCli.Base>> c : StackyardCli.COMMANDS) {
            assertEquals(c.getKey(), c.getValue().getAnnotation(Command.class).name(), c.getValue().getName());
        }
    }

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        int code = StackyardCli.run(null, new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertEquals(StackyardCli.OK, code);
        for (Map.Entry<String, Class<? extends StackyardCli.Base>> c : StackyardCli.COMMANDS) {
            assertTrue(out.toString().contains("\n  " + c.getKey() + " "), c.getKey() + " missing from:\n" + out);
        }
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSuggestsTheRightOne() {
        StringWriter err = new StringWriter();
        int code = StackyardCli.run(null, new PrintWriter(new StringWriter()), new PrintWriter(err), "stauts");
        assertEquals(StackyardCli.USAGE, code);
        assertTrue(err.toString().contains("status"), err.toString());
    }

    @Test
    void aCommandBuiltAloneStillGivesItsOwnUsageOnABadOption() {
        StringWriter err = new StringWriter();
        int code = StackyardCli.run(null, new PrintWriter(new StringWriter()), new PrintWriter(err), "status", "--bogus");
        assertEquals(StackyardCli.USAGE, code);
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Usage: stackyard status"), err.toString());
    }
}
