package io.polymoments.learn.quadratic;

import io.polymoments.InvalidInputException;
import java.util.List;

/**
 * No number of latent variables explains the covariance: no gap in its spectrum and, with a noise model, no rank whose
 * trailing eigenvalues are noise. Bad input when the caller insists on a fit; a does-not-fit verdict for the job
 * that can still fit a provisional model and check its moments.
 */
public final class UndecidedRankException extends InvalidInputException {
    private final transient List<NoisyRankSearch.Candidate> candidates;

    public UndecidedRankException(String message, Throwable cause, List<NoisyRankSearch.Candidate> candidates) {
        super(message, cause);
        this.candidates = List.copyOf(candidates);
    }

    /** The ranks tried against a noise tail (empty when no noise model was allowed). */
    public List<NoisyRankSearch.Candidate> candidates() {
        return candidates;
    }
}
