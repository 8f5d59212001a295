package dev.handoff.bench;

import java.nio.file.Path;

/** One benchmark: generates its own data under a work directory, then times our code against a reference tool. */
interface BenchCase {

    /** Short name used by {@code --only} and in the results table. */
    String name();

    /** The goal, in words, for the results table. */
    String goal();

    /**
     * Runs the case.
     *
     * @param scale sizes to use
     * @param work  an empty directory for generated data, deleted afterwards
     * @param log   progress messages
     */
    BenchResult run(Scale scale, Path work, java.util.function.Consumer<String> log) throws Exception;

    /** Data sizes: {@code full} is the benchmark proper, {@code small} a quick smoke run of the same code. */
    enum Scale {
        SMALL, FULL;

        boolean full() {
            return this == FULL;
        }
    }
}
