package io.polymoments.fit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The settings of either family are checked against each other before any work, and refused saying what is wrong. */
class FittingTest {

    /** The message of the refusal of {@code fit} from samples. */
    private static String refused(Fit fit) {
        return assertThrows(InvalidInputException.class, () -> Fitting.check(fit.spec(), false, false)).getMessage();
    }

    private static void assertRefused(Fit fit, String mustContain) {
        String m = refused(fit);
        assertTrue(m.contains(mustContain), "message should mention '" + mustContain + "': " + m);
    }

    @Test
    void quadraticSettingsAreChecked() {
        assertRefused(Fit.family("cubic"), "--model quadratic");
        assertRefused(Fit.quadratic().rank("two"), "rank takes 'auto' or a whole number");
        assertRefused(Fit.quadratic().affine().modelClass("homogeneous"), "contradicts");
        assertRefused(Fit.quadratic().holdout("0.1"), "holdout applies to family lowrank only");
    }

    @Test
    void lowRankSettingsAreChecked() {
        assertRefused(Fit.lowRank().rank("2").activation("relu"), "activation 'relu' is not understood");
        assertRefused(Fit.lowRank().rank("2").activation("known:0,x"), "not a number");
        assertRefused(Fit.lowRank().rank("0"), "rank takes 'auto' or a whole number");
        assertRefused(Fit.lowRank().holdout("0.7"), "holdout takes 'auto', 0");
        assertRefused(Fit.lowRank().rank("2").degree(3).activation("known:0,1"), "contradicts");
    }
}
