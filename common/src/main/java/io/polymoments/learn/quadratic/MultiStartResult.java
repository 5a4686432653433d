package io.polymoments.learn.quadratic;

import java.util.Arrays;

/**
 * Outcome of {@link MultiStartRefinement}.
 *
 * @param best             the refinement with the lowest final objective
 * @param bestStart        its index among the starts
 * @param finalValues      final objective (last-stage weights) of every start, in start order
 * @param nReachingBest    starts whose final value is within the reach tolerance of the best (including the best)
 * @param nConverged       starts whose last stage stopped for a reason other than the iteration limit
 * @param momentEquations  number of moment equations of order ≤ 3 (the counting of docs/quadratic.md §8)
 * @param unknowns         number of parameters modulo the O(r) action
 */
public record MultiStartResult(RefinementResult best, int bestStart, double[] finalValues, int nReachingBest,
                               int nConverged, int momentEquations, int unknowns) {

    public int nStarts() {
        return finalValues.length;
    }

    /** Fraction of starts that reached the best value ("reach" of docs/quadratic.md §14.6). */
    public double reachFraction() {
        return nReachingBest / (double) finalValues.length;
    }

    /**
     * Whether there are more moment equations than unknowns. At or below the bound (r = 5, d = 5: 55 vs 65;
     * r = 3, d = 2: 9 vs 9) moments of order ≤ 3 do not identify the parameters: several exact solutions exist
     * (docs/quadratic.md §14.6: errors 0.2–0.6 at objective ≈ 0). Above it identification is generic, not guaranteed.
     */
    public boolean countingBoundSatisfied() {
        return momentEquations > unknowns;
    }

    /**
     * One-line diagnostic. A single start reaching the best value means the optimum may not be global; below the
     * counting bound the fit is not identified whatever the objective.
     */
    public String diagnostic() {
        double[] sorted = finalValues.clone();
        Arrays.sort(sorted);
        String s = String.format("best objective %.3e (start %d); %d/%d starts reached it; median %.3e; "
                        + "%d/%d converged; moment equations %d vs unknowns %d",
                sorted[0], bestStart, nReachingBest, finalValues.length, sorted[sorted.length / 2],
                nConverged, finalValues.length, momentEquations, unknowns);
        if (!countingBoundSatisfied()) {
            s += " — AT/BELOW the counting bound: parameters are not identified by moments of order <= 3";
        } else if (nReachingBest < 2 && finalValues.length > 1) {
            s += " — only one start reached the best value: use more starts before trusting it";
        }
        return s;
    }
}
