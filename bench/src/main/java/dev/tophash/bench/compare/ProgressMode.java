package dev.tophash.bench.compare;

/** How the comparison shows its progress on standard error. */
public enum ProgressMode {
    /** A progress bar on a terminal, plain lines otherwise (CI logs, pipes, files). */
    AUTO,
    /** A progress bar, redrawn in place. */
    BAR,
    /** One plain line per step: safe in logs. */
    LINES,
    /** Nothing. */
    NONE
}
