package dev.tophash.engine;

import org.agrona.DirectBuffer;

/**
 * The JVM flags tophash needs, and the checks that name a missing one before a map depends on
 * it. Every map needs Agrona's: Agrona, which reads and writes tophash's off-heap memory, calls
 * {@code jdk.internal.misc.Unsafe}, and {@code java.base} exports that package only when the
 * command line says so. Without the check, the first map would die of an
 * {@code IllegalAccessError} from inside Agrona that names no flag. File-backed tables need
 * more flags, which {@link Mmap} checks.
 *
 * <p>A flag names the module it opens a package to: {@code ALL-UNNAMED} for a jar on the class
 * path, the module's own name for one on the module path. The messages name the one that
 * applies to the JVM they run in.
 */
final class JvmFlags {
    /** Agrona's flag when Agrona is on the class path, as the README gives it. */
    static final String AGRONA = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private JvmFlags() {
    }

    /**
     * requireAgronaAccess throws unless {@code java.base} exports {@code jdk.internal.misc} to
     * Agrona, so that no map touches Agrona's {@code UnsafeApi} without it. Reads the module
     * graph: O(1), no allocation when the flag is there.
     *
     * @throws IllegalStateException naming the missing flag and where to put it
     */
    static void requireAgronaAccess() {
        Module agrona = DirectBuffer.class.getModule();
        if (Object.class.getModule().isExported("jdk.internal.misc", agrona)) {
            return;
        }
        throw new IllegalStateException("tophash needs the JVM flag " + exports("java.base/jdk.internal.misc", agrona)
            + ", which this JVM was started without: Agrona, through which tophash reads and writes off-heap memory,"
            + " calls jdk.internal.misc.Unsafe. Put the flag on the java command line before the main class or -jar"
            + " (or in JDK_JAVA_OPTIONS); for tests, in Maven Surefire's <argLine>; in an executable jar, as the manifest"
            + " entry 'Add-Exports: java.base/jdk.internal.misc'. With Agrona on the module path, the flag is"
            + " --add-exports java.base/jdk.internal.misc=org.agrona");
    }

    /** exports is the {@code --add-exports} flag that exports {@code modulePackage} to {@code to}. */
    static String exports(String modulePackage, Module to) {
        return "--add-exports " + modulePackage + "=" + target(to);
    }

    /** opens is the {@code --add-opens} flag that opens {@code modulePackage} to {@code to}. */
    static String opens(String modulePackage, Module to) {
        return "--add-opens " + modulePackage + "=" + target(to);
    }

    private static String target(Module to) {
        return to.isNamed() ? to.getName() : "ALL-UNNAMED";
    }
}
