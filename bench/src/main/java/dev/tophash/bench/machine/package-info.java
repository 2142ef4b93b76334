/**
 * The {@code machine} command: what the machine itself adds to a map's operations, measured
 * with no map, so that a map's put-latency tail can be read against it.
 */
package dev.tophash.bench.machine;
