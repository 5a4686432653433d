package io.polymoments.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import org.slf4j.LoggerFactory;

/**
 * The BLAS and LAPACK every call of ours goes through. netlib picks the native (JNI → OpenBLAS) one when
 * {@code libblas.so.3}/{@code liblapack.so.3} load, else a pure-Java one. A native library is trusted only after
 * {@link BlasCheck} found it agreeing with netlib's pure-Java implementation, once per JVM (driver and every
 * executor): an OpenBLAS older than the processor can pick a kernel that computes wrong results, which would corrupt
 * every sketch silently. On a mismatch all our calls use the Java implementation and one WARN line says why.
 */
public final class NetlibProvider {
    private NetlibProvider() {}

    /** The implementations in use and, when a native one was rejected, why (else null). */
    record Choice(BLAS blas, LAPACK lapack, String rejected) {}

    /** Initialised on first use (the JVM's class initialisation runs the check exactly once, thread-safely). */
    private static final class Chosen {
        static final Choice CHOICE = initial();

        private static Choice initial() {
            BLAS blas = BLAS.getInstance();
            LAPACK lapack = LAPACK.getInstance();
            if (!(blas instanceof NativeBLAS)) {
                return new Choice(blas, lapack, null);
            }
            Choice c = choose(blas, lapack);
            if (c.rejected() != null) {
                LoggerFactory.getLogger(NetlibProvider.class).warn("native BLAS/LAPACK ({}, {}) disagrees with the"
                        + " pure-Java implementation, so this JVM uses the Java one ({}): {}. Set OPENBLAS_CORETYPE to"
                        + " a core type the installed OpenBLAS handles (e.g. Haswell), or install a newer OpenBLAS",
                        blas.getClass().getSimpleName(), lapack.getClass().getSimpleName(),
                        c.blas().getClass().getSimpleName(), c.rejected());
            }
            return c;
        }
    }

    /**
     * Checks {@code blas} and {@code lapack} against netlib's pure-Java implementation: the candidates when they agree,
     * else the Java BLAS and LAPACK (both: native LAPACK runs on the native BLAS kernels) and the first mismatch.
     */
    static Choice choose(BLAS blas, LAPACK lapack) {
        BLAS javaBlas = JavaBLAS.getInstance();
        LAPACK javaLapack = JavaLAPACK.getInstance();
        String mismatch;
        try {
            mismatch = BlasCheck.compare(blas, javaBlas);
            if (mismatch == null) {
                mismatch = BlasCheck.compare(lapack, javaBlas);
            }
        } catch (RuntimeException e) {
            mismatch = "the check failed: " + e;
        }
        return mismatch == null ? new Choice(blas, lapack, null) : new Choice(javaBlas, javaLapack, mismatch);
    }

    public static BLAS blas() {
        return Chosen.CHOICE.blas();
    }

    public static LAPACK lapack() {
        return Chosen.CHOICE.lapack();
    }

    /** True when LAPACK is not the pure-Java F2j translation (100× slower on large eigenproblems). */
    public static boolean isNativeLapack() {
        return !(lapack() instanceof JavaLAPACK);
    }

    /**
     * e.g. {@code "blas=JNIBLAS, lapack=JNILAPACK, OPENBLAS_CORETYPE=Haswell"}; says so when a native library was
     * rejected.
     */
    public static String describe() {
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        return "blas=" + blas().getClass().getSimpleName() + ", lapack=" + lapack().getClass().getSimpleName()
                + (coreType == null ? "" : ", OPENBLAS_CORETYPE=" + coreType)
                + (Chosen.CHOICE.rejected() == null ? "" : " (native BLAS rejected by its check)");
    }

    /**
     * A one-line hint for users without native BLAS, or null when native BLAS is loaded or was rejected (that has
     * its own WARN line).
     */
    public static String nativeHint() {
        if (isNativeLapack() || Chosen.CHOICE.rejected() != null) {
            return null;
        }
        return "native BLAS/LAPACK not found (" + describe() + "); install OpenBLAS for 10-30x faster linear algebra:"
                + " apt-get install libopenblas0-pthread";
    }
}
