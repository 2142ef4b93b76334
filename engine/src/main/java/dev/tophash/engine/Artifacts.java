package dev.tophash.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Maven coordinates ({@code groupId:artifactId:version}) of the jars that turn tophash's
 * optional features on, with the versions this build was tested with: what a message tells a
 * user to add. The build writes them into {@code optional-dependencies.properties} beside this
 * class from the versions in {@code pom.xml}, so they cannot drift from the pom.
 */
final class Artifacts {
    /** File-backed tables: Chronicle Core, whose {@code OS.map} maps a file region of any size. */
    static final String CHRONICLE_CORE;
    /** Huge pages: JNA, which binds {@code madvise}. */
    static final String JNA;
    /** The SLF4J provider that prints nothing, for an application that has no logging of its own. */
    static final String SLF4J_NOP;

    static {
        Properties p = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream("optional-dependencies.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read tophash's optional-dependencies.properties", e);
        }
        CHRONICLE_CORE = p.getProperty("chronicle-core", "net.openhft:chronicle-core");
        JNA = p.getProperty("jna", "net.java.dev.jna:jna");
        SLF4J_NOP = p.getProperty("slf4j-nop", "org.slf4j:slf4j-nop");
    }

    private Artifacts() {
    }
}
