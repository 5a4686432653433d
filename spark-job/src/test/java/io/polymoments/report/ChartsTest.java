package io.polymoments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(640, img.getWidth());
        assertEquals(420, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < img.getWidth(); x += 7) {
            for (int y = 0; y < img.getHeight(); y += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 3, "the figure should not be blank");
        return img;
    }

    @Test
    void everyFigureRendersAsANonBlankPng() throws Exception {
        Random rng = new Random(1);
        double[] a = new double[2000];
        double[] b = new double[3000];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextGaussian() * 1.1;
        }
        decode(Charts.spectrum(new double[] {5, 3, 2, 1e-3, 1e-15, -1e-17}, 3));
        decode(Charts.qq("projection 1", a, b));
        decode(Charts.histograms("projection 1", a, b, 40));
        decode(Charts.convergence("refinement", new double[][] {{10, 1, 0.1, 0.01}, {0.5, 1e-3, 1e-9}}));
        decode(Charts.againstNoise("third cumulant", new String[] {"residual", "total"}, new double[] {0.1, 2},
                new double[] {0.12, 0.12}));
    }

    @Test
    void quantileInterpolatesLinearly() {
        double[] s = {0, 1, 2, 3, 4};
        assertEquals(2.0, Charts.quantile(s, 0.5), 0);
        assertEquals(0.4, Charts.quantile(s, 0.1), 1e-15);
        assertEquals(4.0, Charts.quantile(s, 1.0), 0);
    }

    @Test
    void reportWritesJsonHtmlAndFiguresTogether(@TempDir Path dir) throws Exception {
        HtmlReport r = new HtmlReport("fit <report>").row("verdict", "fits").figure("spectrum.png", "spectrum",
                Charts.spectrum(new double[] {3, 2, 1}, 2));
        Path json = dir.resolve("report.json");
        Reports.write(new org.apache.hadoop.conf.Configuration(), json.toString(), dir.resolve("report.html").toString(),
                dir.resolve("report_figures").toString(), "{\"verdict\":\"fits\"}", r);
        assertTrue(Files.readString(json).contains("fits"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("report_figures/spectrum.png"));
        assertTrue(html.contains("fit &lt;report&gt;"));
        assertTrue(Files.size(dir.resolve("report_figures/spectrum.png")) > 1000);
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count()); // report.json, report.html, report_figures — no checksum files beside them
        }
    }
}
