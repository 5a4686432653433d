package io.polymoments.learn;

import io.polymoments.InvalidInputException;
import io.polymoments.linalg.Matrices;
import io.polymoments.tensor.DenseTensors;
import io.polymoments.moments.Basis;
import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.tensor.PackedSymmetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every learner family must do, run against each family by a subclass that says how to plant a true model, its
 * exact moments, how to sample it, which whitening its driver picks between the passes, how to fit a sketch and how
 * far apart two models are modulo the family's symmetries. The sketches are built as the Spark passes build them:
 * pass 1 (raw, order 2) over every part, merged in part order → the family's whitening → pass 2 over every part.
 *
 * @param <M> the family's model
 */
public abstract class LearnerContract<M> {
    /** Rows behind each half of a population sketch: only its moments matter, and they are exact. */
    private static final long POPULATION_HALF_ROWS = 1L << 40;

    private final double populationTolerance;
    private final double seedTolerance;
    private final double mergeTolerance;
    private final int rows;

    /**
     * @param populationTolerance error allowed from exact population moments
     * @param seedTolerance       distance allowed between fits of one sample that differ only by the learner's seed
     * @param mergeTolerance      distance allowed between fits of one sample's sketches that differ only by how its
     *                            rows were split
     * @param rows                sample size of the sample-based contracts (the error-shrink contract also uses 16
     *                            times it)
     */
    protected LearnerContract(double populationTolerance, double seedTolerance, double mergeTolerance, int rows) {
        this.populationTolerance = populationTolerance;
        this.seedTolerance = seedTolerance;
        this.mergeTolerance = mergeTolerance;
        this.rows = rows;
    }

    /** Output dimension d of every planted model. */
    protected abstract int dim();

    /** A random true model of the family, a function of the seed. */
    protected abstract M plant(long seed);

    /** E y. */
    protected abstract double[] mean(M truth);

    /** The dense central moment E (y − E y)^{⊗q}, q = 2 .. {@link #whitenedOrder()}. */
    protected abstract double[] centralMoment(M truth, int q);

    /** n rows of the model, row-major n×d, a function of the seed. */
    protected abstract double[] sample(M truth, int n, long seed);

    /** Order of the whitened pass-2 sketch the family fits from. */
    protected abstract int whitenedOrder();

    /** The pass-2 basis the family's driver picks from the merged pass-1 sketch. */
    protected abstract Basis whitening(MomentSketch pass1);

    /** The fitted model, with {@code seed} for the learner's random starts. */
    protected abstract M fit(SketchBundle sketch, long seed);

    /** Relative distance of {@code estimate} from {@code reference} modulo the family's symmetries. */
    protected abstract double error(M estimate, M reference);

    /** All of the model's numbers, in a fixed order (for bit-for-bit comparisons). */
    protected abstract double[] parameters(M model);

    @Test
    void plantedModelsAreRecoveredFromTheirPopulationMoments() {
        for (long seed = 1; seed <= 3; seed++) {
            M truth = plant(seed);
            SketchBundle population = population(truth);
            for (long fitSeed : new long[] {0, 7}) {
                double err = error(fit(population, fitSeed), truth);
                assertTrue(err <= populationTolerance, "plant seed " + seed + ", fit seed " + fitSeed + ": error "
                        + err + " > " + populationTolerance);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFitBitForBitAndOtherSeedsTheSameModel() {
        M truth = plant(11);
        SketchBundle sketch = sketch(sample(truth, rows, 5), List.of(new int[] {0, rows}));
        M first = fit(sketch, 1);
        assertArrayEquals(parameters(first), parameters(fit(sketch, 1)), 0.0);
        for (long seed : new long[] {2, 3}) {
            double diff = error(fit(sketch, seed), first);
            assertTrue(diff <= seedTolerance, "seed " + seed + " vs seed 1: " + diff + " > " + seedTolerance);
        }
    }

    @Test
    void mergingThePartsInAnotherOrderDoesNotChangeTheFit() {
        // parts of even sizes keep the parity of every row's position: only the floating-point merge order changes
        assertSplitsGiveTheSameFit(new int[] {rows / 3 + 2, rows / 2 + 2, rows - 6});
    }

    @Test
    void howTheRowsAreSplitDoesNotChangeTheFit() {
        // parts of odd sizes shift rows' positions by odd counts: split halves picked by position would change
        assertSplitsGiveTheSameFit(new int[] {rows / 3 + 1, rows / 2 + 2, rows - 7});
    }

    /** One part vs parts cut at {@code cuts}, merged in order and in reverse order. */
    private void assertSplitsGiveTheSameFit(int[] cuts) {
        int n = rows;
        double[] y = sample(plant(12), n, 6);
        M one = fit(sketch(y, List.of(new int[] {0, n})), 1);
        List<int[]> parts = new ArrayList<>();
        for (int k = 0; k <= cuts.length; k++) {
            parts.add(new int[] {k == 0 ? 0 : cuts[k - 1], k == cuts.length ? n : cuts[k]});
        }
        List<int[]> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        for (List<int[]> order : List.of(parts, reversed)) {
            double diff = error(fit(sketch(y, order), 1), one);
            assertTrue(diff <= mergeTolerance, order.size() + " parts starting at row " + order.get(0)[0]
                    + ": difference " + diff + " from the fit of one part");
        }
    }

    @Test
    void theErrorShrinksWithTheSampleSize() {
        M truth = plant(13);
        int n = rows;
        double small = error(fit(sketch(sample(truth, n, 8), List.of(new int[] {0, n})), 1), truth);
        double large = error(fit(sketch(sample(truth, 16 * n, 9), List.of(new int[] {0, 16 * n})), 1), truth);
        // 1/√n predicts 4; a fixed-seed draw scatters around it, an error that does not fall stays near 1
        assertTrue(small / large >= 2.5, "error " + small + " at n = " + n + ", " + large + " at 16n: ratio "
                + small / large);
    }

    @Test
    void anEmptySketchOrTooFewRowsAreRefused() {
        M truth = plant(14);
        SketchBundle population = population(truth);
        Basis basis = population.whitened().basis();
        SketchBundle empty = new SketchBundle(SplitHalfSketch.empty(2, dim(), null),
                SplitHalfSketch.empty(whitenedOrder(), basis.dim(), basis), 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fit(empty, 1));
        assertTrue(e.getMessage().contains("row"), e.getMessage());
        double[] y = sample(truth, 5, 10);
        e = assertThrows(InvalidInputException.class, () -> fit(sketch(y, List.of(new int[] {0, 5})), 1));
        assertTrue(e.getMessage().contains("rows"), e.getMessage());
    }

    /** The bundle of a model's exact moments: both halves hold them, behind {@link #POPULATION_HALF_ROWS} rows each. */
    protected final SketchBundle population(M truth) {
        int d = dim();
        double[] mu = mean(truth);
        MomentSketch raw = sketchOf(2, d, null, mu, List.of(centralMoment(truth, 2)));
        Basis basis = whitening(raw);
        int m = basis.dim();
        // z = Wᵀ(y − shift): mean Wᵀ(μ − shift), central moments (Wᵀ)^{⊗q}·E(y − μ)^{⊗q}
        double[] wt = new double[m * d];
        double[] zMean = new double[m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                wt[k + m * i] = basis.matrix()[i + d * k];
                zMean[k] += wt[k + m * i] * (mu[i] - basis.shift()[i]);
            }
        }
        List<double[]> central = new ArrayList<>();
        for (int q = 2; q <= whitenedOrder(); q++) {
            central.add(DenseTensors.transform(centralMoment(truth, q), d, q, wt, m));
        }
        MomentSketch white = sketchOf(whitenedOrder(), m, basis, zMean, central);
        return new SketchBundle(new SplitHalfSketch(raw, raw.copy()), new SplitHalfSketch(white, white.copy()), 0);
    }

    private static MomentSketch sketchOf(int order, int dim, Basis basis, double[] mean, List<double[]> central) {
        double[][] sums = new double[5][];
        for (int q = 2; q <= order; q++) {
            double[] packed = new PackedSymmetric(dim, q).pack(central.get(q - 2));
            for (int i = 0; i < packed.length; i++) {
                packed[i] *= POPULATION_HALF_ROWS;
            }
            sums[q] = packed;
        }
        return MomentSketch.of(order, dim, basis, POPULATION_HALF_ROWS, mean, sums[2], sums[3], sums[4]);
    }

    /**
     * The two passes over row-major rows, one accumulator per part ({from, to} row ranges), parts merged in the order
     * given, as Spark merges partitions.
     */
    protected final SketchBundle sketch(double[] y, List<int[]> parts) {
        SplitHalfSketch raw = pass(y, parts, 2, null);
        Basis basis = whitening(raw.total());
        return new SketchBundle(raw, pass(y, parts, whitenedOrder(), basis), 0);
    }

    private SplitHalfSketch pass(double[] y, List<int[]> parts, int order, Basis basis) {
        int d = dim();
        SplitHalfSketch merged = SplitHalfSketch.empty(order, basis == null ? d : basis.dim(), basis);
        for (int[] part : parts) {
            SketchAccumulator acc = new SketchAccumulator(order, d, basis);
            for (int row = part[0]; row < part[1]; row++) {
                acc.add(y, row * d);
            }
            merged.mergeInPlace(acc.finish());
        }
        return merged;
    }

    /** The arrays one after the other. */
    protected static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
