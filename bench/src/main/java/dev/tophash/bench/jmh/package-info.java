/**
 * The JMH suite: one small class per concern, each run for every map, size and key
 * distribution.
 *
 * <ul>
 *   <li>{@link dev.tophash.bench.jmh.GetHit}, {@link dev.tophash.bench.jmh.GetMiss}: one lookup
 *       per op in a full map, the lookups independent of each other;</li>
 *   <li>{@link dev.tophash.bench.jmh.GetDependent}: one lookup per op whose key is the previous
 *       lookup's answer, the latency of a single get;</li>
 *   <li>{@link dev.tophash.bench.jmh.PutGrowing}: puts into a map growing from empty, per put;</li>
 *   <li>{@link dev.tophash.bench.jmh.Churn}: one remove and one insert per op at a steady size;</li>
 *   <li>{@link dev.tophash.bench.jmh.Iterate}: one full pass per op with each map's own
 *       primitive iteration;</li>
 *   <li>{@link dev.tophash.bench.jmh.Mix}: 90% get, 10% put (an update of a present key);</li>
 *   <li>{@link dev.tophash.bench.jmh.MemoryFloor}: one random 8-byte read from a region as large
 *       as a tophash table of the same size, the memory system's limit every figure is read
 *       against.</li>
 * </ul>
 *
 * <p>Every class follows one template: the settings of {@link dev.tophash.bench.jmh.SuiteSettings}, state
 * built in {@code @Setup(Level.Trial)}, keys drawn by {@link dev.tophash.bench.jmh.Keys},
 * inserted in one shuffled order and read sequentially from an array shuffled again, so the
 * only random memory accesses are the map's own; every result is returned to JMH.
 * {@link dev.tophash.bench.jmh.Suite#main} runs the whole package.
 */
package dev.tophash.bench.jmh;
