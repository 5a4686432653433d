package io.polymoments.generate;

import io.polymoments.store.LowRankTruth;
import io.polymoments.store.QuadraticTruth;
import io.polymoments.learn.lowrank.ActivationSpec;
import io.polymoments.store.LowRankTruth;
import io.polymoments.store.QuadraticTruth;
import io.polymoments.InvalidInputException;
import io.polymoments.datasets.QuadraticSampler;
import io.polymoments.model.QuadraticTransform;
import io.polymoments.model.QuadraticTransform.Structure;
import io.polymoments.model.RadialLaw;
import io.polymoments.tensor.Svec;
import io.polymoments.store.LowRankTruth;
import io.polymoments.store.QuadraticTruth;
import java.util.Locale;
import java.util.SplittableRandom;

/** The kinds `generate --kind` knows, each building its model from the command's options. */
public enum GeneratorKind {
    GAUSSIAN {
        @Override
        GeneratedModel create(GenerationSpec o) {
            return GaussianGeneration.create(o);
        }
    },
    /** A moment-matching hard instance hidden along a seeded direction v: moments of degree <= k are those of N(0, I). */
    HARD {
        @Override
        GeneratedModel create(GenerationSpec o) {
            return HardGeneration.create(o);
        }
    },
    /** A random tensor-ring tensor (not a sample set): handled by {@link RingGeneration}. */
    RING {
        @Override
        GeneratedModel create(GenerationSpec o) {
            throw new IllegalStateException("--kind ring writes a tensor, not samples; Generation writes it with RingGeneration");
        }
    },
    /** Homogeneous y_i = xᵀQ_i x (plus c_i ~ N(0,1) with --constant), Gaussian x; d defaults to r(r+1)/2. */
    QUADRATIC {
        @Override
        GeneratedModel create(GenerationSpec o) {
            return quadratic(o, false, "gaussian");
        }
    },
    /** y_i = xᵀQ_i x + b_iᵀx + c_i, Gaussian x; d defaults to r(r+1)/2 + r. */
    AFFINE {
        @Override
        GeneratedModel create(GenerationSpec o) {
            return quadratic(o, true, "gaussian");
        }
    },
    /** Homogeneous model with a rotation-invariant input x = s·u of radial law --radial (E|x|² = r). */
    RADIAL {
        @Override
        GeneratedModel create(GenerationSpec o) {
            String law = o.radial() == null ? DEFAULT_RADIAL : o.radial();
            try {
                RadialLaw parsed = RadialLaw.parse(law);
                if (parsed.isGaussian()) {
                    throw new InvalidInputException("--kind radial needs a non-Gaussian --radial law (chi:<nu> or "
                            + "mix:<v1,v2,...>:<p1,p2,...>); for Gaussian input use --kind quadratic");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--radial: " + e.getMessage());
            }
            return quadratic(o, false, law);
        }
    },
    /** A low-rank two-layer network y = W σ(A x) + c (the random instance of docs/lowrank.md §12.1): --d, --r, --m, --activation. */
    LOWRANK {
        @Override
        GeneratedModel create(GenerationSpec o) {
            int r = o.requireR();
            int d = o.requireD();
            if (o.m() == null || o.m() < 1) {
                throw new InvalidInputException("--kind lowrank needs --m (the number of hidden units, at least 1)");
            }
            ActivationSpec act = ActivationSpec.parse(o.activation(), o.degree());
            double[] sigma = act.sigma() != null ? act.sigma() : new double[act.degree() + 1];
            io.polymoments.model.LowRankTransform t;
            try {
                t = io.polymoments.model.LowRankTransform.random(act.mode(), sigma, r, o.m(), d, o.seed());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--kind lowrank: " + e.getMessage(), e);
            }
            return new GeneratedModel(io.polymoments.datasets.LowRankSampler.of(t), LowRankTruth.toJson(t, o.seed()));
        }
    };

    public static final String DEFAULT_RADIAL = "chi:4";

    private static GeneratedModel quadratic(GenerationSpec o, boolean affine, String law) {
        int r = o.requireR();
        int k = Svec.tri(r);
        int d = o.d() != null ? o.requireD() : affine ? k + r : k;
        if (!(o.rho() >= 0) || Double.isInfinite(o.rho())) {
            throw new InvalidInputException("--rho must be a finite number >= 0, got " + o.rho());
        }
        if (o.constant() && affine) {
            throw new InvalidInputException("--constant only applies to --kind quadratic/radial; affine models always"
                    + " have constants c_i");
        }
        Structure base;
        try {
            base = Structure.parse(o.base());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--base: " + e.getMessage());
        }
        QuadraticTransform model = QuadraticTransform.random(r, d, base, o.rho(), affine, o.seed());
        if (o.constant()) {
            // independent stream, so --constant does not change Q
            SplittableRandom rng = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
            double[] c = new double[d];
            for (int i = 0; i < d; i++) {
                c[i] = rng.nextGaussian();
            }
            model = QuadraticTransform.of(r, d, model.q(), null, c);
        }
        String kind = affine ? "affine" : law.equals("gaussian") ? "quadratic" : "radial";
        return new GeneratedModel(QuadraticSampler.of(model, law),
                QuadraticTruth.toJson(kind, model, law, o.rho(), base.name().toLowerCase(Locale.ROOT), o.seed()));
    }

    abstract GeneratedModel create(GenerationSpec options);

    /** False for kinds that write something other than a sample set (ring: a tensor), which have no {@link #create}. */
    public boolean writesSamples() {
        return this != RING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
