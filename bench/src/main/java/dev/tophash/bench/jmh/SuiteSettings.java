package dev.tophash.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark of the suite runs with, in one place: average time per op in
 * nanoseconds, 3 warm-up and 5 measured one-second iterations, one fork with the flags tophash
 * needs (Agrona's access to {@code jdk.internal.misc}, native access for the huge-page binding)
 * and a heap large enough for the 10M on-heap peers. JMH applies a superclass's annotations to
 * each subclass (its sample 24, "inheritance"); a subclass may override one, as
 * {@link Iterate} does its time unit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xmx12g"})
public abstract class SuiteSettings {
}
