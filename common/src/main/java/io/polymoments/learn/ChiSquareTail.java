package io.polymoments.learn;

/**
 * Upper tail of the chi-square distribution with an integer number of degrees of freedom: Q(df/2, x/2), the
 * regularised upper incomplete gamma function (series below a + 1, continued fraction above). ln Γ(df/2) is
 * computed exactly as a sum of logarithms, since df/2 is an integer or a half-integer.
 */
public final class ChiSquareTail {
    private ChiSquareTail() {}

    /** P(χ²_df > x). */
    public static double sf(double x, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1;
        }
        double a = 0.5 * df;
        double y = 0.5 * x;
        double logPrefactor = a * Math.log(y) - y - logGammaHalfInteger(df);
        if (y < a + 1) {
            // P(a, y) = y^a e^{-y} / Γ(a) · Σ y^n / (a (a+1) … (a+n))
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 100000; n++) {
                term *= y / (a + n);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            return Math.max(0, 1 - Math.exp(logPrefactor) * sum);
        }
        // Q(a, y) = y^a e^{-y}/Γ(a) · 1/(y + 1 − a − 1·(1−a)/(y + 3 − a − 2·(2−a)/(y + 5 − a − …))) (modified Lentz)
        double tiny = 1e-300;
        double b = y + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 100000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(logPrefactor) * h;
    }

    /** ln Γ(df/2). */
    static double logGammaHalfInteger(int df) {
        double s = 0;
        if (df % 2 == 0) {
            for (int k = 2; k < df / 2; k++) {
                s += Math.log(k);
            }
        } else {
            s = 0.5 * Math.log(Math.PI);
            for (int k = 0; k < df / 2; k++) {
                s += Math.log(k + 0.5);
            }
        }
        return s;
    }
}
