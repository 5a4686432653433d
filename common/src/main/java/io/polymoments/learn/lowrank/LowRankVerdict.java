package io.polymoments.learn.lowrank;

/** Verdict of a low-rank fit: what it may be trusted for (its constant names are written to the JSON reports). */
public enum LowRankVerdict {
    /** Moments fitted within their noise level and the parameters are locally identifiable. */
    FITS,
    /** Best restart still leaves moment residuals well above their noise level (wrong basin or wrong model). */
    DOES_NOT_FIT,
    /** Moments fitted, but the moment map has extra null directions: the law is fitted, the parameters are not unique. */
    NOT_IDENTIFIABLE,
    /** Whitened 3rd/4th cumulants vanish within sampling error: no nonlinear transform is identifiable from them. */
    MOMENTS_NEAR_GAUSSIAN,
    /** Full-rank covariance (m = d) and Gaussian-looking cumulants: no low-rank structure to fit. */
    NO_LOW_RANK_STRUCTURE
}
