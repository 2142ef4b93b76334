package dev.tophash.bench.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * What one comparison run does, already validated: the command line's options in the form the
 * runner uses.
 *
 * @param sizes the map sizes, each at least 1, in the order given
 * @param maps the canonical names of the maps to compare (see {@code LongLongPeer.NAMES})
 * @param resultsDir where the CSV, the text summary and the charts go
 * @param seed seeds the keys and the maps' hash functions, so runs repeat
 * @param warmupPasses untimed passes per map and operation before timing
 * @param timedPasses timed passes per map and operation; the median is reported
 * @param minOpsPerPass the least number of operations one timed pass does (small maps repeat
 *     their sweep over the keys until they reach it)
 * @param progress how progress is shown
 */
public record Settings(List<Integer> sizes, List<String> maps, Path resultsDir, long seed,
                       int warmupPasses, int timedPasses, long minOpsPerPass, ProgressMode progress) {
    /**
     * Copies the lists, so later changes to the caller's lists do not reach the run.
     *
     * @param sizes the map sizes
     * @param maps the map names
     * @param resultsDir the results folder
     * @param seed the seed
     * @param warmupPasses the warm-up passes
     * @param timedPasses the timed passes
     * @param minOpsPerPass the operations per pass
     * @param progress the progress display
     */
    public Settings {
        sizes = List.copyOf(sizes);
        maps = List.copyOf(maps);
    }
}
