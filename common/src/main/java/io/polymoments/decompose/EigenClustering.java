package io.polymoments.decompose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups the eigenvalues of the spectral pencil into clusters of a known size (each pencil eigenvalue is
 * repeated r2 times), greedily in the chordal metric on the Riemann sphere: the next cluster is the point
 * whose (size−1)-th nearest remaining neighbour is closest, with those neighbours (docs/tensor-ring.md §3, S3).
 *
 * @param clusters       index lists, each of the given size
 * @param separationRatio max cluster diameter / min distance between cluster centres: ~noise level when the
 *                        clusters are clean, ≳ 0.3 when they merge
 */
record EigenClustering(List<int[]> clusters, double separationRatio) {

    static double chordal(double ar, double ai, double br, double bi) {
        double dr = ar - br;
        double di = ai - bi;
        return Math.sqrt(dr * dr + di * di) / Math.sqrt((1 + ar * ar + ai * ai) * (1 + br * br + bi * bi));
    }

    static EigenClustering of(double[] re, double[] im, int nClusters, int size) {
        int total = re.length;
        if (total != nClusters * size) {
            throw new IllegalArgumentException(total + " eigenvalues cannot form " + nClusters + " clusters of " + size);
        }
        boolean[] used = new boolean[total];
        List<int[]> clusters = new ArrayList<>();
        for (int c = 0; c < nClusters; c++) {
            int[] remaining = new int[total - c * size];
            int k = 0;
            for (int i = 0; i < total; i++) {
                if (!used[i]) {
                    remaining[k++] = i;
                }
            }
            double bestRadius = Double.POSITIVE_INFINITY;
            int[] best = null;
            for (int p : remaining) {
                double[] dist = new double[remaining.length];
                Integer[] order = new Integer[remaining.length];
                for (int q = 0; q < remaining.length; q++) {
                    dist[q] = chordal(re[p], im[p], re[remaining[q]], im[remaining[q]]);
                    order[q] = q;
                }
                Arrays.sort(order, (x, y) -> Double.compare(dist[x], dist[y]));
                double radius = dist[order[size - 1]];
                if (radius < bestRadius) {
                    bestRadius = radius;
                    best = new int[size];
                    for (int s = 0; s < size; s++) {
                        best[s] = remaining[order[s]];
                    }
                }
            }
            for (int i : best) {
                used[i] = true;
            }
            clusters.add(best);
        }
        double diameter = 0;
        double[] cr = new double[nClusters];
        double[] ci = new double[nClusters];
        for (int c = 0; c < nClusters; c++) {
            int[] m = clusters.get(c);
            for (int a : m) {
                cr[c] += re[a] / size;
                ci[c] += im[a] / size;
                for (int b : m) {
                    diameter = Math.max(diameter, chordal(re[a], im[a], re[b], im[b]));
                }
            }
        }
        double separation = 1.0;
        if (nClusters > 1) {
            separation = Double.POSITIVE_INFINITY;
            for (int a = 0; a < nClusters; a++) {
                for (int b = a + 1; b < nClusters; b++) {
                    separation = Math.min(separation, chordal(cr[a], ci[a], cr[b], ci[b]));
                }
            }
        }
        return new EigenClustering(clusters, diameter / Math.max(separation, 1e-300));
    }
}
