package io.polymoments.moments;

import java.util.Locale;

/**
 * A 128-bit fingerprint of a sketch's numbers (two independent 64-bit lanes, each a multiply-xorshift mix per value):
 * equal sketches get equal ids, so a sketch given twice to a merge is recognised wherever it was copied. Not
 * cryptographic; it only has to make accidental equality of different sketches negligible (2^-128).
 */
final class ContentHash {
    private long a = 0x9E3779B97F4A7C15L;
    private long b = 0xC2B2AE3D27D4EB4FL;

    ContentHash add(long v) {
        a = mix(a ^ v, 0xBF58476D1CE4E5B9L);
        b = mix(b + v, 0x94D049BB133111EBL);
        return this;
    }

    ContentHash add(double v) {
        return add(Double.doubleToLongBits(v == 0.0 ? 0.0 : v)); // -0.0 and 0.0 are the same number here
    }

    ContentHash add(double[] v) {
        if (v == null) {
            return add(-1L);
        }
        add((long) v.length);
        for (double x : v) {
            add(x);
        }
        return this;
    }

    ContentHash add(long[] v) {
        if (v == null) {
            return add(-1L);
        }
        add((long) v.length);
        for (long x : v) {
            add(x);
        }
        return this;
    }

    ContentHash add(String s) {
        for (int i = 0; i < s.length(); i++) {
            add((long) s.charAt(i));
        }
        return add((long) s.length());
    }

    String hex() {
        return String.format(Locale.ROOT, "%016x%016x", mix(a, 0xFF51AFD7ED558CCDL), mix(b, 0xC4CEB9FE1A85EC53L));
    }

    private static long mix(long x, long k) {
        x *= k;
        x ^= x >>> 31;
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }
}
