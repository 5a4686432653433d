package io.polymoments.generate;

import io.polymoments.output.OutputKind;
import io.polymoments.output.OutputSet;
import org.apache.spark.sql.SparkSession;

/**
 * A {@link GenerationSpec} with the command line's defaults, changed one setting at a time, and written into real
 * directories through {@link Generation#write}: the generated data (and their truth) other tests start from.
 */
public final class Generate {
    private final GeneratorKind kind;
    private long n = 100_000;
    private Integer d;
    private Integer r;
    private Integer m;
    private Integer degree;
    private String activation = "known:0,1";
    private double rho = 0.5;
    private String base = "lowrank";
    private boolean constant;
    private String radial;
    private long seed;
    private int partitions;
    private String covariance = "random";
    private String instance = "recommended";
    private double noise;
    private int[] ranks;
    private int order = 3;
    private double sigma;
    private String truth;

    private Generate(GeneratorKind kind) {
        this.kind = kind;
    }

    public static Generate kind(GeneratorKind kind) {
        return new Generate(kind);
    }

    public Generate n(long v) {
        n = v;
        return this;
    }

    public Generate d(int v) {
        d = v;
        return this;
    }

    public Generate r(int v) {
        r = v;
        return this;
    }

    public Generate m(int v) {
        m = v;
        return this;
    }

    public Generate activation(String v) {
        activation = v;
        return this;
    }

    public Generate rho(double v) {
        rho = v;
        return this;
    }

    public Generate base(String v) {
        base = v;
        return this;
    }

    public Generate constant() {
        constant = true;
        return this;
    }

    public Generate radial(String v) {
        radial = v;
        return this;
    }

    public Generate seed(long v) {
        seed = v;
        return this;
    }

    public Generate partitions(int v) {
        partitions = v;
        return this;
    }

    public Generate covariance(String v) {
        covariance = v;
        return this;
    }

    public Generate instance(String v) {
        instance = v;
        return this;
    }

    public Generate noise(double v) {
        noise = v;
        return this;
    }

    public Generate ranks(int... v) {
        ranks = v;
        return this;
    }

    public Generate order(int v) {
        order = v;
        return this;
    }

    public Generate sigma(double v) {
        sigma = v;
        return this;
    }

    /** Also write a copy of the truth to this file. */
    public Generate truth(String file) {
        truth = file;
        return this;
    }

    public GenerationSpec spec() {
        return new GenerationSpec(kind, n, d, r, m, degree, activation, rho, base, constant, radial, seed, partitions,
                covariance, instance, noise, ranks, order, sigma);
    }

    /** Generates into {@code out} (which must not exist) as {@code generate --out OUT} does; returns {@code out}. */
    public String into(SparkSession spark, String out) {
        GenerationSpec spec = spec();
        try (OutputSet outs = OutputSet.builder(spark).input("--covariance", spec.covarianceFile())
                .output(Generation.OUT, out, OutputKind.SAMPLES).output(Generation.TRUTH, truth, OutputKind.JSON)
                .open()) {
            Generation.write(spark, spec, outs);
        }
        return out;
    }
}
