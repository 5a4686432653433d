package io.polymoments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's figures as PNG bytes (XChart, headless). Each method takes plain numbers, so any learner can use it. */
public final class Charts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private Charts() {}

    /** Covariance eigenvalues on a log scale with the chosen rank marked. */
    public static byte[] spectrum(double[] eigenvalues, int chosenRank) {
        XYChart c = base("Covariance spectrum (rank " + chosenRank + " chosen)", "index", "eigenvalue");
        c.getStyler().setYAxisLogarithmic(true);
        double floor = positiveFloor(eigenvalues);
        double[] x = new double[eigenvalues.length];
        double[] y = new double[eigenvalues.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = Math.max(eigenvalues[i], floor);
        }
        XYSeries s = c.addSeries("eigenvalues", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (chosenRank >= 1 && chosenRank <= eigenvalues.length) {
            double top = Arrays.stream(y).max().orElse(1);
            XYSeries cut = c.addSeries("chosen rank", new double[] {chosenRank + 0.5, chosenRank + 0.5},
                    new double[] {floor, top});
            cut.setMarker(SeriesMarkers.NONE);
            cut.setLineColor(Color.RED);
            cut.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f}, 0f));
        }
        return png(c);
    }

    /** Quantile–quantile plot of two samples of a 1-D projection, with the identity line. */
    public static byte[] qq(String title, double[] data, double[] model) {
        double[] a = data.clone();
        double[] b = model.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int q = Math.min(200, Math.min(a.length, b.length));
        double[] x = new double[q];
        double[] y = new double[q];
        for (int i = 0; i < q; i++) {
            double p = (i + 0.5) / q;
            x[i] = quantile(b, p);
            y[i] = quantile(a, p);
        }
        XYChart c = base(title, "model quantile", "data quantile");
        c.getStyler().setXAxisDecimalPattern("#0.0#");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.addSeries("quantiles", x, y).setMarker(SeriesMarkers.CIRCLE);
        double lo = Math.min(x[0], y[0]);
        double hi = Math.max(x[q - 1], y[q - 1]);
        XYSeries id = c.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        id.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        id.setMarker(SeriesMarkers.NONE);
        id.setLineColor(Color.GRAY);
        return png(c);
    }

    /** Overlaid histograms (as densities) of a 1-D projection of data and model samples. */
    public static byte[] histograms(String title, double[] data, double[] model, int bins) {
        double lo = Math.min(quantile(sorted(data), 0.001), quantile(sorted(model), 0.001));
        double hi = Math.max(quantile(sorted(data), 0.999), quantile(sorted(model), 0.999));
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double[] centres = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = lo + (b + 0.5) * (hi - lo) / bins;
        }
        XYChart c = base(title, "projection", "density");
        c.getStyler().setXAxisDecimalPattern("#0.0#");
        c.addSeries("data", centres, density(data, lo, hi, bins)).setMarker(SeriesMarkers.NONE);
        c.addSeries("model", centres, density(model, lo, hi, bins)).setMarker(SeriesMarkers.NONE);
        return png(c);
    }

    /** Objective value per iteration of the refinement (log scale), stages concatenated. */
    public static byte[] convergence(String title, double[][] stages) {
        XYChart c = base(title, "iteration", "objective");
        c.getStyler().setYAxisLogarithmic(true);
        int offset = 0;
        for (int s = 0; s < stages.length; s++) {
            double[] v = stages[s];
            if (v.length == 0) {
                continue;
            }
            double floor = positiveFloor(v);
            double[] x = new double[v.length];
            double[] y = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                x[i] = offset + i;
                y[i] = Math.max(v[i], floor);
            }
            c.addSeries("stage " + (s + 1), x, y).setMarker(SeriesMarkers.NONE);
            offset += v.length;
        }
        return png(c);
    }

    /** Bars of named statistics next to their noise levels (e.g. third-cumulant residual vs split-half noise). */
    public static byte[] againstNoise(String title, String[] names, double[] values, double[] noise) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("")
                .yAxisTitle("size (norm or distance)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.addSeries("value", Arrays.asList(names), box(values));
        c.addSeries("noise level", Arrays.asList(names), box(noise));
        return png(c);
    }

    /** Bars of one-dimensional W1 distances next to their two-sample noise floors. */
    public static byte[] w1AgainstFloor(String title, String[] names, double[] w1, double[] floor) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("")
                .yAxisTitle("Wasserstein-1 (standardised units)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.addSeries("W1 against the Gaussian", Arrays.asList(names), box(w1));
        c.addSeries("noise floor", Arrays.asList(names), box(floor));
        return png(c);
    }

    /**
     * One value per random direction (e.g. W1 against a Gaussian) as points, with horizontal lines: the floor, the
     * floor + 2 sd, and named reference values (e.g. W1 along a searched direction).
     */
    public static byte[] perDirection(String title, String yTitle, double[] values, double floor, double floorSd,
                                      String[] refNames, double[] refValues) {
        XYChart c = base(title, "random direction", yTitle);
        int n = values.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        XYSeries pts = c.addSeries("random directions", x, values);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        double[] ends = {1, Math.max(2, n)};
        hline(c, "noise floor", ends, floor, Color.GRAY, false);
        if (Double.isFinite(floorSd)) {
            hline(c, "floor + 2 sd", ends, floor + 2 * floorSd, Color.GRAY, true);
        }
        Color[] colours = {Color.RED, new Color(0, 120, 0), Color.MAGENTA, Color.ORANGE};
        for (int k = 0; k < refNames.length; k++) {
            hline(c, refNames[k], ends, refValues[k], colours[k % colours.length], false);
        }
        return png(c);
    }

    private static void hline(XYChart c, String name, double[] ends, double y, Color colour, boolean dashed) {
        XYSeries s = c.addSeries(name, ends, new double[] {y, y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        if (dashed) {
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f}, 0f));
        }
    }

    /** Per-direction statistic of the data with ±2 standard-error bars, and the model's value. */
    public static byte[] kappa4(double[] data, double[] standardError, double[] model) {
        XYChart c = base("Fourth cumulant along random directions", "direction", "kappa4");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double[] x = new double[data.length];
        double[] err = new double[data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            err[i] = 2 * standardError[i];
        }
        c.addSeries("data", x, data, err).setMarker(SeriesMarkers.CIRCLE);
        if (model != null) {
            c.addSeries("model", x, model).setMarker(SeriesMarkers.DIAMOND);
        }
        return png(c);
    }

    private static XYChart base(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + chart.getTitle(), e);
        }
    }

    private static double[] density(double[] v, double lo, double hi, int bins) {
        double[] h = new double[bins];
        double w = (hi - lo) / bins;
        for (double x : v) {
            int b = (int) Math.floor((x - lo) / w);
            if (b >= 0 && b < bins) {
                h[b]++;
            }
        }
        for (int b = 0; b < bins; b++) {
            h[b] /= v.length * w;
        }
        return h;
    }

    private static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    /** Linear-interpolated quantile of a sorted array. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double positiveFloor(double[] v) {
        double max = Arrays.stream(v).max().orElse(1);
        double min = Double.MAX_VALUE;
        for (double x : v) {
            if (x > 0) {
                min = Math.min(min, x);
            }
        }
        return Math.max(min == Double.MAX_VALUE ? 1e-300 : min, max * 1e-18);
    }

    private static java.util.List<Double> box(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
