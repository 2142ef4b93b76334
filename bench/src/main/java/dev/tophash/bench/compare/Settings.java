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
 * @param warmupRounds untimed rounds per size before the timed ones
 * @param rounds timed rounds per size; the median and the minimum are reported
 * @param minOpsPerPass the least number of operations one pass of one operation does (small
 *     maps repeat their sweep over the keys until they reach it)
 * @param progress how progress is shown
 */
public record Settings(List<Integer> sizes, List<String> maps, Path resultsDir, long seed,
                       int warmupRounds, int rounds, long minOpsPerPass, ProgressMode progress) {
    /**
     * Copies the lists, so later changes to the caller's lists do not reach the run.
     *
     * @param sizes the map sizes
     * @param maps the map names
     * @param resultsDir the results folder
     * @param seed the seed
     * @param warmupRounds the warm-up rounds
     * @param rounds the timed rounds
     * @param minOpsPerPass the operations per pass
     * @param progress the progress display
     */
    public Settings {
        sizes = List.copyOf(sizes);
        maps = List.copyOf(maps);
    }
}
