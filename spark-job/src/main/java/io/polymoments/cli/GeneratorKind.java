package io.polymoments.cli;

import java.util.Locale;

/** The kinds `generate --kind` knows, each building its model from the command's options. */
enum GeneratorKind {
    GAUSSIAN {
        @Override
        GeneratedModel create(GenerateCommand o) {
            return GaussianGeneration.create(o);
        }
    },
    /** A moment-matching hard instance hidden along a seeded direction v: moments of degree <= k are those of N(0, I). */
    HARD {
        @Override
        GeneratedModel create(GenerateCommand o) {
            return HardGeneration.create(o);
        }
    },
    /** A random tensor-ring tensor (not a sample set): handled by {@link RingGeneration}. */
    RING {
        @Override
        GeneratedModel create(GenerateCommand o) {
            throw new IllegalStateException("--kind ring writes a tensor, not samples; GenerateCommand runs RingGeneration");
        }
    };

    abstract GeneratedModel create(GenerateCommand options);

    /** False for kinds that write something other than a sample set (ring: a tensor), which have no {@link #create}. */
    boolean writesSamples() {
        return this != RING;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
