package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The radial law matched to fitted moment ratios α2, α3 has those ratios. */
class RadialLawTest {

    @Test
    void matchingRadialLawReproducesAlpha2AndAlpha3() {
        for (String spec : new String[] {"mix:0.3,1.7:0.5,0.5", "mix:0.2,1.0,3.0:0.3,0.5,0.2", "chi:4", "chi:1"}) {
            RadialLaw law = RadialLaw.parse(spec);
            int r = 3;
            double a2 = law.alpha(2, r);
            double a3 = law.alpha(3, r);
            RadialLaw matched = RadialLaw.parse(RadialLaw.matchingSpec(a2, a3, r));
            assertEquals(a2, matched.alpha(2, r), 1e-12 * a2, spec);
            if (a2 > 1) {
                // two-point mixtures match α3 exactly; below α2 = 1 only the chi family is available
                assertEquals(a3, matched.alpha(3, r), 1e-12 * a3, spec);
            }
        }
        assertEquals("gaussian", RadialLaw.matchingSpec(1.0, 1.0, 4));
        assertNull(RadialLaw.matchingSpec(Double.NaN, 1.0, 4));
    }
}
