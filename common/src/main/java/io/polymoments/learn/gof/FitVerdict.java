package io.polymoments.learn.gof;

/** Goodness-of-fit verdict of a quadratic fit (docs/quadratic.md §9). {@link #toString()} gives the user-facing wording. */
public enum FitVerdict {
    FITS("fits"),
    DOES_NOT_FIT("does-not-fit"),
    /** The third (and fourth) cumulants are indistinguishable from sampling noise: nothing to identify from. */
    NEAR_GAUSSIAN_CANNOT_IDENTIFY("moments near-Gaussian: cannot identify");

    private final String label;

    FitVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
