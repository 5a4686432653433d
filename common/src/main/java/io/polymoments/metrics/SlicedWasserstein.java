package io.polymoments.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sliced Wasserstein-1 between two samples of R^d: W1 of the projections onto random unit directions (uniform on the
 * sphere, seeded), averaged and maximised over the directions. On whitened data every projection of a Gaussian is
 * N(0,1), so {@link Wasserstein1D#gaussianNoiseFloor} of the same sizes is the floor of each slice and of their mean.
 * Random slices are what cheap evaluation sees; hard instances sit at this floor and show only along special
 * directions (see {@link ProjectionSearch}).
 */
public final class SlicedWasserstein {
    private SlicedWasserstein() {}

    /**
     * @param mean       average W1 over the directions
     * @param max        largest W1 over the directions
     * @param perSlice   W1 along each direction
     * @param directions the directions, row-major count×d
     */
    public record Result(double mean, double max, double[] perSlice, double[] directions) {}

    /** Row-major samples a (na×d) and b (nb×d), {@code count} random directions from {@code seed}. */
    public static Result distance(double[] a, int na, double[] b, int nb, int d, int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one slice direction, got " + count);
        }
        double[] dirs = randomDirections(count, d, seed);
        double[] per = new double[count];
        double sum = 0;
        double max = 0;
        for (int s = 0; s < count; s++) {
            double[] theta = Arrays.copyOfRange(dirs, s * d, (s + 1) * d);
            per[s] = Wasserstein1D.distance(Wasserstein1D.project(a, na, d, theta), Wasserstein1D.project(b, nb, d, theta));
            sum += per[s];
            max = Math.max(max, per[s]);
        }
        return new Result(sum / count, max, per, dirs);
    }

    /** count unit vectors of R^d (normalised Gaussian draws of SplittableRandom(seed)), row-major. */
    public static double[] randomDirections(int count, int d, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + d);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[count * d];
        for (int s = 0; s < count; s++) {
            double norm = 0;
            while (norm == 0) {
                norm = 0;
                for (int c = 0; c < d; c++) {
                    double g = rng.nextGaussian();
                    out[s * d + c] = g;
                    norm += g * g;
                }
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < d; c++) {
                out[s * d + c] /= norm;
            }
        }
        return out;
    }
}
