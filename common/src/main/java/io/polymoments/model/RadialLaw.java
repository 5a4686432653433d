package io.polymoments.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Law of a rotation-invariant input x = s·u (u uniform on the unit sphere of R^r, s ≥ 0 independent), normalised so
 * that E|x|² = r, i.e. E xxᵀ = I and α1 = 1 (docs/quadratic.md §2.3). Three families:
 * <ul>
 *   <li>{@code gaussian}: x ~ N(0, I_r), α_j = 1;</li>
 *   <li>{@code chi:ν}: s² ~ (r/ν)·χ²_ν, α_j = Π_{i&lt;j} (ν+2i)·r / (ν·(r+2i));</li>
 *   <li>{@code mix:v1,v2,…:p1,p2,…}: Gaussian scale mixture x = √v·g, v = v_l with probability p_l; the values are
 *       rescaled so that E v = 1; α_j = E v^j.</li>
 * </ul>
 * {@link #alpha(int, int)} gives α_j = E[s^{2j}] / (r(r+2)…(r+2j−2)); {@link #scale} draws the factor that turns a
 * standard Gaussian vector g into a draw of x (x = scale·g).
 */
public final class RadialLaw {
    private enum Kind { GAUSSIAN, CHI, MIX }

    private final Kind kind;
    private final double nu;
    private final double[] values;
    private final double[] cumulative;
    private final double[] probabilities;

    private RadialLaw(Kind kind, double nu, double[] values, double[] probabilities) {
        this.kind = kind;
        this.nu = nu;
        this.values = values;
        this.probabilities = probabilities;
        if (probabilities != null) {
            cumulative = new double[probabilities.length];
            double acc = 0;
            for (int i = 0; i < probabilities.length; i++) {
                acc += probabilities[i];
                cumulative[i] = acc;
            }
            cumulative[cumulative.length - 1] = 1.0;
        } else {
            cumulative = null;
        }
    }

    public static RadialLaw gaussian() {
        return new RadialLaw(Kind.GAUSSIAN, 0, null, null);
    }

    /** s² ~ (r/ν)·χ²_ν; ν &gt; 0 (ν → ∞ tends to the uniform law on the sphere of radius √r). */
    public static RadialLaw chi(double nu) {
        if (!(nu > 0) || Double.isInfinite(nu)) {
            throw new IllegalArgumentException("chi radial law needs degrees of freedom nu > 0 and finite, got " + nu);
        }
        return new RadialLaw(Kind.CHI, nu, null, null);
    }

    /** Gaussian scale mixture; {@code values} &gt; 0 are rescaled to E v = 1, {@code probabilities} normalised. */
    public static RadialLaw mixture(double[] values, double[] probabilities) {
        if (values.length == 0 || values.length != probabilities.length) {
            throw new IllegalArgumentException("scale mixture needs as many probabilities as variances (got "
                    + values.length + " variances, " + probabilities.length + " probabilities)");
        }
        double ps = 0;
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || !(probabilities[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("scale mixture needs variances > 0 and probabilities >= 0, got v="
                        + Arrays.toString(values) + " p=" + Arrays.toString(probabilities));
            }
            ps += probabilities[i];
        }
        if (!(ps > 0)) {
            throw new IllegalArgumentException("scale mixture probabilities sum to 0");
        }
        double[] p = new double[values.length];
        double mean = 0;
        for (int i = 0; i < values.length; i++) {
            p[i] = probabilities[i] / ps;
            mean += p[i] * values[i];
        }
        double[] v = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i] / mean;
        }
        return new RadialLaw(Kind.MIX, 0, v, p);
    }

    /** Parses {@code gaussian} (or {@code gauss}), {@code chi:ν}, {@code mix:v1,v2:p1,p2}. */
    public static RadialLaw parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("gaussian") || s.equals("gauss") || s.equals("normal")) {
                return gaussian();
            }
            if (s.startsWith("chi:")) {
                return chi(Double.parseDouble(s.substring(4)));
            }
            if (s.startsWith("mix:")) {
                String[] parts = s.substring(4).split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected mix:v1,v2,...:p1,p2,...");
                }
                return mixture(parseList(parts[0]), parseList(parts[1]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("radial law '" + spec + "': bad number (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException("unknown radial law '" + spec
                + "'; use gaussian, chi:<nu> or mix:<v1,v2,...>:<p1,p2,...>");
    }

    private static double[] parseList(String s) {
        String[] t = s.split(",");
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = Double.parseDouble(t[i].trim());
        }
        return v;
    }

    public boolean isGaussian() {
        return kind == Kind.GAUSSIAN;
    }

    /** α_j = E[s^{2j}] / (r(r+2)…(r+2j−2)) for j ≥ 1 (α_1 = 1 by the normalisation). */
    public double alpha(int j, int r) {
        if (j < 0 || r < 1) {
            throw new IllegalArgumentException("alpha needs j >= 0 and r >= 1, got j=" + j + " r=" + r);
        }
        switch (kind) {
            case GAUSSIAN:
                return 1.0;
            case CHI: {
                double a = 1.0;
                for (int i = 0; i < j; i++) {
                    a *= (nu + 2.0 * i) * r / (nu * (r + 2.0 * i));
                }
                return a;
            }
            default: {
                double a = 0;
                for (int l = 0; l < values.length; l++) {
                    a += probabilities[l] * Math.pow(values[l], j);
                }
                return a;
            }
        }
    }

    /**
     * The factor f with x = f·g for a standard Gaussian vector g of squared norm {@code gaussNorm2} in R^r: the result
     * has the law of this radial family (the direction g/|g| is uniform and independent of |g|).
     */
    public double scale(RandomGenerator rng, double gaussNorm2, int r) {
        switch (kind) {
            case GAUSSIAN:
                return 1.0;
            case CHI: {
                double s2 = chiSquare(rng, nu) * r / nu;
                return gaussNorm2 > 0 ? Math.sqrt(s2 / gaussNorm2) : 0.0;
            }
            default: {
                double u = rng.nextDouble();
                int l = 0;
                while (l < cumulative.length - 1 && u >= cumulative[l]) {
                    l++;
                }
                return Math.sqrt(values[l]);
            }
        }
    }

    /** χ²_ν = 2·Gamma(ν/2). */
    static double chiSquare(RandomGenerator rng, double nu) {
        return 2.0 * gamma(rng, nu / 2.0);
    }

    /** Gamma(shape, 1) by Marsaglia–Tsang; shape &lt; 1 through Gamma(shape+1)·U^{1/shape}. */
    static double gamma(RandomGenerator rng, double shape) {
        if (shape < 1.0) {
            double u = rng.nextDouble();
            return gamma(rng, shape + 1.0) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case GAUSSIAN:
                return "gaussian";
            case CHI:
                return "chi:" + nu;
            default:
                return "mix:" + Arrays.toString(values) + ":" + Arrays.toString(probabilities);
        }
    }

    /**
     * A radial law with the fitted α2 = E v², α3 = E v³ (E v = 1) of a rotation-invariant fit, so that the model's
     * exact moments up to order 3 are the fitted ones: the two-point Gaussian scale mixture (Gauss quadrature with two
     * nodes, which matches moments 0–3) when α2 &gt; 1; a chi law matching α2 when α2 &lt; 1 (α3 then approximate);
     * null when neither exists (the caller must then be told the law with --law).
     */
    public static String matchingSpec(double a2, double a3, int r) {
        if (!Double.isFinite(a2)) {
            return null;
        }
        if (a2 > 1 + 1e-9 && Double.isFinite(a3)) {
            // nodes: roots of v² + a v + b orthogonal to 1 and v under the law with moments 1, 1, α2, α3
            double a = -(a3 - a2) / (a2 - 1);
            double b = -a2 - a;
            double disc = a * a - 4 * b;
            if (disc > 0) {
                double v1 = (-a - Math.sqrt(disc)) / 2;
                double v2 = (-a + Math.sqrt(disc)) / 2;
                double p1 = (v2 - 1) / (v2 - v1);
                if (v1 > 0 && p1 > 0 && p1 < 1) {
                    return String.format(Locale.ROOT, "mix:%s,%s:%s,%s", v1, v2, p1, 1 - p1);
                }
            }
        }
        // chi: α2 = (ν+2) r / (ν (r+2))  ⇔  ν = 2r / (α2 (r+2) − r)
        double den = a2 * (r + 2) - r;
        if (den > 0 && Math.abs(a2 - 1) > 1e-9) {
            return "chi:" + (2.0 * r / den);
        }
        return Math.abs(a2 - 1) <= 1e-9 ? "gaussian" : null;
    }
}
