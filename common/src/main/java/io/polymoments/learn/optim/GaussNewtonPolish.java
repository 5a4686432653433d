package io.polymoments.learn.optim;

import io.polymoments.linalg.Cholesky;

/**
 * Gauss–Newton steps from the end point of a minimiser that stops on the cost, until the gradient stops shrinking.
 * A cost-based stop (no step lowers f at machine precision) resolves the parameters only to about √ε relative, since
 * f is flat to ε·f within that distance of its minimum: two runs from sketches equal to 1e-15 then stopped 1e-9
 * apart. The gradient keeps resolving the minimum down to its own rounding, so steps are accepted while they shrink
 * max|∇f| and do not raise f beyond rounding. A damping of 1e-6·max diag(JᵀJ) keeps the steps off the null directions
 * of the gauge (rotations of the latent coordinates): there the gradient is zero only up to its rounding, which a
 * nearly undamped solve turns into rotations (at 1e-12 the polished fits of two equal sketches differed by 3e-7;
 * at 1e-6 by 1e-12). Directions with at least 1e-6 of the largest curvature converge as in Gauss–Newton, flatter ones
 * more slowly, every accepted step still shrinking the gradient.
 */
public final class GaussNewtonPolish {
    private static final int MAX_STEPS = 8;

    private GaussNewtonPolish() {}

    /** The polished point (x itself when no step helps); x is not modified. */
    public static double[] polish(NormalEquationsFunction fn, double[] x) {
        int n = fn.parameterCount();
        double[] jtj = new double[n * n];
        double[] g = new double[n];
        double cost = fn.normalEquations(x, jtj, g);
        double gMax = Lbfgs.maxAbs(g);
        double[] best = x;
        double[] trialJtj = new double[n * n];
        double[] trialG = new double[n];
        for (int step = 0; step < MAX_STEPS && gMax > 0; step++) {
            double maxDiag = 0;
            for (int i = 0; i < n; i++) {
                maxDiag = Math.max(maxDiag, jtj[i + i * n]);
            }
            double[] a = jtj.clone();
            for (int i = 0; i < n; i++) {
                a[i + i * n] += 1e-6 * maxDiag;
            }
            Cholesky chol = Cholesky.tryFactor(a, n);
            if (chol == null) {
                break;
            }
            double[] h = chol.solve(g);
            double[] trial = best.clone();
            for (int i = 0; i < n; i++) {
                trial[i] -= h[i];
            }
            double trialCost = fn.normalEquations(trial, trialJtj, trialG);
            double trialMax = Lbfgs.maxAbs(trialG);
            if (!(trialMax < gMax) || !(trialCost <= cost * (1 + 1e-12))) {
                break;
            }
            best = trial;
            cost = trialCost;
            gMax = trialMax;
            System.arraycopy(trialJtj, 0, jtj, 0, n * n);
            System.arraycopy(trialG, 0, g, 0, n);
        }
        return best;
    }
}
