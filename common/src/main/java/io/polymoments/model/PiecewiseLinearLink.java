package io.polymoments.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A continuous piecewise-linear map f: R → R given by knots t_0 < … < t_m and values f(t_i), linear in between
 * and constant outside [t_0, t_m] (f(t) = f(t_0) left of t_0, f(t_m) right of t_m). The hard instances use odd,
 * mostly monotone such maps ({@link #isOdd()}, {@link #isMonotone()}).
 *
 * <p>Equivalently f is a one-hidden-layer ReLU network {@link #reluForm()}: f(t) = b0 + Σ_j w_j·relu(t + c_j) with
 * b0 = f(t_0), c_j = −t_j and w_j the change of slope at t_j.
 *
 * <p>{@link #gaussianMoment(int)} integrates f(z)^p against the standard normal density exactly, piece by piece
 * (no sampling, no quadrature).
 */
public final class PiecewiseLinearLink implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] knots;
    private final double[] values;
    private final double[] slopes;

    /**
     * @param knots  strictly increasing, at least 2, finite
     * @param values f at the knots, finite, same length
     */
    public PiecewiseLinearLink(double[] knots, double[] values) {
        if (knots == null || values == null) {
            throw new IllegalArgumentException("knots and values are required");
        }
        if (knots.length < 2 || knots.length != values.length) {
            throw new IllegalArgumentException("a piecewise-linear link needs at least 2 knots and one value per knot, got "
                    + knots.length + " knots and " + values.length + " values");
        }
        for (int i = 0; i < knots.length; i++) {
            if (!Double.isFinite(knots[i]) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("knot " + i + " (t=" + knots[i] + ", f=" + values[i] + ") is not finite");
            }
            if (i > 0 && !(knots[i] > knots[i - 1])) {
                throw new IllegalArgumentException("knots must be strictly increasing; knot " + i + " = " + knots[i]
                        + " follows " + knots[i - 1]);
            }
        }
        this.knots = knots.clone();
        this.values = values.clone();
        this.slopes = new double[knots.length - 1];
        for (int i = 0; i < slopes.length; i++) {
            slopes[i] = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i]);
        }
    }

    /** The odd extension of half-line data: knots 0 = t_0 < … < t_K and values with f(0) = 0. */
    public static PiecewiseLinearLink oddExtension(double[] halfKnots, double[] halfValues) {
        int k = halfKnots.length - 1;
        if (k < 1 || halfValues.length != halfKnots.length || halfKnots[0] != 0 || halfValues[0] != 0) {
            throw new IllegalArgumentException("odd extension needs half-line knots starting at t=0 with f(0)=0 and one value per knot");
        }
        double[] t = new double[2 * k + 1];
        double[] v = new double[2 * k + 1];
        for (int i = 0; i <= k; i++) {
            t[k + i] = halfKnots[i];
            v[k + i] = halfValues[i];
            t[k - i] = -halfKnots[i];
            v[k - i] = -halfValues[i];
        }
        return new PiecewiseLinearLink(t, v);
    }

    public double[] knots() {
        return knots.clone();
    }

    public double[] values() {
        return values.clone();
    }

    /** Slopes of the m pieces between consecutive knots (the map is flat outside). */
    public double[] slopes() {
        return slopes.clone();
    }

    public double maxAbsSlope() {
        double m = 0;
        for (double s : slopes) {
            m = Math.max(m, Math.abs(s));
        }
        return m;
    }

    /** f(t) by direct interpolation. */
    public double apply(double t) {
        int m = knots.length - 1;
        if (t <= knots[0]) {
            return values[0];
        }
        if (t >= knots[m]) {
            return values[m];
        }
        int i = Arrays.binarySearch(knots, t);
        if (i >= 0) {
            return values[i];
        }
        int right = -i - 1; // knots[right-1] < t < knots[right]
        int left = right - 1;
        return values[left] + slopes[left] * (t - knots[left]);
    }

    /** Whether f(−t) = −f(t) exactly on the knots (knots symmetric, values antisymmetric). */
    public boolean isOdd() {
        int m = knots.length - 1;
        for (int i = 0; i <= m; i++) {
            if (knots[i] != -knots[m - i] || values[i] != -values[m - i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether f is non-decreasing. */
    public boolean isMonotone() {
        for (double s : slopes) {
            if (s < 0) {
                return false;
            }
        }
        return true;
    }

    /** The ReLU-network form of f (one unit per knot where the slope changes). */
    public ReluForm reluForm() {
        int m = knots.length - 1;
        double[] w = new double[m + 1];
        double[] c = new double[m + 1];
        int units = 0;
        for (int j = 0; j <= m; j++) {
            double before = j == 0 ? 0 : slopes[j - 1];
            double after = j == m ? 0 : slopes[j];
            double change = after - before;
            if (change != 0) {
                w[units] = change;
                c[units] = -knots[j];
                units++;
            }
        }
        return new ReluForm(values[0], Arrays.copyOf(w, units), Arrays.copyOf(c, units));
    }

    /**
     * f(t) = b0 + Σ_j weights[j]·relu(t + biases[j]): the map as a one-hidden-layer ReLU network.
     */
    public record ReluForm(double b0, double[] weights, double[] biases) implements Serializable {
        public ReluForm {
            if (weights.length != biases.length) {
                throw new IllegalArgumentException("ReLU form needs one bias per weight, got " + weights.length
                        + " weights and " + biases.length + " biases");
            }
            weights = weights.clone();
            biases = biases.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] biases() {
            return biases.clone();
        }

        public int units() {
            return weights.length;
        }

        public double apply(double t) {
            double s = b0;
            for (int j = 0; j < weights.length; j++) {
                double a = t + biases[j];
                if (a > 0) {
                    s += weights[j] * a;
                }
            }
            return s;
        }
    }

    /**
     * E f(z)^p for z ~ N(0,1), exactly: Φ(t_0)·f(t_0)^p + Φ̄(t_m)·f(t_m)^p plus, on each piece [a, b] where
     * f(t) = g(t) = α + s·t, the integral I_p = ∫_a^b g(t)^p φ(t) dt. Integrating g^{p−1}·(α + s·t)·φ by parts
     * (t·φ = −φ') gives the three-term recursion
     * <pre>  I_p = α·I_{p−1} + s²·(p−1)·I_{p−2} + s·(g(a)^{p−1}φ(a) − g(b)^{p−1}φ(b)),
     *   I_0 = Φ(b) − Φ(a),  I_1 = α·I_0 + s·(φ(a) − φ(b)).</pre>
     * Conditioning: rounding errors grow like (|α| / max|g|)^p on a piece, so the recursion is used only where the
     * line's intercept is small against its values on the piece (|α| ≤ 1.5·max(|g(a)|, |g(b)|): every piece of the
     * bounded instances). Other pieces (steep pieces far from 0, e.g. the compact instances' last piece with
     * α ≈ 12.7 against |g| ≤ 3.2) are integrated by 32-point Gauss–Legendre on sub-intervals of width ≤ 1/4, which
     * is exact for the polynomial factor and accurate to rounding for the smooth density there.
     */
    public double gaussianMoment(int p) {
        return gaussianMoments(p)[p];
    }

    /** E f(z)^q for q = 0..maxPower (index q). */
    public double[] gaussianMoments(int maxPower) {
        if (maxPower < 0) {
            throw new IllegalArgumentException("moment power must be non-negative, got " + maxPower);
        }
        int m = knots.length - 1;
        double[] out = new double[maxPower + 1];
        double left = StandardNormal.cdf(knots[0]);
        double right = StandardNormal.sf(knots[m]);
        for (int q = 0; q <= maxPower; q++) {
            out[q] += left * Math.pow(values[0], q) + right * Math.pow(values[m], q);
        }
        double[] piece = new double[maxPower + 1];
        for (int i = 0; i < m; i++) {
            double a = knots[i];
            double b = knots[i + 1];
            double s = slopes[i];
            double alpha = values[i] - s * a;
            double ga = values[i];
            double gb = values[i + 1];
            if (Math.abs(alpha) <= RECURSION_INTERCEPT_RATIO * Math.max(Math.abs(ga), Math.abs(gb))) {
                pieceByRecursion(a, b, alpha, s, ga, gb, piece);
            } else {
                pieceByQuadrature(a, b, ga, s, piece);
            }
            for (int p = 0; p <= maxPower; p++) {
                out[p] += piece[p];
            }
        }
        return out;
    }

    private static final double RECURSION_INTERCEPT_RATIO = 1.5;
    private static final double QUADRATURE_MAX_WIDTH = 0.25;
    private static final double[][] GAUSS_LEGENDRE_32 = gaussLegendre(32);

    /** I_p on [a, b] for g(t) = α + s·t by the integration-by-parts recursion (see {@link #gaussianMoment}). */
    private static void pieceByRecursion(double a, double b, double alpha, double s, double ga, double gb, double[] piece) {
        int maxPower = piece.length - 1;
        double pa = StandardNormal.pdf(a);
        double pb = StandardNormal.pdf(b);
        piece[0] = intervalProbability(a, b);
        if (maxPower >= 1) {
            piece[1] = alpha * piece[0] + s * (pa - pb);
        }
        double gaPow = ga; // g(a)^{p−1} for p = 2
        double gbPow = gb;
        for (int p = 2; p <= maxPower; p++) {
            piece[p] = alpha * piece[p - 1] + s * s * (p - 1) * piece[p - 2] + s * (gaPow * pa - gbPow * pb);
            gaPow *= ga;
            gbPow *= gb;
        }
    }

    /** I_p on [a, b] for g(t) = g(a) + s·(t − a) by Gauss–Legendre on short sub-intervals (positive weights: stable). */
    private static void pieceByQuadrature(double a, double b, double ga, double s, double[] piece) {
        java.util.Arrays.fill(piece, 0);
        int parts = (int) Math.ceil((b - a) / QUADRATURE_MAX_WIDTH);
        double w = (b - a) / parts;
        double[] x = GAUSS_LEGENDRE_32[0];
        double[] wt = GAUSS_LEGENDRE_32[1];
        for (int part = 0; part < parts; part++) {
            double lo = a + part * w;
            double mid = lo + 0.5 * w;
            for (int node = 0; node < x.length; node++) {
                double t = mid + 0.5 * w * x[node];
                double weight = 0.5 * w * wt[node] * StandardNormal.pdf(t);
                double g = ga + s * (t - a);
                double gp = 1;
                for (int p = 0; p < piece.length; p++) {
                    piece[p] += weight * gp;
                    gp *= g;
                }
            }
        }
    }

    /** Nodes and weights of n-point Gauss–Legendre on [−1, 1] (Newton's method on P_n from Chebyshev guesses). */
    static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double step = p1 / dp;
                z -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return new double[][] {x, w};
    }

    /** P(a < Z < b) without cancellation: computed in whichever tail the interval lies. */
    static double intervalProbability(double a, double b) {
        if (a >= 0) {
            return StandardNormal.sf(a) - StandardNormal.sf(b);
        }
        if (b <= 0) {
            return StandardNormal.cdf(b) - StandardNormal.cdf(a);
        }
        return 1 - StandardNormal.sf(b) - StandardNormal.cdf(a);
    }

    @Override
    public String toString() {
        return "PiecewiseLinearLink[" + knots.length + " knots on [" + knots[0] + ", " + knots[knots.length - 1] + "]]";
    }
}
