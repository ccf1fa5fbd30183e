package dev.stackyard.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subcommands registered one by one (StackyardCli.COMMANDS) are the ones help shows and usage finds. */
class StackyardCliTest {

    @Test
    void eachRegisteredNameIsItsCommandsOwnName() {
        for (String name : StackyardCli.COMMANDS) {
            assertEquals(name, StackyardCli.command(name).model().name());
        }
    }

    @Test
    void aCommandLineThatNamesACommandBuildsOnlyThatOnesModel() {
        assertEquals(java.util.Set.of("status"), StackyardCli.commandLine(null, "status", "--json").getSubcommands().keySet());
        assertEquals(java.util.Set.of("site"), StackyardCli.commandLine(null, "site", "list").getSubcommands().keySet());
        assertEquals(java.util.Set.copyOf(StackyardCli.COMMANDS), StackyardCli.commandLine(null, "--help").getSubcommands().keySet());
        assertEquals(java.util.Set.copyOf(StackyardCli.COMMANDS), StackyardCli.commandLine(null, "stauts").getSubcommands().keySet());
    }

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        int code = StackyardCli.run(null, new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertEquals(StackyardCli.OK, code);
        for (String name : StackyardCli.COMMANDS) {
            assertTrue(out.toString().contains("\n  " + name + " "), name + " missing from:\n" + out);
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
