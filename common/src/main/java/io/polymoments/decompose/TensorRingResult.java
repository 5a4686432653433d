package io.polymoments.decompose;

/** A fitted tensor ring and the diagnostics of the fit. */
public record TensorRingResult(TensorRing ring, RingDiagnostics diagnostics) {
    public int[] ranks() {
        return ring.ranks();
    }
}
