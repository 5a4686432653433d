package io.polymoments.moments;

/**
 * Independent reference: per-row loops, exact two-pass centring and Kahan–Neumaier compensated sums of the
 * central products. Slow, simple, obviously right.
 */
final class NaiveMoments {
    private NaiveMoments() {}

    static double[] mean(double[][] rows) {
        int d = rows[0].length;
        double[] mu = new double[d];
        for (int c = 0; c < d; c++) {
            Compensated s = new Compensated();
            for (double[] r : rows) {
                s.add(r[c]);
            }
            mu[c] = s.value() / rows.length;
            Compensated corr = new Compensated();
            for (double[] r : rows) {
                corr.add(r[c] - mu[c]);
            }
            mu[c] += corr.value() / rows.length;
        }
        return mu;
    }

    /** Dense row-major central moment of order q divided by n. */
    static double[] centralMoment(double[][] rows, int q) {
        int d = rows[0].length;
        double[] mu = mean(rows);
        int total = (int) Math.pow(d, q);
        double[] out = new double[total];
        int[] idx = new int[q];
        for (int flat = 0; flat < total; flat++) {
            int rem = flat;
            for (int t = q - 1; t >= 0; t--) {
                idx[t] = rem % d;
                rem /= d;
            }
            Compensated s = new Compensated();
            for (double[] r : rows) {
                double p = 1;
                for (int t = 0; t < q; t++) {
                    p *= r[idx[t]] - mu[idx[t]];
                }
                s.add(p);
            }
            out[flat] = s.value() / rows.length;
        }
        return out;
    }

    static final class Compensated {
        private double sum;
        private double c;

        void add(double x) {
            double t = sum + x;
            if (Math.abs(sum) >= Math.abs(x)) {
                c += (sum - t) + x;
            } else {
                c += (x - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + c;
        }
    }
}
