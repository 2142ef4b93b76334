package dev.tophash.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a bench command's command line in a test and hands back what it printed. */
public final class CommandLineTesting {
    private CommandLineTesting() {
    }

    /**
     * Runs the command on input that must be refused before anything is measured, and checks
     * that it exits with code 2.
     *
     * @param cl a new command line over the command
     * @param args the bad arguments
     * @return what it printed on standard error
     */
    public static String refused(CommandLine cl, String... args) {
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args), "exit code for " + String.join(" ", args));
        return err.toString();
    }

    /**
     * Runs {@code --help} and checks that it exits with code 0.
     *
     * @param cl a new command line over the command
     * @return the usage help printed on standard output
     */
    public static String help(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        return out.toString();
    }
}
