package dev.tophash.engine;

import java.util.Collections;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a JUnit 3 test tree (what Guava testlib's suite builders make) as JUnit Jupiter dynamic
 * tests: a suite becomes a container, a test case a test that runs it with its own set-up and
 * tear-down. So the suites run under the JUnit Platform beside every other test, without the
 * Vintage engine, which JUnit deprecates.
 */
final class JUnit3Tests {
    private JUnit3Tests() {
    }

    /** asDynamic turns {@code test} and everything under it into dynamic nodes, in order. */
    static DynamicNode asDynamic(Test test) {
        if (test instanceof TestSuite suite) {
            return DynamicContainer.dynamicContainer(suite.getName(),
                Collections.list(suite.tests()).stream().map(JUnit3Tests::asDynamic));
        }
        if (test instanceof TestCase testCase) {
            return DynamicTest.dynamicTest(testCase.getName(), () -> run(testCase));
        }
        throw new IllegalArgumentException("neither a TestSuite nor a TestCase: " + test.getClass().getName());
    }

    /**
     * run runs one test case; a failure names the case's class and name, since reports that list
     * dynamic tests by index would otherwise not say which of thousands failed.
     */
    private static void run(TestCase testCase) throws Throwable {
        try {
            testCase.runBare();
        } catch (Throwable e) {
            throw new AssertionError(testCase.getClass().getSimpleName() + "." + testCase.getName() + ": " + e, e);
        }
    }
}
