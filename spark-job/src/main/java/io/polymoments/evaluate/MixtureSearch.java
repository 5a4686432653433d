package io.polymoments.evaluate;

import io.polymoments.model.GaussianMixture;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.GaussianMixtureModel;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a Spark user would fit instead of a pushforward: MLlib's {@code GaussianMixture} for k = 1 … K components,
 * with k chosen by the mean log-likelihood of validation rows the mixtures did not see (docs/evaluation.md §3).
 * k = 1 is the Gaussian with the training rows' mean and covariance (MLlib's estimator needs k ≥ 2; this is its
 * maximum-likelihood answer for k = 1). EM starts from MLlib's k-means (k-means||), the usual start: from MLlib's
 * default random one (means of five random rows each) EM stalled on its initial plateau and missed both components
 * of a well separated pair. Every fit is seeded and runs on a fixed number of partitions, so the choice is a
 * function of the rows and the seed.
 */
public final class MixtureSearch {
    /**
     * Partitions of the training rows: fixed so that MLlib's seeded initialisation does not depend on the cluster;
     * two, since the rows are few (each EM step is a Spark job, whose fixed cost dominates).
     */
    static final int PARTITIONS = 2;
    /** MLlib's defaults: at most 100 EM steps, stopping when the log-likelihood summed over the rows changes by less than 0.01. */
    public static final int MAX_ITER = 100;
    public static final double TOL = 0.01;
    /** Lloyd iterations of the k-means start. */
    static final int KMEANS_ITER = 20;

    /**
     * One number of components tried.
     *
     * @param mixture                 the fitted mixture, null when MLlib failed on it (see {@code failure})
     * @param validationLogLikelihood mean log density of the validation rows under the mixture
     */
    public record Candidate(int k, GaussianMixture mixture, double trainLogLikelihood, double validationLogLikelihood,
                            double seconds, String failure) {}

    /** The candidates in order of k, the one chosen, and the rows each side had. */
    public record Selection(List<Candidate> candidates, Candidate chosen, int trainRows, int validationRows) {
        /** Seconds of every fit tried: what choosing k cost. */
        public double seconds() {
            return candidates.stream().mapToDouble(Candidate::seconds).sum();
        }
    }

    private MixtureSearch() {}

    /**
     * Fits k = 1 … maxK to three of every four {@code rows} (row-major, d columns) and validates on the fourth.
     *
     * @param maxK most components tried, ≥ 1
     */
    public static Selection search(SparkSession spark, double[] rows, int d, int maxK, long seed) {
        if (maxK < 1) {
            throw new IllegalArgumentException("maxK must be >= 1, got " + maxK);
        }
        int n = rows.length / d;
        double[] train = every(rows, d, n, false);
        double[] validation = every(rows, d, n, true);
        int nTrain = train.length / d;
        List<Candidate> candidates = new ArrayList<>();
        long t0 = System.nanoTime();
        GaussianMixture one = gaussian(train, d);
        candidates.add(new Candidate(1, one, one.meanLogDensity(train), one.meanLogDensity(validation),
                (System.nanoTime() - t0) / 1e9, null));
        if (maxK >= 2 && nTrain > 2 * d) {
            JavaRDD<Vector> data = vectors(spark, train, d).persist(StorageLevel.MEMORY_ONLY());
            try {
                data.count();
                for (int k = 2; k <= maxK; k++) {
                    candidates.add(fit(data, train, validation, d, k, seed));
                }
            } finally {
                data.unpersist(false);
            }
        }
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.mixture() != null && c.validationLogLikelihood() > best.validationLogLikelihood()) {
                best = c;
            }
        }
        return new Selection(List.copyOf(candidates), best, nTrain, validation.length / d);
    }

    private static Candidate fit(JavaRDD<Vector> data, double[] train, double[] validation, int d, int k, long seed) {
        long t0 = System.nanoTime();
        try {
            KMeansModel km = new KMeans().setK(k).setSeed(seed).setMaxIterations(KMEANS_ITER).run(data.rdd());
            GaussianMixtureModel model = new org.apache.spark.mllib.clustering.GaussianMixture().setK(k).setSeed(seed)
                    .setInitialModel(start(km, train, d)).setMaxIterations(MAX_ITER).setConvergenceTol(TOL)
                    .run(data.rdd());
            GaussianMixture g = of(model, d);
            return new Candidate(k, g, g.meanLogDensity(train), g.meanLogDensity(validation),
                    (System.nanoTime() - t0) / 1e9, null);
        } catch (RuntimeException e) { // e.g. a component collapsing onto too few rows: this k is out, not the search
            return new Candidate(k, null, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9,
                    String.valueOf(e.getMessage()));
        }
    }

    /**
     * EM's start: the k-means clusters as components (their shares, centres and covariances, each covariance
     * regularised towards the rows' overall one so that a small cluster still has a proper Gaussian).
     */
    private static GaussianMixtureModel start(KMeansModel km, double[] rows, int d) {
        int n = rows.length / d;
        int k = km.k();
        double[][] centres = new double[k][];
        for (int j = 0; j < k; j++) {
            centres[j] = km.clusterCenters()[j].toArray();
        }
        int[] size = new int[k];
        double[][] mean = new double[k][d];
        double[][] cov = new double[k][d * d];
        int[] label = new int[n];
        for (int r = 0; r < n; r++) {
            int best = 0;
            double bestDist = Double.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    double v = rows[r * d + i] - centres[j][i];
                    s += v * v;
                }
                if (s < bestDist) {
                    bestDist = s;
                    best = j;
                }
            }
            label[r] = best;
            size[best]++;
            for (int i = 0; i < d; i++) {
                mean[best][i] += rows[r * d + i];
            }
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                mean[j][i] = size[j] > 0 ? mean[j][i] / size[j] : centres[j][i];
            }
        }
        for (int r = 0; r < n; r++) {
            int j = label[r];
            for (int b = 0; b < d; b++) {
                double vb = rows[r * d + b] - mean[j][b];
                for (int a = 0; a < d; a++) {
                    cov[j][a + b * d] += (rows[r * d + a] - mean[j][a]) * vb;
                }
            }
        }
        double[] overall = gaussian(rows, d).covariances()[0];
        double[] weights = new double[k];
        org.apache.spark.mllib.stat.distribution.MultivariateGaussian[] g =
                new org.apache.spark.mllib.stat.distribution.MultivariateGaussian[k];
        for (int j = 0; j < k; j++) {
            // a cluster of c rows: its own covariance weighted by c, the overall one by d + 2 (a conjugate prior)
            double c = size[j];
            double prior = d + 2;
            double[] s = new double[d * d];
            for (int e = 0; e < d * d; e++) {
                s[e] = (cov[j][e] + prior * overall[e]) / (c + prior);
            }
            weights[j] = (c + 1) / (n + k);
            g[j] = new org.apache.spark.mllib.stat.distribution.MultivariateGaussian(
                    org.apache.spark.mllib.linalg.Vectors.dense(mean[j]),
                    org.apache.spark.mllib.linalg.Matrices.dense(d, d, s));
        }
        return new GaussianMixtureModel(weights, g);
    }

    /** MLlib's mixture as ours; weights renormalised (they sum to 1 up to rounding), empty components dropped. */
    static GaussianMixture of(GaussianMixtureModel model, int d) {
        double[] w = model.weights();
        org.apache.spark.mllib.stat.distribution.MultivariateGaussian[] g = model.gaussians();
        List<Integer> kept = new ArrayList<>();
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] > 0) {
                kept.add(j);
                sum += w[j];
            }
        }
        double[] weights = new double[kept.size()];
        double[][] means = new double[kept.size()][];
        double[][] covs = new double[kept.size()][];
        for (int i = 0; i < kept.size(); i++) {
            int j = kept.get(i);
            weights[i] = w[j] / sum;
            means[i] = g[j].mu().toArray();
            covs[i] = g[j].sigma().toArray(); // column-major d×d
        }
        return new GaussianMixture(d, weights, means, covs);
    }

    /** The maximum-likelihood Gaussian of the rows: their mean and (1/n) covariance. */
    static GaussianMixture gaussian(double[] rows, int d) {
        int n = rows.length / d;
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                mean[i] += rows[r * d + i] / n;
            }
        }
        double[] cov = new double[d * d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double dj = rows[r * d + j] - mean[j];
                for (int i = 0; i < d; i++) {
                    cov[i + j * d] += (rows[r * d + i] - mean[i]) * dj / n;
                }
            }
        }
        return GaussianMixture.gaussian(mean, cov);
    }

    /** Rows whose index is 3 mod 4 ({@code fourth}) or the others. */
    private static double[] every(double[] rows, int d, int n, boolean fourth) {
        int count = 0;
        for (int r = 0; r < n; r++) {
            count += (r % 4 == 3) == fourth ? 1 : 0;
        }
        double[] out = new double[count * d];
        int o = 0;
        for (int r = 0; r < n; r++) {
            if ((r % 4 == 3) == fourth) {
                System.arraycopy(rows, r * d, out, o * d, d);
                o++;
            }
        }
        return out;
    }

    private static JavaRDD<Vector> vectors(SparkSession spark, double[] rows, int d) {
        int n = rows.length / d;
        List<Vector> list = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            double[] v = new double[d];
            System.arraycopy(rows, r * d, v, 0, d);
            list.add(Vectors.dense(v));
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, PARTITIONS);
    }
}
