package io.polymoments.learn.quadratic;

import io.polymoments.learn.optim.GaussNewtonFunction;
import io.polymoments.learn.optim.GaussNewtonPolish;
import io.polymoments.learn.optim.IterationListener;
import io.polymoments.learn.optim.Lbfgs;
import io.polymoments.learn.optim.LevenbergMarquardt;
import io.polymoments.learn.optim.OptimizationResult;
import io.polymoments.learn.optim.TrustRegionGaussNewton;

import java.util.ArrayList;
import java.util.List;

/**
 * Local moment matching in whitened coordinates (docs/quadratic.md §7): minimises the {@link MomentMatchingObjective}
 * from a start Z (e.g. the spectral estimate) in stages with increasing covariance weight. Default schedule
 * (1,1,1) then (1,1000,1): the first stage has a benign landscape and rescues poor starts, the second enforces the
 * covariance, which is the statistically better fit (docs/quadratic.md §14.4, §14.12). Affine model: bordered Z, corner
 * frozen, w1 = 0.
 *
 * <p>Solver: matrix-free Gauss–Newton with a trust region by default ({@link TrustRegionGaussNewton} on the
 * products of {@link MomentMatchingObjective#gaussNewtonMatrix}): from a spectral start a stage takes a handful of
 * iterations, each one value-and-gradient and a few cheap products, at any size. L-BFGS (memory 30, the stopping rule
 * of docs/quadratic.md §7; the last stage then polished by Gauss–Newton) serves random starts, whose landscape it was
 * tuned on ({@link MultiStartRefinement}); Levenberg–Marquardt on the dense Gauss–Newton normal equations (assembled
 * from their structure, see {@link MomentMatchingObjective#normalEquationsForm}) is available up to 2500 parameters
 * (r ≤ 8 homogeneous). Configuration is immutable; the {@code withX} methods return modified copies.
 */
public final class QuadraticRefinement {

    /**
     * The last L-BFGS stage ends with a {@link GaussNewtonPolish} up to this many parameters (r ≤ 7 homogeneous): it
     * makes the fit reproducible to ~1e-12 instead of √ε ≈ 1e-8, for a few dense normal-equation solves of this size.
     */
    static final int POLISH_MAX_PARAMETERS = 800;

    /** Which optimiser runs each stage. */
    public enum Solver {
        /** Matrix-free Gauss–Newton with a trust region (the default). */
        GAUSS_NEWTON,
        /** L-BFGS with a strong-Wolfe line search (and a dense Gauss–Newton polish up to 800 parameters). */
        LBFGS,
        /** Levenberg–Marquardt on dense normal equations, up to 2500 parameters. */
        LEVENBERG_MARQUARDT
    }

    private final List<MomentWeights> schedule;
    private final Solver solver;
    private final TrustRegionGaussNewton gaussNewton;
    private final Lbfgs lbfgs;
    private final LevenbergMarquardt levenbergMarquardt;
    private final boolean residualTrace;

    /**
     * The recommended two-stage schedule with matrix-free Gauss–Newton (tol 1e-16, gtol 1e-12, nIterMax 5000; L-BFGS,
     * when chosen, with memory 30 and the same limits).
     */
    public QuadraticRefinement() {
        this(List.of(MomentWeights.UNIFORM, MomentWeights.COVARIANCE_ENFORCED), Solver.GAUSS_NEWTON,
                new TrustRegionGaussNewton(), new Lbfgs(), new LevenbergMarquardt(), false);
    }

    private QuadraticRefinement(List<MomentWeights> schedule, Solver solver, TrustRegionGaussNewton gaussNewton,
                                Lbfgs lbfgs, LevenbergMarquardt lm, boolean residualTrace) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the weight schedule needs at least one stage");
        }
        this.schedule = List.copyOf(schedule);
        this.solver = solver;
        this.gaussNewton = gaussNewton;
        this.lbfgs = lbfgs;
        this.levenbergMarquardt = lm;
        this.residualTrace = residualTrace;
    }

    /** Replace the stage weights, e.g. {@code List.of(COVARIANCE_ENFORCED)} for a single stage. */
    public QuadraticRefinement withSchedule(List<MomentWeights> stages) {
        return new QuadraticRefinement(stages, solver, gaussNewton, lbfgs, levenbergMarquardt, residualTrace);
    }

    public QuadraticRefinement withSolver(Solver s) {
        return new QuadraticRefinement(schedule, s, gaussNewton, lbfgs, levenbergMarquardt, residualTrace);
    }

    public QuadraticRefinement withLbfgs(Lbfgs l) {
        return new QuadraticRefinement(schedule, solver, gaussNewton, l, levenbergMarquardt, residualTrace);
    }

    public QuadraticRefinement withGaussNewton(TrustRegionGaussNewton g) {
        return new QuadraticRefinement(schedule, solver, g, lbfgs, levenbergMarquardt, residualTrace);
    }

    /**
     * Iteration limit per stage and relative-decrease tolerance for the Gauss–Newton and L-BFGS solvers alike (the
     * learner's maxIter and tol settings).
     */
    public QuadraticRefinement withLimits(int maxIter, double tol) {
        return new QuadraticRefinement(schedule, solver, gaussNewton.withNIterMax(maxIter).withTol(tol),
                lbfgs.withNIterMax(maxIter).withTol(tol), levenbergMarquardt, residualTrace);
    }

    public QuadraticRefinement withLevenbergMarquardt(LevenbergMarquardt l) {
        return new QuadraticRefinement(schedule, solver, gaussNewton, lbfgs, l, residualTrace);
    }

    /**
     * Record the three residual norms (mean, covariance, third moment) after every iteration in
     * {@link RefinementStage#trace()}, e.g. for plotting: free with Gauss–Newton and L-BFGS, which report a point right
     * after evaluating it; one extra evaluation per iteration with Levenberg–Marquardt.
     */
    public QuadraticRefinement withResidualTrace(boolean on) {
        return new QuadraticRefinement(schedule, solver, gaussNewton, lbfgs, levenbergMarquardt, on);
    }

    public List<MomentWeights> schedule() {
        return schedule;
    }

    /**
     * Homogeneous model.
     *
     * @param nu     whitened mean W^T ȳ (length m)
     * @param tTilde whitened third moment (m×m×m, entry (a,b,c) at a + m·b + m²·c)
     * @param zStart start frame, svec rows m×tri(r)
     */
    public RefinementResult refineHomogeneous(double[] nu, double[] tTilde, double[] zStart, int m, int r) {
        return refine(MomentMatchingObjective.homogeneous(nu, tTilde, m, r, schedule.get(0)), zStart);
    }

    /**
     * Affine model with r latent variables: zBorderedStart are svec rows of the bordered matrices in Sym(r+1)
     * (build them with {@link BorderedFrames#bordered}); their corner entries are ignored (frozen at 0).
     */
    public RefinementResult refineAffine(double[] tTilde, double[] zBorderedStart, int m, int r) {
        return refine(MomentMatchingObjective.affine(tTilde, m, r, schedule.get(0)), zBorderedStart);
    }

    /** Runs the schedule on the given objective (its own weights are replaced stage by stage). */
    public RefinementResult refine(MomentMatchingObjective objective, double[] zStart) {
        double[] theta = objective.pack(zStart);
        for (double v : theta) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the start frame contains NaN or infinite entries");
            }
        }
        List<RefinementStage> stages = new ArrayList<>(schedule.size());
        for (int stage = 0; stage < schedule.size(); stage++) {
            MomentMatchingObjective f = objective.withWeights(schedule.get(stage));
            Recorded recorded = new Recorded(f);
            MomentResiduals before = f.residuals(f.unpack(theta));
            List<MomentResiduals> trace = new ArrayList<>();
            IterationListener listener = residualTrace ? (it, x, v) -> trace.add(recorded.residualsAt(x)) : null;
            OptimizationResult opt = switch (solver) {
                case GAUSS_NEWTON -> gaussNewton.minimize(recorded, theta, listener);
                case LBFGS -> lbfgs.minimize(recorded, theta, listener);
                case LEVENBERG_MARQUARDT -> levenbergMarquardt.minimize(f.normalEquationsForm(), theta, listener);
            };
            theta = opt.x();
            if (solver == Solver.LBFGS && stage == schedule.size() - 1 && f.parameterCount() <= POLISH_MAX_PARAMETERS) {
                theta = GaussNewtonPolish.polish(f.normalEquationsForm(), theta);
            }
            MomentResiduals after = recorded.residualsAt(theta);
            stages.add(new RefinementStage(f.weights(), before, after, opt, trace));
        }
        return new RefinementResult(objective.unpack(theta), objective.m(), objective.matrixSize(),
                objective.isAffine(), stages);
    }

    /**
     * A stage's objective that keeps the residual norms of its last evaluation: the solvers report an accepted point
     * right after evaluating it, so the trace costs no second evaluation (a third of the refinement's time at r = 20
     * when it did).
     */
    private static final class Recorded implements GaussNewtonFunction {
        private final MomentMatchingObjective f;
        private double[] lastX;
        private MomentResiduals last;

        Recorded(MomentMatchingObjective f) {
            this.f = f;
        }

        @Override
        public int parameterCount() {
            return f.parameterCount();
        }

        @Override
        public double valueAndGradient(double[] x, double[] gradient) {
            last = f.evaluate(x, gradient);
            lastX = x;
            return last.value();
        }

        @Override
        public Operator gaussNewtonMatrix(double[] x) {
            return f.gaussNewtonMatrix(x);
        }

        /** The residuals at x: remembered when x is the point evaluated last (the solvers do not modify it). */
        MomentResiduals residualsAt(double[] x) {
            return x == lastX ? last : f.residuals(f.unpack(x));
        }
    }
}
