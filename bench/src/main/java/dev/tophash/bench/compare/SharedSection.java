package dev.tophash.bench.compare;

/**
 * Whether {@code compare} runs its shared-access section (the {@code shared} command's scenarios)
 * after the single-thread sizes.
 */
public enum SharedSection {
    /** The single-thread sizes, then the shared-access section. */
    ON,
    /** The single-thread sizes only. */
    OFF,
    /** The shared-access section only. */
    ONLY;

    /**
     * Whether the single-thread sizes run.
     *
     * @return false only for {@link #ONLY}
     */
    public boolean runsSizes() {
        return this != ONLY;
    }

    /**
     * Whether the shared-access section runs.
     *
     * @return false only for {@link #OFF}
     */
    public boolean runsShared() {
        return this != OFF;
    }
}
