package io.polymoments.linalg;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.FaultyBLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import org.junit.jupiter.api.Test;

/** The once-per-JVM check of the loaded BLAS against netlib's pure-Java implementation, and the fallback after it. */
class NetlibProviderTest {

    @Test
    void theJavaBlasAgreesWithItself() {
        assertNull(BlasCheck.compare(JavaBLAS.getInstance(), JavaBLAS.getInstance()));
        assertNull(BlasCheck.compare(JavaLAPACK.getInstance(), JavaBLAS.getInstance()));
    }

    @Test
    void anotherCorrectImplementationPassesDespiteDifferentRounding() {
        // netlib's scalar Java BLAS against the vectorised one (FMA, other blocking): equal up to rounding only
        BLAS scalar = FaultyBLAS.dgemmOffBy(0);
        assertNull(BlasCheck.compare(scalar, JavaBLAS.getInstance()));
        NetlibProvider.Choice c = NetlibProvider.choose(scalar, JavaLAPACK.getInstance());
        assertSame(scalar, c.blas());
        assertNull(c.rejected());
    }

    @Test
    void aDgemmOffInTheTenthDigitIsRejectedAndTheJavaBlasUsed() {
        BLAS faulty = FaultyBLAS.dgemmOffBy(1e-10);
        String mismatch = BlasCheck.compare(faulty, JavaBLAS.getInstance());
        assertNotNull(mismatch);
        assertTrue(mismatch.startsWith("dgemm N,N m=7 n=5 k=3"), mismatch);

        NetlibProvider.Choice c = NetlibProvider.choose(faulty, JavaLAPACK.getInstance());
        assertSame(JavaBLAS.getInstance(), c.blas());
        assertSame(JavaLAPACK.getInstance(), c.lapack());
        assertTrue(c.rejected().startsWith("dgemm"), c.rejected());
    }

    @Test
    void aKernelWrongOnlyAtTheMomentKernelsShapesIsCaught() {
        // right on every small call, wrong from the packed square of a 21-dimensional block on (dsyrk n = 231)
        String mismatch = BlasCheck.compare(FaultyBLAS.dsyrkOffFrom(200, 1e-12), JavaBLAS.getInstance());
        assertNotNull(mismatch);
        assertTrue(mismatch.startsWith("dsyrk U,N n=231 k=128"), mismatch);
    }
}
