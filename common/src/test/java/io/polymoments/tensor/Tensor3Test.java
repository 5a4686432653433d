package io.polymoments.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Tensor3Test {

    @Test
    void symmetrizeAveragesTheSixPermutationsAndIsExactlySymmetric() {
        int m = 5;
        Random rng = new Random(3);
        double[] t = new double[m * m * m];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextGaussian();
        }
        double[] s = Tensor3.symmetrize(t, m);
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                for (int c = 0; c < m; c++) {
                    double mean = (at(t, m, a, b, c) + at(t, m, a, c, b) + at(t, m, b, a, c) + at(t, m, b, c, a)
                            + at(t, m, c, a, b) + at(t, m, c, b, a)) / 6;
                    assertEquals(mean, at(s, m, a, b, c), 1e-15);
                    assertEquals(at(s, m, a, b, c), at(s, m, c, a, b), 0.0);
                    assertEquals(at(s, m, a, b, c), at(s, m, b, a, c), 0.0);
                }
            }
        }
    }

    @Test
    void contractFirstOfSeveralVectorsEqualsOneAtATime() {
        int m = 6;
        int p = 3;
        Random rng = new Random(4);
        double[] t = new double[m * m * m];
        for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextGaussian();
        }
        double[] x = new double[m * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] all = Tensor3.contractFirst(t, m, x, p);
        for (int j = 0; j < p; j++) {
            double[] one = Tensor3.contractFirst(t, m, java.util.Arrays.copyOfRange(x, j * m, (j + 1) * m));
            for (int i = 0; i < m * m; i++) {
                assertEquals(one[i], all[j * m * m + i], 1e-13);
            }
        }
    }

    private static double at(double[] t, int m, int a, int b, int c) {
        return t[a + m * b + m * m * c];
    }
}
