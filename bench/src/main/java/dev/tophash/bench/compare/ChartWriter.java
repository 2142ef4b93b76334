package dev.tophash.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws a report as PNG bar charts (XChart), without a display:
 * <ul>
 *   <li>{@code ns-per-op-<operation>.png}: one per operation, a bar per map for each size;</li>
 *   <li>{@code bytes-per-entry.png}: the same for memory;</li>
 *   <li>{@code put-latency-<size>.png}: one per size, put latency percentiles while growing,
 *       a line per map across the percentiles, and one for the {@link BusyWaitControl}, on a log scale (p50 and max are orders of
 *       magnitude apart; XChart's bars cannot be drawn on a log axis).</li>
 * </ul>
 * The caller has set {@code java.awt.headless} before AWT loaded ({@link RunEnvironment#prepare()}).
 */
public final class ChartWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private ChartWriter() {
    }

    /**
     * Writes every chart into {@code dir}, replacing earlier ones.
     *
     * @param report the finished run
     * @param dir the results folder, which must exist
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Report report, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<MapResult> ok = report.results().stream().filter(r -> !r.isFailed()).collect(Collectors.toList());
        if (ok.isEmpty()) {
            return files;
        }
        for (Op op : Op.values()) {
            files.add(save(bySize(ok, "ns/op: " + op.label() + " (lower is better)", "ns/op", r -> r.nsPerOp(op)),
                    dir, "ns-per-op-" + op.label()));
        }
        files.add(save(bySize(ok, "bytes per entry (lower is better)", "bytes/entry", MapResult::bytesPerEntry),
                dir, "bytes-per-entry"));
        for (int size : report.settings().sizes()) {
            List<MapResult> atSize = new ArrayList<>();
            for (MapResult r : ok) {
                if (r.size() == size) {
                    atSize.add(r);
                }
            }
            if (!atSize.isEmpty()) {
                files.add(save(latency(size, atSize, report.control(size)), dir, "put-latency-" + size));
            }
        }
        return files;
    }

    /** A bar per map for each size. */
    private static CategoryChart bySize(List<MapResult> results, String title, String yTitle,
                                        ToDoubleFunction<MapResult> figure) {
        CategoryChart chart = chart(title, "keys in the map", yTitle);
        Set<Integer> sizes = new LinkedHashSet<>();
        Set<String> maps = new LinkedHashSet<>();
        for (MapResult r : results) {
            sizes.add(r.size());
            maps.add(r.map());
        }
        List<String> categories = new ArrayList<>();
        for (int size : sizes) {
            categories.add(String.format(Locale.ROOT, "%,d", size));
        }
        for (String map : maps) {
            List<Double> values = new ArrayList<>();
            for (int size : sizes) {
                // A map that failed at one size has no bar there (XChart wants a value: 0).
                values.add(results.stream().filter(r -> r.size() == size && r.map().equals(map))
                        .mapToDouble(figure).findFirst().orElse(0));
            }
            chart.addSeries(map, categories, values);
        }
        return chart;
    }

    /** A line per map across the percentiles, log scale. */
    private static CategoryChart latency(int size, List<MapResult> results, Optional<BusyWaitControl> control) {
        CategoryChart chart = chart(
                String.format(Locale.ROOT, "put latency while growing from empty to %,d keys", size),
                "percentile", "ns (log scale)");
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        // Lines share the percentile's x position; side-by-side offsets are for bars.
        chart.getStyler().setOverlapped(true);
        List<String> categories = List.of(GrowthLatency.LABELS);
        for (MapResult r : results) {
            chart.addSeries(r.map(), categories, percentiles(r.growth()));
        }
        control.ifPresent(c -> chart.addSeries(BusyWaitControl.NAME, categories, percentiles(c.latency())));
        return chart;
    }

    private static List<Double> percentiles(GrowthLatency growth) {
        List<Double> values = new ArrayList<>();
        for (long ns : growth.percentiles()) {
            // Log scale: a 0 ns point cannot be drawn.
            values.add((double) Math.max(1, ns));
        }
        return values;
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        // Outside the plot: inside, it hides the tallest bars of the first size.
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        return chart;
    }

    private static Path save(CategoryChart chart, Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".png");
        try {
            // XChart appends the extension itself.
            BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapFormat.PNG);
        } catch (IOException | RuntimeException | Error e) {
            // Drawing fails after the file is opened: leave no empty PNG behind.
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
