package io.polymoments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.polymoments.InvalidInputException;
import io.polymoments.model.HardInstance;
import io.polymoments.model.PiecewiseLinearLink;
import org.junit.jupiter.api.Test;

class HardInstanceCatalogTest {
    private static final String[] NAMES = {"bounded_k4", "bounded_k6", "bounded_k8", "compact_k4", "compact_k6"};

    /** Exact integration: E f(z)^p = E z^p for p ≤ k to 1e-10 for every shipped instance. */
    @Test
    void everyInstanceMatchesTheGaussianMomentsUpToK() {
        HardInstanceCatalog catalog = HardInstanceCatalog.shipped();
        for (String name : NAMES) {
            HardInstance inst = catalog.get(name);
            double[] m = inst.f().gaussianMoments(inst.k());
            assertEquals(1, m[0], 1e-14, name + " total mass");
            for (int p = 1; p <= inst.k(); p++) {
                assertEquals(HardInstance.gaussianMoment(p), m[p], 1e-10, name + " p=" + p);
            }
            assertTrue(inst.maxMomentResidual() < 1e-10, name);
        }
    }

    /**
     * The next even moment differs: against the 40-digit values stored in the file (computed by mpmath, not by
     * this code) and the figures of docs/hard-instances.md §2.
     */
    @Test
    void theNextEvenMomentDiffers() {
        HardInstanceCatalog catalog = HardInstanceCatalog.shipped();
        for (String name : NAMES) {
            HardInstanceCatalog.Entry e = catalog.entry(name);
            int k = e.instance().k();
            double[] m = e.instance().f().gaussianMoments(k + 4);
            for (int p : new int[] {k + 2, k + 4}) {
                double stored = e.unmatchedMoments().get(p);
                assertEquals(stored, m[p], 1e-10 * stored, name + " p=" + p);
                assertTrue(HardInstance.gaussianMoment(p) - m[p] > 0.5, name + " p=" + p + " should fall short of the Gaussian");
            }
            assertEquals(0, m[k + 1], 1e-12, name + " odd moment");
        }
        assertEquals(12.588, catalog.get("bounded_k4").f().gaussianMoment(6), 5e-4);
        assertEquals(59.80, catalog.get("bounded_k4").f().gaussianMoment(8), 5e-3);
        assertEquals(96.44, catalog.get("bounded_k6").f().gaussianMoment(8), 5e-3);
        assertEquals(695.3, catalog.get("bounded_k6").f().gaussianMoment(10), 0.05);
    }

    @Test
    void shapesAndReluFormsAreTheDocumentedOnes() {
        HardInstanceCatalog catalog = HardInstanceCatalog.shipped();
        for (String name : NAMES) {
            HardInstanceCatalog.Entry e = catalog.entry(name);
            PiecewiseLinearLink f = e.instance().f();
            assertTrue(f.isOdd(), name);
            assertEquals(name.startsWith("bounded"), f.isMonotone(), name);
            PiecewiseLinearLink.ReluForm own = f.reluForm();
            assertEquals(e.storedRelu().b0(), own.b0(), 1e-14, name);
            assertArrayEquals(e.storedRelu().weights(), own.weights(), 1e-12, name);
            assertArrayEquals(e.storedRelu().biases(), own.biases(), 1e-15, name);
        }
        PiecewiseLinearLink k4 = catalog.get("bounded_k4").f();
        assertEquals(1.666656, k4.maxAbsSlope(), 1e-6);
        assertEquals(2.331575, k4.apply(10), 1e-6);
        assertEquals(-0.953648, k4.apply(-1), 1e-6);
        assertEquals(8, k4.reluForm().units());
        assertEquals(12, catalog.get("bounded_k6").f().reluForm().units());
    }

    @Test
    void namesAliasesAndErrors() {
        HardInstanceCatalog catalog = HardInstanceCatalog.shipped();
        assertEquals("bounded_k4", HardInstanceCatalog.load("recommended").name());
        assertEquals("bounded_k4", catalog.get("recommended_k4").name());
        assertEquals("bounded_k6", catalog.get("recommended_k6").name());
        assertEquals("bounded_k6", catalog.recommended(6).name());
        assertEquals(4, catalog.get("compact_k4").k());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> catalog.get("bounded_k5"));
        for (String name : NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(e.getMessage().contains("recommended"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> catalog.recommended(8));
    }

    @Test
    void corruptReluFormIsRejected() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                HardInstanceCatalog.class.getResourceAsStream(HardInstanceCatalog.RESOURCE));
        var relu = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("instances").path("bounded_k4").path("relu");
        relu.put("b0", -2.3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HardInstanceCatalog.parse(root));
        assertTrue(e.getMessage().contains("bounded_k4"), e.getMessage());
    }
}
