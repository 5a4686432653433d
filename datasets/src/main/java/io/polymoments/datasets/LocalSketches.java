package io.polymoments.datasets;

import io.polymoments.moments.MomentSketch;
import io.polymoments.moments.SketchAccumulator;
import io.polymoments.moments.SketchBundle;
import io.polymoments.moments.SplitHalfSketch;
import io.polymoments.moments.Whitening;

/**
 * The two-pass plan (pass 1 → whitening at a given rank → pass 2) run in this JVM over a generated stream, without
 * Spark and without storing the rows: pass 2 regenerates every block from its seed. For benchmarks and tests that
 * need the sketch of an exact-size sample quickly; the result equals what the Spark passes produce up to the order of
 * merging (block boundaries follow the accumulator, not the stream).
 */
public final class LocalSketches {
    private LocalSketches() {}

    /** Result: the bundle and the whitening used for pass 2. */
    public record Result(SketchBundle bundle, Whitening whitening) {}

    /**
     * @param order order of pass 2 (3 or 4)
     * @param rank  whitening rank m
     */
    public static Result twoPass(RowSampler sampler, SampleStream stream, int order, int rank) {
        int d = sampler.dim();
        SketchAccumulator pass1 = new SketchAccumulator(2, d, null);
        feed(sampler, stream, pass1);
        SplitHalfSketch raw = pass1.finish();
        MomentSketch total = raw.total();
        Whitening w = Whitening.of(total, Whitening.spectrum(total), rank, "rank");
        SketchAccumulator pass2 = new SketchAccumulator(order, d, w.basis());
        feed(sampler, stream, pass2);
        return new Result(new SketchBundle(raw, pass2.finish(), 0), w);
    }

    private static void feed(RowSampler sampler, SampleStream stream, SketchAccumulator acc) {
        int d = sampler.dim();
        for (long b = 0; b < stream.blocks(); b++) {
            double[] block = stream.block(sampler, b);
            int rows = stream.rowsInBlock(b);
            for (int i = 0; i < rows; i++) {
                acc.add(block, i * d);
            }
        }
    }
}
