package io.polymoments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** API setting names become the command line's flags, for every setting the learners and services name. */
class FlagsTest {

    @Test
    void everySettingNamedInMessagesIsAFlagOfTheCommandLine() {
        assertEquals("--model", Flags.of("family"));
        assertEquals("--rank", Flags.of("rank"));
        assertEquals("--hidden", Flags.of("hidden"));
        assertEquals("--holdout", Flags.of("holdout"));
        assertEquals("--model-class", Flags.of("modelClass"));
        assertEquals("--input-law", Flags.of("inputLaw"));
        assertEquals("--max-iter", Flags.of("maxIter"));
        assertEquals("--columns", Flags.of("columns"));
        for (String flag : new String[] {"--model", "--rank", "--hidden", "--holdout", "--model-class", "--input-law",
                "--max-iter", "--activation", "--degree", "--restarts", "--strict", "--affine", "--tol", "--seed"}) {
            assertEquals(true, new FitCommandFlags().has(flag), flag + " is a flag of fit");
        }
    }

    /** The flags 'fit' declares, read from its picocli model. */
    private static final class FitCommandFlags {
        private final picocli.CommandLine.Model.CommandSpec spec =
                new picocli.CommandLine(new PolymomentsCli()).getSubcommands().get("fit").getCommandSpec();

        boolean has(String flag) {
            return spec.findOption(flag) != null;
        }
    }
}
