package io.polymoments.cli;

import picocli.CommandLine.Option;

/** The seed every command with random choices takes: one flag, one default, one meaning. */
final class SeedOption {
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of every random choice the command makes: the same seed and inputs give the same"
                    + " result (default: ${DEFAULT-VALUE}).")
    long value;
}
