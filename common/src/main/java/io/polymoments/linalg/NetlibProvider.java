package io.polymoments.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;

/**
 * The BLAS and LAPACK implementations this JVM uses. netlib picks the native (JNI → OpenBLAS) one when
 * {@code libblas.so.3}/{@code liblapack.so.3} load, else a pure-Java one; we only name what was picked,
 * so logs and benchmarks say which one a figure was measured with.
 */
public final class NetlibProvider {
    private NetlibProvider() {}

    public static BLAS blas() {
        return BLAS.getInstance();
    }

    public static LAPACK lapack() {
        return LAPACK.getInstance();
    }

    /** True when LAPACK is the pure-Java F2j translation (100× slower on large eigenproblems). */
    public static boolean isNativeLapack() {
        return !lapack().getClass().getSimpleName().startsWith("F2j");
    }

    /** e.g. {@code "blas=JNIBLAS, lapack=JNILAPACK"}. */
    public static String describe() {
        return "blas=" + blas().getClass().getSimpleName() + ", lapack=" + lapack().getClass().getSimpleName();
    }

    /** A one-line hint for users without native BLAS, or null when native BLAS is loaded. */
    public static String nativeHint() {
        if (isNativeLapack()) {
            return null;
        }
        return "native BLAS/LAPACK not found (" + describe() + "); install OpenBLAS for 10-30x faster linear algebra:"
                + " apt-get install libopenblas0-pthread";
    }
}
