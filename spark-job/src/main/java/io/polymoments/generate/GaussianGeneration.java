package io.polymoments.generate;

import io.polymoments.output.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.GaussianSampler;
import io.polymoments.linalg.Matrices;
import io.polymoments.linalg.SymmetricEigen;
import io.polymoments.store.TruthFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** {@code generate --kind gaussian}: y = L·g, g ~ N(0, I_d), with the covariance Σ = L·Lᵀ chosen by --covariance. */
public final class GaussianGeneration {
    /** Relative tolerance for symmetry and for eigenvalues slightly below 0 (rounding) of a given Σ. */
    private static final double TOLERANCE = 1e-10;

    private GaussianGeneration() {}

    static GeneratedModel create(GenerationSpec o) {
        String choice = o.covariance() == null ? "random" : o.covariance().trim();
        double[] factor;
        double[] cov;
        int d;
        String label;
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "random" -> {
                d = o.requireD();
                Random rng = new Random(o.seed());
                factor = Matrices.gaussian(d, d, rng);
                for (int i = 0; i < factor.length; i++) {
                    factor[i] /= Math.sqrt(d); // Σ = GGᵀ/d has E Σ = I and a spread-out spectrum (Marchenko–Pastur)
                }
                cov = Matrices.multiply(false, factor, true, factor, d, d, d);
                label = "random";
            }
            case "identity" -> {
                d = o.requireD();
                factor = Matrices.identity(d);
                cov = Matrices.identity(d);
                label = "identity";
            }
            default -> {
                cov = readCovariance(choice);
                d = (int) Math.round(Math.sqrt(cov.length));
                if (o.d() != null && o.d() != d) {
                    throw new InvalidInputException("--d " + o.d() + " disagrees with the " + d + "x" + d + " matrix in --covariance "
                            + choice + "; omit --d or make them agree");
                }
                factor = psdFactor(cov, d, choice);
                label = "file";
            }
        }
        double[] mean = new double[d];
        Map<String, Object> truth = TruthFile.start("gaussian");
        truth.put("d", d);
        truth.put("seed", o.seed());
        truth.put("covariance_source", label.equals("file") ? choice : label);
        truth.put("mean", mean);
        truth.put("covariance", Json.rows(cov, d, d));
        return new GeneratedModel(new GaussianSampler(mean, factor), truth);
    }

    /** A symmetric d×d matrix from a JSON file of nested rows, column-major. */
    static double[] readCovariance(String file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("--covariance takes random, identity or a JSON file with a d x d matrix as"
                    + " nested rows; cannot read '" + file + "': " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new InvalidInputException("--covariance " + file + " must hold a d x d matrix as nested rows, e.g."
                    + " [[2, 0.5], [0.5, 1]]");
        }
        int d = root.size();
        double[] a = new double[d * d];
        double scale = 0;
        for (int i = 0; i < d; i++) {
            JsonNode row = root.get(i);
            if (!row.isArray() || row.size() != d) {
                throw new InvalidInputException("--covariance " + file + ": row " + i + " has "
                        + (row.isArray() ? row.size() : 0) + " entries, expected " + d + " (a square matrix)");
            }
            for (int j = 0; j < d; j++) {
                JsonNode v = row.get(j);
                if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                    throw new InvalidInputException("--covariance " + file + ": entry (" + i + ", " + j + ") is not a finite number");
                }
                a[i + j * d] = v.asDouble();
                scale = Math.max(scale, Math.abs(v.asDouble()));
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double x = a[i + j * d];
                double y = a[j + i * d];
                if (Math.abs(x - y) > TOLERANCE * scale) {
                    throw new InvalidInputException(String.format(Locale.ROOT,
                            "--covariance %s is not symmetric: entry (%d, %d) = %.17g but (%d, %d) = %.17g", file, i, j, x, j, i, y));
                }
                a[i + j * d] = a[j + i * d] = 0.5 * (x + y);
            }
        }
        return a;
    }

    /** L = V·Λ^{1/2} with LLᵀ = Σ; rounding-level negative eigenvalues are set to 0, real ones are an error. */
    static double[] psdFactor(double[] cov, int d, String source) {
        SymmetricEigen eig = SymmetricEigen.of(cov, d);
        double[] lambda = eig.values();
        double[] v = eig.vectors();
        double top = Math.max(lambda[0], 0);
        double smallest = lambda[d - 1];
        if (smallest < -TOLERANCE * Math.max(top, Double.MIN_NORMAL)) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "--covariance %s is not positive semi-definite: its smallest eigenvalue is %.6g (largest %.6g)",
                    source, smallest, lambda[0]));
        }
        double[] factor = new double[d * d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < d; i++) {
                factor[i + j * d] = v[i + j * d] * s;
            }
        }
        return factor;
    }
}
