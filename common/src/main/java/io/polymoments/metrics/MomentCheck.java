package io.polymoments.metrics;

/**
 * One held-out moment comparison in whitened coordinates: ‖model − data‖_F against the sampling noise of the data's
 * statistic. A correct model scores a ratio near 1 (about √2 when the model was fitted on as many other samples).
 *
 * @param residual ‖statistic of the model − statistic of the data‖_F
 * @param noise    estimated standard size of the data statistic's sampling error (same norm); NaN if unknown
 * @param relative residual / ‖statistic of the data‖_F (NaN when that norm is 0)
 */
public record MomentCheck(double residual, double noise, double relative) {
    /** residual / noise. */
    public double ratio() {
        if (Double.isNaN(noise)) {
            return Double.NaN;
        }
        return noise > 0 ? residual / noise : (residual == 0 ? 0 : Double.POSITIVE_INFINITY);
    }
}
