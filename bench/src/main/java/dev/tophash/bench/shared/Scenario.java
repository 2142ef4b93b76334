package dev.tophash.bench.shared;

import java.util.List;

/**
 * One way of sharing a map between threads: which maps take part, how each is built and filled,
 * which threads a turn runs on it, and what must hold after each turn.
 */
interface Scenario {
    /**
     * The scenario's name, a table's heading.
     *
     * @return such as {@code One writer, 1 reader}
     */
    String title();

    /**
     * What the threads do, in a few lines for the report.
     *
     * @return the lines
     */
    List<String> notes();

    /**
     * The roles of the turn's threads, in the order of the table's columns.
     *
     * @return at least one role
     */
    List<Role> roles();

    /**
     * The maps that take part, in the order of the first round.
     *
     * @return names from {@link SharedMap#NAMES}
     */
    List<String> maps();

    /**
     * Builds and fills the named map, from the calling thread.
     *
     * @param name one of {@link #maps()}
     * @return the filled map; the caller closes it
     */
    SharedMap build(String name);

    /**
     * The parts of one turn's threads on {@code map}.
     *
     * @param map a map from {@link #build}
     * @return one worker per thread
     */
    List<Worker> workers(SharedMap map);

    /**
     * Checks what must hold after a turn, once its threads have stopped.
     *
     * @param map the map
     * @throws IllegalStateException when it does not
     */
    void check(SharedMap map);
}
