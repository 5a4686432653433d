package io.polymoments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input gets an IllegalArgumentException that names the parameter. */
class ValidationTest {

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention " + fragment);
    }

    @Test
    void quadraticTransformShapes() {
        assertMessage("d*r*r", () -> QuadraticTransform.of(2, 3, new double[11], null, null));
        assertMessage("b must", () -> QuadraticTransform.of(2, 3, new double[12], new double[5], null));
        assertMessage("c must", () -> QuadraticTransform.of(2, 3, new double[12], null, new double[2]));
        double[] q = new double[4];
        q[2] = 1.0; // Q_01 = 1 but Q_10 = 0
        assertMessage("not symmetric", () -> QuadraticTransform.homogeneous(2, 1, q));
        assertMessage("n x r", () -> QuadraticTransform.random(2, 2, QuadraticTransform.Structure.EQUAL, 1, false, 1)
                .apply(new double[3], 2));
        assertMessage("lowrank", () -> QuadraticTransform.Structure.parse("banded"));
        assertEquals(QuadraticTransform.Structure.LOWRANK, QuadraticTransform.Structure.parse(" LowRank "));
    }

    @Test
    void radialLawParsing() {
        assertMessage("unknown radial law", () -> RadialLaw.parse("student:3"));
        assertMessage("nu > 0", () -> RadialLaw.parse("chi:-1"));
        assertMessage("bad number", () -> RadialLaw.parse("chi:x"));
        assertMessage("as many probabilities", () -> RadialLaw.parse("mix:1,2:1"));
        assertTrue(RadialLaw.parse("Gaussian").isGaussian());
        // the mixture is normalised to E v = 1 whatever the input scale
        assertEquals(1.0, RadialLaw.parse("mix:3,17:1,1").alpha(1, 4), 1e-15);
        assertEquals(RadialLaw.parse("mix:0.3,1.7:0.5,0.5").alpha(3, 4), RadialLaw.parse("mix:3,17:1,1").alpha(3, 4),
                1e-12);
    }

    @Test
    void randomInstancesAreReproducibleAndShaped() {
        QuadraticTransform a = QuadraticTransform.random(4, 9, QuadraticTransform.Structure.EQUAL, 0.1, true, 77);
        QuadraticTransform b = QuadraticTransform.random(4, 9, QuadraticTransform.Structure.EQUAL, 0.1, true, 77);
        assertEquals(0.0, io.polymoments.linalg.Matrices.distance(a.q(), b.q()));
        assertEquals(0.0, io.polymoments.linalg.Matrices.distance(a.b(), b.b()));
        // "equal": ‖Q0‖_F = r, so with ρ = 0.1 each ‖Q_i‖_F is close to r
        for (int i = 0; i < 9; i++) {
            double n = io.polymoments.linalg.Matrices.frobeniusNorm(a.q(i));
            assertEquals(4.0, n, 4 * 0.1 * 4 + 1e-12);
        }
        QuadraticTransform c = QuadraticTransform.random(4, 9, QuadraticTransform.Structure.LOWRANK, 0.0, false, 5);
        // ρ = 0, low rank: every Q_i lies in the span of two fixed rank-one matrices, so the Q_i span 2 dimensions
        double[] f = c.svecRows();
        io.polymoments.linalg.Svd svd = io.polymoments.linalg.Svd.of(io.polymoments.linalg.Matrices.transpose(f, 10, 9),
                9, 10);
        assertTrue(svd.s()[2] < 1e-12 * svd.s()[0]);
        assertTrue(c.isHomogeneous() && !a.isHomogeneous());
    }
}
